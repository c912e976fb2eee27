import { fetchNotes } from '../git/remote';
import { NOTES_REF } from '../git/repo';
import type { GitWorkspace } from '../workspace/workspace';
import type { SyncCounts } from './count-changes';
import { mergeInto } from './merge-into';

export interface SyncResult {
  remote: string;
  counts: SyncCounts;
  /** Push only: the rounds it took (1: the remote had not moved; more: fetched and merged first). */
  rounds?: number;
}

/**
 * Fetches the remote's sessions into refs/notes/kiro-remote/<remote> and merges them
 * into refs/notes/kiro. Never changes the user's refspecs. Throws NotFoundError (no
 * remote), ExternalError (fetch failed).
 */
export async function pull(git: GitWorkspace, remoteName?: string): Promise<SyncResult & { remoteTip?: string }> {
  const remote = remoteName ?? (await git.defaultRemote());
  const remoteTip = await fetchNotes(git.repo.root, remote, NOTES_REF, { lean: (await git.settings()).leanFetch, config: await git.config(), commonDir: git.repo.commonDir });
  const counts = await mergeInto(git, remote, remoteTip);
  return { remote, counts, remoteTip };
}
