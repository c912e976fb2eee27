import { ExternalError, NotFoundError } from '../errors';
import { runGit } from './run-git';

/** A revision to a full commit id. Throws NotFoundError naming the revision. */
export async function resolveCommit(cwd: string, rev: string): Promise<string> {
  const r = await runGit(['rev-parse', '-q', '--verify', '--end-of-options', `${rev}^{commit}`], { cwd, okCodes: [0, 1, 128] });
  if (r.code !== 0) throw new NotFoundError(`'${rev}' is not a commit in this repository`);
  return r.stdout.toString().trim();
}

/** The commit, or undefined when `rev` names none (used to tell ids from revisions). */
export async function maybeCommit(cwd: string, rev: string): Promise<string | undefined> {
  try {
    return await resolveCommit(cwd, rev);
  } catch {
    return undefined;
  }
}

export interface LogEntry {
  commit: string;
  subject: string;
  /** The commit's note in the given notes ref, as text ('' for none). */
  note: string;
}

/**
 * `git log` of a range with each commit's note, in one process. Fields are separated
 * by US (0x1f) and records by RS (0x1e): neither appears in subjects or JSON notes.
 */
export async function logWithNotes(cwd: string, notesRef: string, range: string[] | 'all', max?: number, paths: string[] = []): Promise<LogEntry[]> {
  // A range is revisions, never options (--end-of-options); 'all' is every ref.
  const revs = range === 'all' ? ['--all'] : ['--end-of-options', ...(range.length ? range : ['HEAD'])];
  const args = ['log', `--notes=${notesRef}`, '--format=%H%x1f%s%x1f%N%x1e', ...(max ? [`-n${max}`] : []), ...revs, '--', ...paths];
  const r = await runGit(args, { cwd, okCodes: range.length ? [0] : [0, 128] });
  // No range and no commit yet (a new repository): nothing to list, not an error.
  if (r.code !== 0) {
    if (!(await runGit(['rev-parse', '-q', '--verify', 'HEAD'], { cwd, okCodes: [0, 1, 128] })).stdout.length) return [];
    throw new ExternalError(`git log failed: ${r.stderr.split('\n')[0].replace(/^fatal: /, '')}`);
  }
  return r.stdout
    .toString('utf8')
    .split('\x1e')
    .map((rec) => rec.replace(/^\n/, ''))
    .filter(Boolean)
    .map((rec) => {
      const [commit, subject, note] = rec.split('\x1f');
      return { commit, subject, note: note ?? '' };
    });
}

/** Whether commit `a` is an ancestor of (or is) commit `b`. */
export async function isAncestor(cwd: string, a: string, b: string): Promise<boolean> {
  return (await runGit(['merge-base', '--is-ancestor', a, b], { cwd, okCodes: [0, 1] })).code === 0;
}

/** The commits of `commits` that no other one of them contains (git merge-base --independent). */
export async function independentCommits(cwd: string, commits: string[]): Promise<string[]> {
  if (!commits.length) return [];
  return (await runGit(['merge-base', '--independent', ...commits], { cwd })).stdout.toString().split('\n').filter(Boolean);
}

/** HEAD's id and the reflog subject of what made it (commit, amend, rebase, cherry-pick), in one process. */
export async function headAndReflog(cwd: string): Promise<{ head?: string; reflog: string }> {
  const out = (await runGit(['log', '-g', '-1', '--format=%H%x00%gs', 'HEAD'], { cwd, okCodes: [0, 128] })).stdout.toString().trim();
  const [head, reflog = ''] = out.split('\0');
  return { head: head || undefined, reflog };
}

/** A commit's full message. */
export async function commitMessage(cwd: string, rev: string): Promise<string> {
  return (await runGit(['log', '-1', '--format=%B', '--end-of-options', rev], { cwd })).stdout.toString();
}

/** A commit that changed one of the paths, as `git log` lists it (newest first). */
export interface PathCommit {
  commit: string;
  author: { name: string; email: string };
  at: string;
  subject: string;
}

/**
 * The commits of `rev`'s history that changed any of `paths` (newest first, git's own
 * history simplification). `rev` is one of this tool's refs, never user input.
 */
export async function commitsTouching(cwd: string, rev: string, paths: string[]): Promise<PathCommit[]> {
  const r = await runGit(['log', '--format=%H%x00%an%x00%ae%x00%aI%x00%s', rev, '--', ...paths], { cwd, okCodes: [0, 128] });
  if (r.code !== 0) return [];
  return r.stdout
    .toString()
    .split('\n')
    .filter(Boolean)
    .map((l) => {
      const [commit, name, email, at, subject] = l.split('\0');
      return { commit, author: { name, email }, at, subject };
    });
}
