import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runGit } from '../git/run-git';
import type { SessionStore } from '../store/session-store';
import { gitOnly } from './git-only';
import { CHAINED_SUFFIX, GIT_HOOKS, HOOK_MARKER, hooksDir } from './hooks-layout';

export interface HooksStatus {
  hooksDir: string;
  hooks: { name: string; state: 'installed' | 'absent' | 'foreign'; chained: boolean }[];
  rewriteRef: string[];
  rewriteMode: string | null;
}

/** What is installed where; never changes anything. */
export async function hooksStatus(store: SessionStore): Promise<HooksStatus> {
  const git = gitOnly(store, 'hooks status');
  const dir = await hooksDir(git.repo.root);
  const hooks = GIT_HOOKS.map((name) => {
    const path = join(dir, name);
    const state: HooksStatus['hooks'][number]['state'] = !existsSync(path) ? 'absent' : readFileSync(path, 'utf8').includes(HOOK_MARKER) ? 'installed' : 'foreign';
    return { name, state, chained: existsSync(path + CHAINED_SUFFIX) };
  });
  const cfg = async (args: string[]) => (await runGit(['config', ...args], { cwd: git.repo.root, okCodes: [0, 1] })).stdout.toString().trim();
  const refs = await cfg(['--get-all', 'notes.rewriteRef']);
  return { hooksDir: dir, hooks, rewriteRef: refs ? refs.split('\n') : [], rewriteMode: (await cfg(['--get', 'notes.rewriteMode'])) || null };
}
