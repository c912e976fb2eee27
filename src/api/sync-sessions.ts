import type { SyncCounts } from '../sync/count-changes';
import { pull } from '../sync/pull';
import { push } from '../sync/push';
import type { GitWorkspace } from '../workspace/workspace';
import { remapIfMoved, type Remapped } from './remap-commits';

/** Pull, remap onto the host's merges, then push: afterwards both sides hold the same sessions. */
export async function syncSessions(git: GitWorkspace, remote?: string): Promise<{ remote: string; pulled: SyncCounts; pushed: SyncCounts; pushRounds: number; remapped: Remapped[] }> {
  const pulled = await pull(git, remote);
  const remapped = await remapIfMoved(git);
  const pushed = await push(git, pulled.remote);
  return { remote: pulled.remote, pulled: pulled.counts, pushed: pushed.counts, pushRounds: pushed.rounds ?? 1, remapped };
}
