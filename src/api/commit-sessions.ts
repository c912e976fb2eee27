import { resolveCommit } from '../git/commits';
import type { Attachment } from '../model/attachment';
import type { GitWorkspace } from '../workspace/workspace';

/**
 * The sessions attached to a commit, newest attachment first.
 * Throws NotFoundError if the revision is no commit; returns [] when none is attached.
 */
export async function commitSessions(git: GitWorkspace, rev: string): Promise<{ commit: string; attachments: Attachment[] }> {
  const commit = await resolveCommit(git.repo.root, rev);
  const attachments = (await git.attachments.of(commit)).sort((a, b) => ((a.at ?? '') < (b.at ?? '') ? 1 : -1));
  return { commit, attachments };
}

