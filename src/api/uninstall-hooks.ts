import { existsSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { runGit } from '../git/run-git';
import { NOTES_REF } from '../git/repo';
import type { SessionStore } from '../store/session-store';
import { gitOnly } from './git-only';
import { CHAINED_SUFFIX, GIT_HOOKS, HOOK_MARKER, hooksDir, installStatePath, type InstallState } from './hooks-layout';

/**
 * Removes our hooks and puts back, byte for byte, the hooks they chained; undoes the
 * config changes the installer recorded. Idempotent: with nothing installed, nothing.
 */
export async function uninstallHooks(store: SessionStore): Promise<{ hooksDir: string; removed: string[]; restored: string[] }> {
  const git = gitOnly(store, 'hooks uninstall');
  const root = git.repo.root;
  const statePath = installStatePath(git.repo.commonDir);
  const state: InstallState | undefined = existsSync(statePath) ? JSON.parse(readFileSync(statePath, 'utf8')) : undefined;
  const dir = state?.hooksDir ?? (await hooksDir(root));
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
    await runGit(['config', '--unset', 'notes.rewriteRef', `^${NOTES_REF}$`], { cwd: root, okCodes: [0, 5] });
  }
  if (state) {
    if (state.config.rewriteModeBefore === null) await runGit(['config', '--unset', 'notes.rewriteMode'], { cwd: root, okCodes: [0, 5] });
    else await runGit(['config', 'notes.rewriteMode', state.config.rewriteModeBefore], { cwd: root });
  }
  rmSync(statePath, { force: true });
  return { hooksDir: dir, removed, restored };
}
