import { runGit } from './run-git';

const lines = (b: Buffer) => b.toString('utf8').split('\n').filter(Boolean);

/**
 * Which of `commits` exist here and are commits (an attachment from a remote may name
 * one this clone never fetched, or something else entirely). Ids go to git on stdin,
 * never as arguments, so no id can be read as an option or a revision expression.
 */
export async function existingCommits(cwd: string, commits: string[]): Promise<Set<string>> {
  if (!commits.length) return new Set();
  const r = await runGit(['cat-file', '--batch-check=%(objectname) %(objecttype)'], { cwd, input: `${commits.join('\n')}\n` });
  return new Set(lines(r.stdout).filter((l) => l.endsWith(' commit')).map((l) => l.split(' ')[0]));
}

/** The commits among `commits` that `head` does not contain (one rev-list over stdin). */
export async function notReachableFrom(cwd: string, commits: string[], head: string): Promise<Set<string>> {
  if (!commits.length) return new Set();
  const wanted = new Set(commits);
  const r = await runGit(['rev-list', '--stdin'], { cwd, input: `${commits.join('\n')}\n^${head}\n` });
  return new Set(lines(r.stdout).filter((c) => wanted.has(c)));
}

/** The commits of a range, newest first, at most `max` (a range is the user's own argument). */
export async function commitsIn(cwd: string, range: string, max: number): Promise<string[]> {
  return lines((await runGit(['rev-list', `--max-count=${max}`, range, '--'], { cwd })).stdout);
}

/** Each commit's tree and parent count. */
export async function treesOf(cwd: string, commits: string[]): Promise<Map<string, { tree: string; parents: number }>> {
  const out = new Map<string, { tree: string; parents: number }>();
  if (!commits.length) return out;
  const r = await runGit(['log', '--no-walk=unsorted', '--stdin', '--format=%H %T %P'], { cwd, input: `${commits.join('\n')}\n` });
  for (const l of lines(r.stdout)) {
    const [c, tree, ...parents] = l.split(' ');
    out.set(c, { tree, parents: parents.filter(Boolean).length });
  }
  return out;
}

/**
 * git's patch id of each non-merge commit (`patch-id --stable`): the same change made
 * again on another base ("rebase and merge") has the same id. Commits without a change
 * have none.
 */
export async function patchIds(cwd: string, commits: string[]): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  if (!commits.length) return out;
  const log = await runGit(['log', '--no-walk=unsorted', '--stdin', '--no-merges', '-p', '--no-color', '--no-ext-diff', '--format=commit %H'], { cwd, input: `${commits.join('\n')}\n` });
  const ids = await runGit(['patch-id', '--stable'], { cwd, input: log.stdout });
  for (const l of lines(ids.stdout)) {
    const [patch, commit] = l.split(' ');
    out.set(commit, patch);
  }
  return out;
}

/** The commits reachable from `tip` and not from `head`: a pull request's own commits. */
export async function ownCommits(cwd: string, tip: string, head: string): Promise<string[]> {
  return lines((await runGit(['rev-list', '--stdin'], { cwd, input: `${tip}\n^${head}\n` })).stdout);
}
