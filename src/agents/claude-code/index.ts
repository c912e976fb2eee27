import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { rmSync } from 'node:fs';
import { captureCommand, type AgentHookChange, type AgentPlugin, type AgentSession } from '../agent';
import { firstJsonlValue, readJsonObject, readSession, within, writeConfigFile } from '../files';
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
function hook(root: string, { uninstall }: { uninstall: boolean }): AgentHookChange {
  const file = join(root, '.claude', 'settings.local.json');
  const command = captureCommand('claude-code');
  const entry = { hooks: [{ type: 'command', command }] };
  const snippet = JSON.stringify({ hooks: { Stop: [entry] } }, null, 2);
  const settings = readJsonObject(file);
  const hooks = (settings.hooks ?? {}) as Record<string, unknown[]>;
  const stop = Array.isArray(hooks.Stop) ? hooks.Stop : [];
  const ours = (e: unknown) => JSON.stringify(e).includes(command);
  const change = (action: AgentHookChange['action']) => ({ agent: 'claude-code', file, action, snippet });
  if (uninstall) {
    if (!stop.some(ours)) return change('not there');
    const rest = stop.filter((e) => !ours(e));
    if (rest.length) hooks.Stop = rest;
    else delete hooks.Stop;
    if (Object.keys(hooks).length) settings.hooks = hooks;
    else delete settings.hooks;
    if (Object.keys(settings).length) writeConfigFile(file, `${JSON.stringify(settings, null, 2)}\n`);
    else rmSync(file);
    return change('removed');
  }
  if (stop.some(ours)) return change('already there');
  settings.hooks = { ...hooks, Stop: [...stop, entry] };
  writeConfigFile(file, `${JSON.stringify(settings, null, 2)}\n`);
  return change('added');
}

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
