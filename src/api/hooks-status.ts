import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { configValues } from '../git/config';
import type { GitWorkspace } from '../workspace/workspace';
import { CHAINED_SUFFIX, GIT_HOOKS, HOOK_MARKER } from './hooks-layout';

export interface HooksStatus {
  hooksDir: string;
  hooks: { name: string; state: 'installed' | 'absent' | 'foreign'; chained: boolean }[];
  rewriteRef: string[];
  rewriteMode: string | null;
}

/** What is installed where; never changes anything. */
export async function hooksStatus(git: GitWorkspace): Promise<HooksStatus> {
  const dir = await git.hooksDir();
  const hooks = GIT_HOOKS.map((name) => {
    const path = join(dir, name);
    const state: HooksStatus['hooks'][number]['state'] = !existsSync(path) ? 'absent' : readFileSync(path, 'utf8').includes(HOOK_MARKER) ? 'installed' : 'foreign';
    return { name, state, chained: existsSync(path + CHAINED_SUFFIX) };
  });
  const rewriteRef = await configValues(git.repo.root, 'notes.rewriteRef');
  return { hooksDir: dir, hooks, rewriteRef, rewriteMode: (await configValues(git.repo.root, 'notes.rewriteMode')).at(-1) ?? null };
}
