import { join } from 'node:path';
import type { AgentPlugin, AgentSession } from '../agent';
import { escapedDirName, escapedDirSessions, settingsHook } from '../files';
import { qwen } from './adapter';
import { qwenInto } from './write';

/** ~/.qwen/projects/<escaped dir>/chats/*.jsonl, the dir checked against the records' cwd. */
const sessions = async (home: string, root: string): Promise<AgentSession[]> => escapedDirSessions(join(home, '.qwen', 'projects'), root, 'chats');

export const qwenAgent: AgentPlugin = {
  name: 'qwen',
  label: 'Qwen Code',
  formats: [qwen],
  sessions,
  whereSessions: (home, cwd) => join(home, '.qwen', 'projects', escapedDirName(cwd), 'chats'),
  // Qwen Code reads Claude Code's hook shape from the project's .qwen/settings.json.
  hook: (root, { uninstall }) => settingsHook({ agent: 'qwen', file: join(root, '.qwen', 'settings.json'), event: 'Stop', uninstall }),
  into: qwenInto,
  // write_file and replace/edit name their file as file_path (Gemini CLI's tools).
  filesWritten: (call) => {
    if (!/^(write_file|replace|edit)$/.test(call.name)) return [];
    const a = (call.args ?? {}) as Record<string, unknown>;
    return typeof a.file_path === 'string' ? [a.file_path] : [];
  },
};
