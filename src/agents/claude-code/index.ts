import { join } from 'node:path';
import type { AgentHookChange, AgentPlugin, AgentSession } from '../agent';
import { escapedDirSessions, settingsHook } from '../files';
import { claudeCode } from './adapter';

import { claudeProjectName } from './project-name';
import { claudeInto } from './write';

export { claudeProjectName };

/** ~/.claude/projects/<escaped dir>/*.jsonl, the dir checked against the records' cwd. */
const sessions = async (home: string, root: string): Promise<AgentSession[]> => escapedDirSessions(join(home, '.claude', 'projects'), root);

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
