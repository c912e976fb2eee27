import type { SessionSummary } from '../model/session-record';
import type { SessionStore } from '../store/session-store';

/** Sessions of the current directory (or all), newest first; ties broken by id. Shares are not sessions. */
export async function listSessions(store: SessionStore, opts: { all?: boolean } = {}): Promise<SessionSummary[]> {
  const list = (await store.summaries(opts.all ? undefined : store.scope)).filter((s) => !s.share);
  return list.sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : a.updatedAt > b.updatedAt ? -1 : a.id < b.id ? -1 : 1));
}
