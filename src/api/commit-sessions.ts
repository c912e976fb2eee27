import { NotFoundError } from '../errors';
import { resolveCommit } from '../git/commits';
import type { Attachment } from '../model/attachment';
import type { SessionRecord } from '../model/session-record';
import { resolveSession } from './resolve-id';
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


/**
 * The session as it was when it was attached (the version the attachment names), else
 * as it is now (an attachment written before versions were recorded, or a version
 * this clone does not have). Throws NotFoundError when the session is gone.
 */
export async function attachedVersion(git: GitWorkspace, a: Attachment): Promise<SessionRecord> {
  if (a.version) {
    const r = await git.notes.sessionFromBlob(a.version);
    if (r && r !== 'invalid' && r.id === a.session) return r;
  }
  try {
    return await resolveSession(git.sessions, a.session);
  } catch (e) {
    if (!(e instanceof NotFoundError)) throw e;
    throw new NotFoundError(`session ${a.session} ("${a.title}") is attached to this commit but is not in this clone`, { hint: 'fetch the sessions: git kiro pull' });
  }
}
