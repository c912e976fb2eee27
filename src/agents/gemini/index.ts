import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { walkFiles } from '../../fs/walk';
import type { AgentPlugin, AgentSession } from '../agent';
import { readSession, settingsHook, within } from '../files';
import { gemini } from './adapter';
import { geminiInto } from './write';

/**
 * ~/.gemini/tmp/<sha256 of the dir>/chats and checkpoints (and folders with a
 * .project_root file, as newer versions name them).
 */
async function sessions(home: string, root: string): Promise<AgentSession[]> {
  const base = join(home, '.gemini', 'tmp');
  let projects: string[];
  try {
    projects = readdirSync(base).sort();
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
    for (const f of walkFiles(join(folder, 'chats'), { accept: (n) => n.startsWith('session-') && /\.jsonl?$/.test(n), depth: 0 })) out.push(readSession(f, dir));
    for (const f of walkFiles(folder, { accept: (n) => n.startsWith('checkpoint-') && n.endsWith('.json'), depth: 0 })) out.push(readSession(f, dir));
  }
  return out;
}

/**
 * The worktree and its subdirectories, bounded. Dot-folders and node_modules are not
 * entered at all (a recursive readdir would walk all of node_modules first).
 */
function directories(root: string, limit = 20000): string[] {
  const out = [root];
  for (let i = 0; i < out.length && out.length < limit; i++) {
    try {
      for (const e of readdirSync(out[i], { withFileTypes: true })) {
        if (e.isDirectory() && !e.name.startsWith('.') && e.name !== 'node_modules') out.push(join(out[i], e.name));
      }
    } catch {
      /* vanished or unreadable */
    }
  }
  return out;
}

export const geminiAgent: AgentPlugin = {
  name: 'gemini',
  label: 'Gemini CLI',
  formats: [gemini],
  sessions,
  whereSessions: (home) => join(home, '.gemini', 'tmp'),
  // AfterAgent runs once a turn is over; .gemini/settings.json is the project's own settings.
  hook: (root, { uninstall }) => settingsHook({ agent: 'gemini', file: join(root, '.gemini', 'settings.json'), event: 'AfterAgent', uninstall }),
  into: geminiInto,
  // write_file and replace name the file by absolute path.
  filesWritten: (call) => {
    if (!/^(write_file|replace|edit)$/.test(call.name)) return [];
    const a = (call.args ?? {}) as Record<string, unknown>;
    return [a.file_path, a.absolute_path, a.path].filter((p): p is string => typeof p === 'string');
  },
};
