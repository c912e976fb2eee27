import type { SessionSummary } from '../model/session-record';
import type { SessionStore } from '../store/session-store';
import { listSessions } from './list-sessions';

/**
 * The session a command means when it names none: this worktree's active session if
 * it belongs to this directory, else the most recent of this directory.
 */
export async function defaultSession(store: SessionStore): Promise<SessionSummary | undefined> {
  const list = await listSessions(store);
  const active = await store.active();
  return list.find((s) => s.id === active) ?? list[0];
}
