import { discoverRepo } from '../git/repo';
import { FileSessionStore } from '../store/file-session-store';
import { GitSessionStore } from '../store/git-session-store';
import type { SessionStore } from '../store/session-store';

export interface OpenOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** The clock; tests pass a fixed one. */
  now?: () => Date;
}

/**
 * The store for a directory: git notes inside a worktree, the file store outside any
 * repository. Throws ExternalError in a bare repository.
 */
export async function openStore(opts: OpenOptions = {}): Promise<SessionStore> {
  const cwd = opts.cwd ?? process.cwd();
  const now = opts.now ?? (() => new Date());
  const repo = await discoverRepo(cwd);
  return repo ? new GitSessionStore(repo, now) : FileSessionStore.outside(cwd, opts.env ?? process.env, now);
}
