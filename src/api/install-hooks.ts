import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../fs/write-atomic';
import { ConflictError } from '../errors';
import { configValues, setConfig } from '../git/config';
import { NOTES_REF } from '../git/repo';
import type { GitWorkspace } from '../workspace/workspace';
import { CHAINED_SUFFIX, COMMIT_HOOKS, GIT_HOOKS, HOOK_MARKER, SYNC_HOOKS, hookScript, installStatePath, type InstallState } from './hooks-layout';

export interface InstallResult {
  hooksDir: string;
  hooks: { name: string; action: 'installed' | 'updated' | 'chained' }[];
  config: string[];
}

/**
 * Installs the post-commit and post-rewrite hooks into the hooks directory git uses,
 * chaining (not replacing) a hook that is there, and sets notes.rewriteRef and a
 * rewrite mode that keeps JSON lines valid, so amend and rebase carry attachments.
 * Idempotent. `sync` adds pre-push (pushes the sessions beside the user's push) and
 * post-merge/post-checkout (pull). `node` and `bundle` are what the hook runs.
 */
export async function installHooks(git: GitWorkspace, runner: { node: string; bundle: string }, opts: { sync?: boolean } = {}): Promise<InstallResult> {
  const root = git.repo.root;
  const dir = await git.hooksDir();
  mkdirSync(dir, { recursive: true });
  const statePath = installStatePath(git.repo.commonDir);
  const previous: InstallState | undefined = existsSync(statePath) ? JSON.parse(readFileSync(statePath, 'utf8')) : undefined;
  const state: InstallState = previous ?? { version: 1, hooksDir: dir, hooks: [], config: { rewriteRefAdded: false, rewriteModeBefore: null } };
  const result: InstallResult = { hooksDir: dir, hooks: [], config: [] };

  const wanted = opts.sync || state.hooks.some((h) => (SYNC_HOOKS as readonly string[]).includes(h.name)) ? GIT_HOOKS : COMMIT_HOOKS;
  for (const name of wanted) {
    const path = join(dir, name);
    const ours = existsSync(path) && readFileSync(path, 'utf8').includes(HOOK_MARKER);
    let chained = state.hooks.find((h) => h.name === name)?.chained ?? false;
    if (existsSync(path) && !ours) {
      if (existsSync(path + CHAINED_SUFFIX)) {
        throw new ConflictError(`both ${path} and ${path}${CHAINED_SUFFIX} exist; git-kiro will not overwrite either`, {
          hint: `merge them by hand into ${path}${CHAINED_SUFFIX}, remove ${path}, and install again`,
        });
      }
      renameSync(path, path + CHAINED_SUFFIX); // bytes and mode kept, for uninstall
      chained = true;
    }
    writeFileSync(path, hookScript(name, runner.node, runner.bundle));
    chmodSync(path, 0o755);
    state.hooks = [...state.hooks.filter((h) => h.name !== name), { name, chained }];
    result.hooks.push({ name, action: ours ? 'updated' : chained ? 'chained' : 'installed' });
  }

  if (!(await configValues(root, 'notes.rewriteRef')).includes(NOTES_REF)) {
    await setConfig(root, 'notes.rewriteRef', NOTES_REF, { add: true });
    state.config.rewriteRefAdded = true;
    result.config.push(`notes.rewriteRef += ${NOTES_REF}`);
  }
  const mode = (await configValues(root, 'notes.rewriteMode')).at(-1) ?? '';
  if (mode !== 'cat_sort_uniq') {
    // concatenate (git's default) would glue two attachment notes with a blank line;
    // cat_sort_uniq keeps one JSON object per line whatever is squashed together.
    if (!previous) state.config.rewriteModeBefore = mode || null;
    await setConfig(root, 'notes.rewriteMode', 'cat_sort_uniq');
    result.config.push('notes.rewriteMode = cat_sort_uniq');
  }
  writeAtomic(statePath, JSON.stringify(state, null, 2));
  return result;
}
