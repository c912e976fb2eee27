import { join } from 'node:path';
import { walkFiles } from '../../fs/walk';
import { captureCommand, type AgentHookChange, type AgentPlugin, type AgentSession } from '../agent';
import { firstJsonlValue, ownHookFile, readSession, within } from '../files';
import { copilot } from './adapter';
import { copilotInto } from './write';

/** ~/.copilot/session-state/<id>/events.jsonl whose session.start ran inside the worktree. */
async function sessions(home: string, root: string): Promise<AgentSession[]> {
  const out: AgentSession[] = [];
  for (const f of walkFiles(join(home, '.copilot', 'session-state'), { accept: (n) => n === 'events.jsonl', depth: 1 })) {
    const cwd = firstJsonlValue(f, (r) => (r.type === 'session.start' && r.data && typeof r.data === 'object' ? ((r.data as Record<string, unknown>).context as Record<string, unknown> | undefined)?.cwd : undefined));
    if (cwd && within(root, cwd)) out.push(readSession(f, cwd));
  }
  return out;
}

/**
 * `.github/hooks/git-kiro.json`, a file of ours: an `agentStop` hook. Copilot CLI runs a
 * project's hooks only in a folder the user trusted (its first-run question, or
 * `trusted_folders` in ~/.copilot/config.json): that stays the user's decision.
 */
function hook(root: string, { uninstall }: { uninstall: boolean }): AgentHookChange {
  const snippet = `${JSON.stringify({ version: 1, hooks: { agentStop: [{ type: 'command', bash: captureCommand('copilot'), timeoutSec: 30 }] } }, null, 2)}\n`;
  return ownHookFile({ agent: 'copilot', file: join(root, '.github', 'hooks', 'git-kiro.json'), snippet, uninstall });
}

export const copilotAgent: AgentPlugin = {
  name: 'copilot',
  label: 'Copilot CLI',
  formats: [copilot],
  sessions,
  whereSessions: (home) => join(home, '.copilot', 'session-state'),
  hook,
  into: copilotInto,
  // create and edit/str_replace name their file as path.
  filesWritten: (call) => {
    if (!/^(create|edit|str_replace|insert|write)$/.test(call.name)) return [];
    const a = (call.args ?? {}) as Record<string, unknown>;
    return typeof a.path === 'string' ? [a.path] : [];
  },
};
