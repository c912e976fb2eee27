import { push } from '../sync/push';
import type { SyncResult } from '../sync/pull';
import type { GitWorkspace } from '../workspace/workspace';

/** `git kiro push`: send the sessions, merging first when the remote moved (src/sync/push.ts). */
export function pushSessions(git: GitWorkspace, remote?: string): Promise<SyncResult> {
  return push(git, remote);
}
