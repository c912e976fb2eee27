import { NotFoundError } from '../errors';
import { resolveCommit } from '../git/commits';
import type { Attachment } from '../model/attachment';
import type { SessionStore } from '../store/session-store';
import { gitOnly } from './git-only';

/**
 * The sessions attached to a commit, newest attachment first.
 * Throws NotFoundError if the revision is no commit; returns [] when none is attached.
 */
export async function commitSessions(store: SessionStore, rev: string): Promise<{ commit: string; attachments: Attachment[] }> {
  const git = gitOnly(store, 'sessions of a commit');
  const commit = await resolveCommit(git.repo.root, rev);
  const attachments = (await git.attachments(commit)).sort((a, b) => ((a.at ?? '') < (b.at ?? '') ? 1 : -1));
  return { commit, attachments };
}

