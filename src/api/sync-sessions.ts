import type { SyncCounts } from '../sync/count-changes';
import { pull } from '../sync/pull';
import { push } from '../sync/push';
import type { GitWorkspace } from '../workspace/workspace';

/** Pull, then push: afterwards both sides hold the same sessions. */
export async function syncSessions(git: GitWorkspace, remote?: string): Promise<{ remote: string; pulled: SyncCounts; pushed: SyncCounts }> {
  const pulled = await pull(git, remote);
  const pushed = await push(git, pulled.remote);
  return { remote: pulled.remote, pulled: pulled.counts, pushed: pushed.counts };
}
