import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import type { GitContext } from '../model/session-record';
import { refFromFiles, type RepoInfo } from './repo';
import { runGit } from './run-git';

/**
 * Where the work stood when a session was saved: the remote (credentials stripped),
 * the branch and HEAD; with `snapshot`, the uncommitted changes too. `config` is the
 * command's one read of git config (remote URLs come from it).
 */
export async function gitContext(repo: RepoInfo, config: Promise<Map<string, string[]>>, snapshot: boolean): Promise<{ context: GitContext; diff?: Buffer }> {
  const cwd = repo.root;
  const cfg = await config;
  const context: GitContext = {};
  const urls = new Map([...cfg].filter(([k]) => k.startsWith('remote.') && k.endsWith('.url')).map(([k, v]) => [k.slice('remote.'.length, -'.url'.length), v[0]] as const));
  const url = urls.get('origin') ?? urls.values().next().value;
  if (url) context.remote = stripCredentials(url);
  // The branch from this worktree's HEAD file: no process needed.
  try {
    const m = /^ref: refs\/heads\/(.+)$/m.exec(readFileSync(join(repo.gitDir, 'HEAD'), 'utf8'));
    if (m) context.branch = m[1].trim();
  } catch {
    /* no HEAD file: no branch */
  }
  const head = readHead(repo) ?? (await runGit(['rev-parse', '-q', '--verify', 'HEAD'], { cwd, okCodes: [0, 1, 128] })).stdout.toString().trim();
  if (head) context.head = head;
  return { context, diff: snapshot ? await workingDiff(repo, context.head) : undefined };
}

/**
 * HEAD's commit read from the files, as git keeps them: HEAD names a branch (or is a
 * commit), the branch is a loose ref or a line of packed-refs. '' for a branch with no
 * commit yet; undefined where git must answer (the reftable format, a ref that is
 * itself symbolic, anything unexpected). Saves a process on every save and capture.
 */
export function readHead(repo: Pick<RepoInfo, 'gitDir' | 'commonDir'>): string | undefined {
  try {
    const head = readFileSync(join(repo.gitDir, 'HEAD'), 'utf8').trim();
    if (/^[0-9a-f]{40}(?:[0-9a-f]{24})?$/.test(head)) return head;
    const m = /^ref: (refs\/heads\/\S+)$/.exec(head);
    if (!m) return undefined;
    const id = refFromFiles(repo, m[1]);
    return id === null ? undefined : (id ?? ''); // '': a branch with no commit yet
  } catch {
    return undefined;
  }
}

/**
 * `git diff HEAD` including untracked files (Kilo's snapshot), without touching the
 * user's index: the diff is taken through a temporary index file.
 */
async function workingDiff(repo: RepoInfo, head: string | undefined): Promise<Buffer | undefined> {
  const index = join(repo.gitDir, `kiro-snapshot-${process.pid}.index`);
  const env = { ...process.env, GIT_INDEX_FILE: index };
  const cwd = repo.root;
  try {
    if (head) await runGit(['read-tree', head], { cwd, env });
    await runGit(['add', '-A'], { cwd, env });
    const d = await runGit(['diff', '--cached', '--binary', ...(head ? [head] : [])], { cwd, env });
    return d.stdout.length ? d.stdout : undefined;
  } finally {
    rmSync(index, { force: true });
  }
}

/** https://user:token@host/x -> https://host/x; scp-style user@host:x is not a secret. */
export function stripCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}
