import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { setConfig, unsetConfig } from '../git/config';
import { NOTES_REF } from '../git/repo';
import type { GitWorkspace } from '../workspace/workspace';
import { CHAINED_SUFFIX, GIT_HOOKS, HOOK_MARKER, installStatePath, type InstallState } from './hooks-layout';

/**
 * Removes our hooks and puts back, byte for byte, the hooks they chained; undoes the
 * config changes the installer recorded. Idempotent: with nothing installed, nothing.
 */
export async function uninstallHooks(git: GitWorkspace): Promise<{ hooksDir: string; removed: string[]; restored: string[] }> {
  const root = git.repo.root;
  const statePath = installStatePath(git.repo.commonDir);
  const state: InstallState | undefined = existsSync(statePath) ? JSON.parse(readFileSync(statePath, 'utf8')) : undefined;
  const dir = state?.hooksDir ?? (await git.hooksDir());
  const removed: string[] = [];
  const restored: string[] = [];
  for (const name of GIT_HOOKS) {
    const path = join(dir, name);
    if (existsSync(path) && readFileSync(path, 'utf8').includes(HOOK_MARKER)) {
      rmSync(path);
      removed.push(name);
    }
    if (existsSync(path + CHAINED_SUFFIX) && !existsSync(path)) {
      renameSync(path + CHAINED_SUFFIX, path);
      restored.push(name);
    }
  }
  if (state?.config.rewriteRefAdded) {
    await unsetConfig(root, 'notes.rewriteRef', `^${NOTES_REF}$`);
  }
  if (state) {
    if (state.config.rewriteModeBefore === null) await unsetConfig(root, 'notes.rewriteMode');
    else await setConfig(root, 'notes.rewriteMode', state.config.rewriteModeBefore);
  }
  rmSync(statePath, { force: true });
  return { hooksDir: dir, removed, restored };
}
