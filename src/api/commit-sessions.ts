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

/** The one session a commit carries (the newest of several). Throws NotFoundError when none. */
export async function commitSession(store: SessionStore, rev: string): Promise<Attachment> {
  const { commit, attachments } = await commitSessions(store, rev);
  if (!attachments.length) throw new NotFoundError(`no session is attached to ${rev === 'HEAD' ? 'HEAD' : rev} (${commit.slice(0, 12)})`, { hint: 'attach one: git kiro attach [ID] [REV]' });
  return attachments[0];
}
