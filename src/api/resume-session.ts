import { NotFoundError } from '../errors';
import type { SessionRecord } from '../model/session-record';
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
  if (id) return activateSession(store, await resolveOwnSession(store, id));
  const latest = (await listSessions(store))[0];
  if (!latest) throw new NotFoundError(`No saved chat sessions for ${store.displayDir}`);
  return activateSession(store, await resolveSession(store, latest.id));
}

/**
 * Makes this version of a session (current or older, `ID@{N}`) the active one and
 * returns it with its messages. Throws ConflictError for a share (shares are frozen).
 */
export async function activateSession(store: SessionStore, record: SessionRecord): Promise<SessionView> {
  if (record.share) await resolveOwnSession(store, record.id); // says why a share cannot be resumed
  await store.setActive(record.id);
  return viewOf(store, record);
}
