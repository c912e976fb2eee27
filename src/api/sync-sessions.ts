import type { SessionStore } from '../store/session-store';
import type { SyncCounts } from '../sync/count-changes';
import { pullSessions } from './pull-sessions';
import { pushSessions } from './push-sessions';

/** Pull, then push: afterwards both sides hold the same sessions. */
export async function syncSessions(store: SessionStore, remote?: string): Promise<{ remote: string; pulled: SyncCounts; pushed: SyncCounts }> {
  const pulled = await pullSessions(store, remote);
  const pushed = await pushSessions(store, pulled.remote);
  return { remote: pulled.remote, pulled: pulled.counts, pushed: pushed.counts };
}
