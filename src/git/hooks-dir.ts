import { isAbsolute, resolve } from 'node:path';
import { gitText } from './run-git';

/**
 * The hooks directory git really uses: `core.hooksPath` when set (husky and friends
 * set it), relative paths taken from the worktree root as git does; else the common
 * git dir's hooks (shared by linked worktrees).
 */
export async function hooksDir(root: string): Promise<string> {
  const p = await gitText(['rev-parse', '--git-path', 'hooks'], { cwd: root });
  return isAbsolute(p) ? p : resolve(root, p);
}
