import { existsSync, mkdirSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative } from 'node:path';
import { walkFiles } from '../fs/walk';
import { ConflictError, InvalidInputError } from '../errors';
import { writeAtomic } from '../fs/write-atomic';
import { captureCommand, type AgentHookChange, type AgentSession } from './agent';

/** Whether `dir` is `root` or inside it. */
export const within = (root: string, dir: string) => {
  const rel = relative(root, dir);
  return !rel.startsWith('..') && !isAbsolute(rel);
};

/** An agent's session file as read for import. */
export function readSession(path: string, cwd: string, companion?: Buffer): AgentSession {
  return { name: path, bytes: readFileSync(path), cwd, mtimeMs: statSync(path).mtimeMs, ...(companion ? { companion } : {}) };
}

/** The first value `key` finds in the first lines of a JSONL file (the directory it ran in). */
export function firstJsonlValue(path: string, key: (rec: Record<string, unknown>) => unknown): string | undefined {
  const head = readFileSync(path).toString('utf8', 0, 65536).split('\n').slice(0, 50);
  for (const line of head) {
    try {
      const v = key(JSON.parse(line));
      if (typeof v === 'string' && v) return v;
    } catch {
      /* a partial last line */
    }
  }
  return undefined;
}

/** An agent's JSON settings file as an object ({} when absent); anything else is refused, untouched. */
export function readJsonObject(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    /* fall through */
  }
  throw new InvalidInputError('is not a JSON object; not touching it', { file });
}

/**
 * Removes a configuration file of ours, and the folders it leaves empty (two levels:
 * `.kiro/hooks/`, `.opencode/plugins/`), so uninstall leaves the tree as it was.
 */
export function removeConfigFile(file: string): void {
  rmSync(file, { force: true });
  for (let dir = dirname(file), i = 0; i < 2; i++, dir = dirname(dir)) {
    try {
      rmdirSync(dir);
    } catch {
      return; // not empty: someone else's files are there
    }
  }
}

/**
 * A hook that is a whole file of ours (Kiro 3.x's hook file, the opencode/Kilo
 * plug-in, Copilot's hooks file): written as `snippet`, removed whole. A file there
 * that does not run our capture is someone else's: never replaced or removed.
 */
export function ownHookFile({ agent, file, snippet, uninstall }: { agent: string; file: string; snippet: string; uninstall: boolean }): AgentHookChange {
  const change = (action: AgentHookChange['action']) => ({ agent, file, action, snippet });
  const there = existsSync(file) ? readFileSync(file, 'utf8') : undefined;
  const theirs = there !== undefined && !there.includes(captureCommand(agent));
  if (uninstall) {
    if (there === undefined) return change('not there');
    if (theirs) throw new ConflictError(`${file} is not git-kiro's hook; not removing it`);
    removeConfigFile(file);
    return change('removed');
  }
  if (there === snippet) return change('already there');
  if (theirs) throw new ConflictError(`${file} exists and is not git-kiro's hook; not replacing it`);
  writeConfigFile(file, snippet);
  return change('added');
}

/** The folder name Claude Code and Qwen Code give a directory: every non-alphanumeric character as '-'. */
export const escapedDirName = (dir: string) => dir.replace(/[^a-zA-Z0-9]/g, '-');

/** Writes an agent's configuration file atomically, creating its folder. */
export function writeConfigFile(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeAtomic(file, text);
}

/**
 * An after-turn hook in an agent's JSON settings, in the shape Claude Code made common
 * (Gemini CLI and Qwen Code read it too): `{"hooks": {EVENT: [{"hooks": [{"type":
 * "command", "command": …}]}]}}`, or another `entry` under EVENT (Kiro 2.x: `{command}`). The user's other settings and hooks stay as they were;
 * uninstall removes exactly our entry, and the file when nothing else is left in it.
 */
export function settingsHook({ agent, file, event, uninstall, entry }: { agent: string; file: string; event: string; uninstall: boolean; entry?: object }): AgentHookChange {
  const command = captureCommand(agent);
  entry ??= { hooks: [{ type: 'command', command }] };
  const snippet = JSON.stringify({ hooks: { [event]: [entry] } }, null, 2);
  const settings = readJsonObject(file);
  const write = (v: unknown) => writeConfigFile(file, jsonLike(existsSync(file) ? readFileSync(file, 'utf8') : undefined, v));
  const hooks = (settings.hooks ?? {}) as Record<string, unknown[]>;
  const list = Array.isArray(hooks[event]) ? hooks[event] : [];
  const ours = (e: unknown) => JSON.stringify(e).includes(command);
  const change = (action: AgentHookChange['action']) => ({ agent, file, action, snippet });
  if (uninstall) {
    if (!list.some(ours)) return change('not there');
    const rest = list.filter((e) => !ours(e));
    if (rest.length) hooks[event] = rest;
    else delete hooks[event];
    if (Object.keys(hooks).length) settings.hooks = hooks;
    else delete settings.hooks;
    if (Object.keys(settings).length) write(settings);
    else removeConfigFile(file);
    return change('removed');
  }
  if (list.some(ours)) return change('already there');
  settings.hooks = { ...hooks, [event]: [...list, entry] };
  write(settings);
  return change('added');
}

/**
 * `value` as JSON written the way `before` was (its indent, its final newline), so
 * that install then uninstall gives the user's file back byte for byte.
 */
function jsonLike(before: string | undefined, value: unknown): string {
  const indent = before ? (/\n([ \t]+)\S/.exec(before)?.[1] ?? (before.trim().includes('\n') ? 2 : 0)) : 2;
  const newline = before === undefined || before.endsWith('\n') ? '\n' : '';
  return `${JSON.stringify(value, null, indent || undefined)}${newline}`;
}

/**
 * The sessions an agent keeps per directory under `base`, in folders named by the
 * directory with every non-alphanumeric character as '-' (Claude Code, Qwen Code):
 * the folders of `root` and of its subdirectories, `sub` inside each. Escaping is
 * lossy (/a/b-c and /a/b/c look alike): the records' own cwd says where each ran.
 */
export function escapedDirSessions(base: string, root: string, sub = ''): AgentSession[] {
  const prefix = escapedDirName(root);
  let dirs: string[];
  try {
    dirs = readdirSync(base).filter((d) => d === prefix || d.startsWith(`${prefix}-`));
  } catch {
    return [];
  }
  const out: AgentSession[] = [];
  for (const d of dirs.sort()) {
    for (const f of walkFiles(join(base, d, sub), { accept: (n) => n.endsWith('.jsonl'), depth: 0 })) {
      const cwd = firstJsonlValue(f, (r) => r.cwd);
      if (cwd && within(root, cwd)) out.push(readSession(f, cwd));
    }
  }
  return out;
}

/**
 * A JSONL log with some records changed: `edit` returns the new record, or undefined
 * to keep the line as it was (byte for byte). Lines that are not JSON stay too.
 * Returns the same Buffer when nothing changed.
 */
export function editJsonl(bytes: Buffer, edit: (r: Record<string, unknown>) => Record<string, unknown> | undefined): Buffer {
  const text = bytes.toString('utf8');
  let changed = false;
  const out = text.split('\n').map((line) => {
    let r: unknown;
    try {
      r = JSON.parse(line);
    } catch {
      return line;
    }
    const next = r && typeof r === 'object' && !Array.isArray(r) ? edit(r as Record<string, unknown>) : undefined;
    if (!next) return line;
    changed = true;
    return JSON.stringify(next);
  });
  return changed ? Buffer.from(out.join('\n')) : bytes;
}

/**
 * The first of `values` that is a time, as ISO 8601 (UTC), else the epoch. Times from
 * a stored session are a stranger's input; re-formatting them makes them safe to put
 * in a file name (a "timestamp" of "../../x" is no time at all).
 */
export function isoTime(...values: unknown[]): string {
  for (const v of values) {
    const t = typeof v === 'string' ? Date.parse(v) : NaN;
    if (!Number.isNaN(t)) return new Date(t).toISOString();
  }
  return new Date(0).toISOString();
}
