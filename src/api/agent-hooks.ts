import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { writeAtomic } from '../cache/session-cache';
import { ConflictError, InvalidInputError } from '../errors';
import type { Agent } from './agent-sources';

export type HookAgent = Exclude<Agent, 'gemini'>;

export interface AgentHookChange {
  agent: HookAgent;
  file: string;
  action: 'added' | 'already there' | 'removed' | 'not there';
  /** Exactly what was added or removed. */
  snippet: string;
}

const command = (agent: HookAgent) => `git kiro capture --from ${agent}`;

/**
 * Writes (or with `uninstall`, removes) the hook that runs `git kiro capture` after
 * each turn of an agent, touching nothing else in its configuration:
 * - claude-code: a Stop hook in the project's .claude/settings.local.json (personal, not committed);
 * - kiro: its own hook file, .kiro/hooks/git-kiro.json (Kiro CLI's standalone hook format);
 * - codex: `notify` in ~/.codex/config.toml (Codex has no project-local hooks); an
 *   existing notify of the user's is never replaced.
 */
export function agentHook(agent: HookAgent, root: string, opts: { uninstall?: boolean; home?: string } = {}): AgentHookChange {
  if (agent === 'claude-code') return claude(root, !!opts.uninstall);
  if (agent === 'kiro') return kiro(root, !!opts.uninstall);
  return codex(opts.home ?? homedir(), !!opts.uninstall);
}

function readJson(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    /* fall through */
  }
  throw new InvalidInputError('is not a JSON object; not touching it', { file });
}

function writeFile(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeAtomic(file, text);
}

function claude(root: string, uninstall: boolean): AgentHookChange {
  const file = join(root, '.claude', 'settings.local.json');
  const entry = { hooks: [{ type: 'command', command: command('claude-code') }] };
  const snippet = JSON.stringify({ hooks: { Stop: [entry] } }, null, 2);
  const settings = readJson(file);
  const hooks = (settings.hooks ?? {}) as Record<string, unknown[]>;
  const stop = Array.isArray(hooks.Stop) ? hooks.Stop : [];
  const ours = (e: unknown) => JSON.stringify(e).includes(command('claude-code'));
  if (uninstall) {
    if (!stop.some(ours)) return { agent: 'claude-code', file, action: 'not there', snippet };
    const rest = stop.filter((e) => !ours(e));
    if (rest.length) hooks.Stop = rest;
    else delete hooks.Stop;
    if (Object.keys(hooks).length) settings.hooks = hooks;
    else delete settings.hooks;
    if (Object.keys(settings).length) writeFile(file, `${JSON.stringify(settings, null, 2)}\n`);
    else rmSync(file);
    return { agent: 'claude-code', file, action: 'removed', snippet };
  }
  if (stop.some(ours)) return { agent: 'claude-code', file, action: 'already there', snippet };
  settings.hooks = { ...hooks, Stop: [...stop, entry] };
  writeFile(file, `${JSON.stringify(settings, null, 2)}\n`);
  return { agent: 'claude-code', file, action: 'added', snippet };
}

function kiro(root: string, uninstall: boolean): AgentHookChange {
  const file = join(root, '.kiro', 'hooks', 'git-kiro.json');
  const snippet = `${JSON.stringify(
    { version: 'v1', hooks: [{ name: 'git-kiro-capture', trigger: 'Stop', action: { type: 'command', command: command('kiro') }, timeout: 30, enabled: true }] },
    null,
    2,
  )}\n`;
  if (uninstall) {
    if (!existsSync(file)) return { agent: 'kiro', file, action: 'not there', snippet };
    rmSync(file);
    return { agent: 'kiro', file, action: 'removed', snippet };
  }
  if (existsSync(file) && readFileSync(file, 'utf8') === snippet) return { agent: 'kiro', file, action: 'already there', snippet };
  writeFile(file, snippet);
  return { agent: 'kiro', file, action: 'added', snippet };
}

const CODEX_MARK = '# added by git-kiro: git kiro hooks install --agent codex';

function codex(home: string, uninstall: boolean): AgentHookChange {
  const file = join(home, '.codex', 'config.toml');
  const snippet = `${CODEX_MARK}\nnotify = ["git", "kiro", "capture", "--from", "codex"]\n`;
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '';
  if (uninstall) {
    if (!text.includes(snippet)) return { agent: 'codex', file, action: 'not there', snippet };
    // Install put a blank line between ours and the user's: take that too.
    const rest = text.includes(`${snippet}\n`) ? text.replace(`${snippet}\n`, '') : text.replace(snippet, '');
    if (rest.trim()) writeFile(file, rest);
    else rmSync(file);
    return { agent: 'codex', file, action: 'removed', snippet };
  }
  if (text.includes(snippet)) return { agent: 'codex', file, action: 'already there', snippet };
  if (/^\s*notify\s*=/m.test(text)) {
    throw new ConflictError(`${file} already sets notify; Codex runs only one notify program`, { hint: 'add `git kiro capture --from codex` to the program it runs' });
  }
  // Top-level keys must come before any [table] in TOML: put ours first.
  writeFile(file, `${snippet}${text ? `\n${text}` : ''}`);
  return { agent: 'codex', file, action: 'added', snippet };
}
