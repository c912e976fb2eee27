import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve } from 'node:path';
import { UsageError } from '../errors';
import type { InputFile } from '../formats/adapter';

export const AGENTS = ['kiro', 'claude-code', 'codex', 'gemini'] as const;
export type Agent = (typeof AGENTS)[number];

/** A session an agent left on this machine, with the directory it ran in. */
export interface AgentSession extends InputFile {
  cwd: string;
  /** When it last changed, to find the newest (capture). */
  mtimeMs: number;
}

const within = (root: string, dir: string) => {
  const rel = relative(root, dir);
  return !rel.startsWith('..') && !isAbsolute(rel);
};

/** Claude Code's folder name for a directory: every non-alphanumeric character as '-'. */
export const claudeProjectName = (dir: string) => dir.replace(/[^a-zA-Z0-9]/g, '-');

/**
 * Every session `agent` stored on this machine for directories inside `root` (the
 * worktree), including subdirectories, each with the directory it ran in:
 * - claude-code: ~/.claude/projects/<escaped dir>/*.jsonl (the dir checked against the records' cwd);
 * - codex: ~/.codex/sessions/**\/rollout-*.jsonl whose session_meta cwd is inside;
 * - kiro: the SQLite table conversations_v2 (Kiro 1.x) and ~/.kiro/sessions/cli (2.x);
 * - gemini: ~/.gemini/tmp/<sha256 of the dir>/chats and checkpoints (and folders
 *   with a .project_root file, as newer versions name them).
 */
export async function findAgentSessions(agent: Agent, home: string, root: string): Promise<AgentSession[]> {
  const rootAbs = resolve(root);
  if (agent === 'claude-code') return claude(home, rootAbs);
  if (agent === 'codex') return codexSessions(home, rootAbs);
  if (agent === 'kiro') return [...(await kiroSqlite(home, rootAbs)), ...kiroV2(home, rootAbs)];
  if (agent === 'gemini') return geminiSessions(home, rootAbs);
  throw new UsageError(`unknown agent "${agent}"`, { hint: `one of: ${AGENTS.join(', ')}` });
}

function files(dir: string, test: (name: string) => boolean, depth = 4): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names.sort()) {
    const p = join(dir, n);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory() && depth > 0) out.push(...files(p, test, depth - 1));
    else if (st.isFile() && test(n)) out.push(p);
  }
  return out;
}

function read(path: string, cwd: string, companion?: Buffer): AgentSession {
  return { name: path, bytes: readFileSync(path), cwd, mtimeMs: statSync(path).mtimeMs, ...(companion ? { companion } : {}) };
}

/** The first `cwd` field in the first lines of a JSONL file. */
function firstCwd(path: string, key: (rec: Record<string, unknown>) => unknown): string | undefined {
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

function claude(home: string, root: string): AgentSession[] {
  const base = join(home, '.claude', 'projects');
  const prefix = claudeProjectName(root);
  let dirs: string[] = [];
  try {
    dirs = readdirSync(base).filter((d) => d === prefix || d.startsWith(`${prefix}-`));
  } catch {
    return [];
  }
  const out: AgentSession[] = [];
  for (const d of dirs) {
    for (const f of files(join(base, d), (n) => n.endsWith('.jsonl'), 0)) {
      // Escaping is lossy (/a/b-c and /a/b/c look alike): the records say where it ran.
      const cwd = firstCwd(f, (r) => r.cwd);
      if (cwd && within(root, cwd)) out.push(read(f, cwd));
    }
  }
  return out;
}

function codexSessions(home: string, root: string): AgentSession[] {
  return files(join(home, '.codex', 'sessions'), (n) => n.startsWith('rollout-') && n.endsWith('.jsonl'))
    .map((f) => ({ f, cwd: firstCwd(f, (r) => (r.type === 'session_meta' && r.payload && typeof r.payload === 'object' ? (r.payload as Record<string, unknown>).cwd : undefined)) }))
    .filter((x): x is { f: string; cwd: string } => !!x.cwd && within(root, x.cwd))
    .map((x) => read(x.f, x.cwd));
}

/** Kiro 1.x: `data_local_dir()/kiro-cli/data.sqlite3` (Linux and macOS locations). */
export function kiroDatabases(home: string): string[] {
  return [join(home, '.local', 'share', 'kiro-cli', 'data.sqlite3'), join(home, 'Library', 'Application Support', 'kiro-cli', 'data.sqlite3')].filter(existsSync);
}

async function kiroSqlite(home: string, root: string): Promise<AgentSession[]> {
  const out: AgentSession[] = [];
  for (const db of kiroDatabases(home)) {
    // sql.js: SQLite compiled to WebAssembly. No native build to fail on install, and
    // loaded only here (18 ms), so the rest of the tool and its cache stay SQLite-free.
    const initSqlJs = require('sql.js') as typeof import('sql.js');
    const SQL = await initSqlJs();
    const conn = new SQL.Database(readFileSync(db));
    try {
      const res = conn.exec('SELECT key, conversation_id, value, updated_at FROM conversations_v2');
      for (const [key, id, value, updated] of res[0]?.values ?? []) {
        if (typeof key !== 'string' || typeof value !== 'string' || !within(root, key)) continue;
        out.push({ name: `${db}#${String(id)}`, bytes: Buffer.from(value), cwd: key, mtimeMs: Number(updated) || 0 });
      }
    } finally {
      conn.close();
    }
  }
  return out;
}

function kiroV2(home: string, root: string): AgentSession[] {
  const dir = join(home, '.kiro', 'sessions', 'cli');
  return files(dir, (n) => n.endsWith('.json'), 0).flatMap((f) => {
    try {
      const meta = JSON.parse(readFileSync(f, 'utf8')) as { cwd?: unknown };
      const log = f.replace(/\.json$/, '.jsonl');
      if (typeof meta.cwd !== 'string' || !within(root, meta.cwd)) return [];
      return [read(f, meta.cwd, existsSync(log) ? readFileSync(log) : undefined)];
    } catch {
      return [];
    }
  });
}

function geminiSessions(home: string, root: string): AgentSession[] {
  const base = join(home, '.gemini', 'tmp');
  let projects: string[];
  try {
    projects = readdirSync(base);
  } catch {
    return [];
  }
  // Gemini names a project's folder by the sha256 of its directory: hash the worktree's directories.
  const byHash = new Map<string, string>();
  for (const d of directories(root)) byHash.set(createHash('sha256').update(d).digest('hex'), d);
  const out: AgentSession[] = [];
  for (const p of projects) {
    const folder = join(base, p);
    let dir = byHash.get(p);
    const marker = join(folder, '.project_root');
    if (!dir && existsSync(marker)) {
      const named = readFileSync(marker, 'utf8').trim();
      if (within(root, named)) dir = named;
    }
    if (!dir) continue;
    for (const f of files(join(folder, 'chats'), (n) => n.startsWith('session-') && /\.jsonl?$/.test(n), 0)) out.push(read(f, dir));
    for (const f of files(folder, (n) => n.startsWith('checkpoint-') && n.endsWith('.json'), 0)) out.push(read(f, dir));
  }
  return out;
}

/** The worktree and its subdirectories (dot-folders and node_modules skipped), bounded. */
function directories(root: string, limit = 20000): string[] {
  const out = [root];
  for (let i = 0; i < out.length && out.length < limit; i++) {
    let names: string[] = [];
    try {
      names = readdirSync(out[i]);
    } catch {
      continue;
    }
    for (const n of names) {
      if (n.startsWith('.') || n === 'node_modules') continue;
      const p = join(out[i], n);
      try {
        if (statSync(p).isDirectory()) out.push(p);
      } catch {
        /* vanished */
      }
    }
  }
  return out;
}
