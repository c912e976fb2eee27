import { UsageError } from '../errors';
import { GitSessionStore } from '../store/git-session-store';
import type { SessionStore } from '../store/session-store';

/** Commits exist only in git: the file store cannot attach. Throws UsageError there. */
export function gitOnly(store: SessionStore, what: string): GitSessionStore {
  if (store instanceof GitSessionStore) return store;
  throw new UsageError(`${what} needs a git repository; ${store.displayDir} is not in one`);
}
