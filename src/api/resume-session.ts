import { NotFoundError } from '../errors';
import type { SessionStore } from '../store/session-store';
import { listSessions } from './list-sessions';
import { resolveOwnSession, resolveSession } from './resolve-id';
import { viewOf, type SessionView } from './show-session';

/**
 * Makes a session this worktree's active one and returns it: the one named, else the
 * most recent of this directory (Kiro's `--resume`).
 * Throws NotFoundError (`No saved chat sessions for <dir>`) when there is none.
 */
export async function resumeSession(store: SessionStore, id?: string): Promise<SessionView> {
  let record;
  if (id) record = await resolveOwnSession(store, id);
  else {
    const latest = (await listSessions(store))[0];
    if (!latest) throw new NotFoundError(`No saved chat sessions for ${store.displayDir}`);
    record = await resolveSession(store, latest.id);
  }
  await store.setActive(record.id);
  return viewOf(store, record);
}
