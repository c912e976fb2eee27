import { purge, type PurgeResult } from '../sync/purge';
import type { GitWorkspace } from '../workspace/workspace';

export type { PurgeResult } from '../sync/purge';

/** `git kiro purge`: deleted content out of the notes history (src/sync/purge.ts). */
export function purgeSessions(git: GitWorkspace, opts: { remote?: string } = {}): Promise<PurgeResult> {
  return purge(git, opts);
}
