import { runGit } from './run-git';

/** Every path in a tree, recursively (files only), as git names them. */
export async function listTreePaths(cwd: string, tree: string): Promise<string[]> {
  return (await runGit(['ls-tree', '-r', '--name-only', '-z', tree], { cwd })).stdout.toString().split('\0').filter(Boolean);
}
