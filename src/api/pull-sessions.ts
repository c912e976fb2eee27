import { pull, type SyncResult } from '../sync/pull';
import type { GitWorkspace } from '../workspace/workspace';

export type { SyncResult } from '../sync/pull';

/** `git kiro pull`: fetch the remote's sessions and merge them in (src/sync/pull.ts). */
export function pullSessions(git: GitWorkspace, remote?: string): Promise<SyncResult & { remoteTip?: string }> {
  return pull(git, remote);
}
