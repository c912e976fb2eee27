import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { AgentHookChange, AgentPlugin, AgentSession } from '../agent';
import { firstJsonlValue, readSession, settingsHook, within } from '../files';
import { walkFiles } from '../../fs/walk';
import { claudeCode } from './adapter';

import { claudeProjectName } from './project-name';
import { claudeInto } from './write';

export { claudeProjectName };

/** ~/.claude/projects/<escaped dir>/*.jsonl, the dir checked against the records' cwd. */
async function sessions(home: string, root: string): Promise<AgentSession[]> {
  const base = join(home, '.claude', 'projects');
  const prefix = claudeProjectName(root);
  let dirs: string[] = [];
  try {
    dirs = readdirSync(base).filter((d) => d === prefix || d.startsWith(`${prefix}-`));
  } catch {
    return [];
  }
  const out: AgentSession[] = [];
  for (const d of dirs.sort()) {
    for (const f of walkFiles(join(base, d), { accept: (n) => n.endsWith('.jsonl'), depth: 0 })) {
      // Escaping is lossy (/a/b-c and /a/b/c look alike): the records say where it ran.
      const cwd = firstJsonlValue(f, (r) => r.cwd);
      if (cwd && within(root, cwd)) out.push(readSession(f, cwd));
    }
  }
  return out;
}

/** A Stop hook in the project's .claude/settings.local.json (personal, not committed). */
const hook = (root: string, { uninstall }: { uninstall: boolean }): AgentHookChange => settingsHook({ agent: 'claude-code', file: join(root, '.claude', 'settings.local.json'), event: 'Stop', uninstall });

export const claudeCodeAgent: AgentPlugin = {
  name: 'claude-code',
  label: 'Claude Code',
  formats: [claudeCode],
  sessions,
  whereSessions: (home, cwd) => join(home, '.claude', 'projects', claudeProjectName(cwd)),
  hook,
  into: claudeInto,
  // Write, Edit, MultiEdit and NotebookEdit name the file they change.
  filesWritten: (call) => {
    if (!/^(Write|Edit|MultiEdit|NotebookEdit)$/.test(call.name)) return [];
    const a = (call.args ?? {}) as Record<string, unknown>;
    return [a.file_path, a.notebook_path].filter((p): p is string => typeof p === 'string');
  },
};
