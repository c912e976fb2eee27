import { NotFoundError } from '../errors';
import { resolveCommit } from '../git/commits';
import type { GitWorkspace } from '../workspace/workspace';

/**
 * Removes a session's attachment from a commit (default HEAD). The id may be a unique
 * prefix among that commit's attachments, so a deleted session can still be detached.
 * Throws NotFoundError when the commit has no such attachment.
 */
export async function detachSession(git: GitWorkspace, id: string, rev = 'HEAD'): Promise<{ commit: string; session: string }> {
  const commit = await resolveCommit(git.repo.root, rev);
  const match = (await git.attachments.of(commit)).filter((a) => a.session.startsWith(id));
  if (match.length !== 1) throw new NotFoundError(`commit ${commit.slice(0, 12)} has ${match.length ? 'several sessions matching' : 'no session'} '${id}' attached`);
  const session = match[0].session;
  await git.attachments.edit(new Map([[commit, (list) => list.filter((a) => a.session !== session)]]), `git-kiro: detach ${session} from ${commit.slice(0, 12)}`);
  return { commit, session };
}
