import { execFileSync } from 'node:child_process';
import { join } from 'node:path';
import type { AgentHookChange, AgentPlugin, AgentSession } from '../agent';
import { ownHookFile, within } from '../files';
import { openCodeFormat } from './adapter';
import { pluginSource } from './plugin';
import { openCodeInto } from './write';

/**
 * opencode and Kilo CLI (a fork of it): one plug-in, two names. They keep sessions in
 * SQLite (`~/.local/share/<name>/<name>.db`); git-kiro reads them through the agent's
 * own interfaces (the plug-in's client, `session list` and `export`), never the
 * database file, whose schema is theirs to change.
 */
function openCodeAgent(name: 'opencode' | 'kilo', label: string, folder: string): AgentPlugin {
  const format = openCodeFormat(name, label);

  /** `.opencode/plugins/git-kiro.js`: a file of ours, so uninstall deletes it. */
  const hook = (root: string, { uninstall }: { uninstall: boolean }): AgentHookChange => ownHookFile({ agent: name, file: join(root, folder, 'plugins', 'git-kiro.js'), snippet: pluginSource(name), uninstall });

  /**
   * The sessions of directories inside `root`, through the agent's own command
   * (`session list`, then `export` each): only where the program is installed.
   */
  async function sessions(home: string, root: string): Promise<AgentSession[]> {
    const env = { ...process.env, HOME: home };
    const run = (args: string[]) => execFileSync(name, args, { cwd: root, env, stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 256 * 1024 * 1024 });
    let list: { id: string; directory?: string; updated?: number; time?: { updated?: number } }[];
    try {
      list = JSON.parse(run(['session', 'list', '--format', 'json']).toString('utf8'));
    } catch {
      return [];
    }
    const out: AgentSession[] = [];
    for (const s of Array.isArray(list) ? list : []) {
      if (!s?.id || !s.directory || !within(root, s.directory)) continue;
      try {
        out.push({ name: `${name}:${s.id}`, bytes: run(['export', s.id]), cwd: s.directory, mtimeMs: s.updated ?? s.time?.updated ?? 0 });
      } catch (e) {
        out.push({ name: `${name}:${s.id}`, bytes: Buffer.alloc(0), cwd: s.directory, mtimeMs: 0, error: e as Error });
      }
    }
    return out;
  }

  return {
    name,
    label,
    formats: [format],
    sessions,
    whereSessions: () => `the sessions \`${name} session list\` shows`,
    hook,
    into: openCodeInto(name),
    // write and edit name their file as filePath.
    filesWritten: (call) => {
      if (!/^(write|edit|multiedit)$/.test(call.name)) return [];
      const a = (call.args ?? {}) as Record<string, unknown>;
      return typeof a.filePath === 'string' ? [a.filePath] : [];
    },
  };
}

export const openCodeAgentPlugin = openCodeAgent('opencode', 'opencode', '.opencode');
export const kiloAgentPlugin = openCodeAgent('kilo', 'Kilo CLI', '.kilo');
