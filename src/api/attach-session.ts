import { ConflictError, NotFoundError } from '../errors';
import { resolveCommit } from '../git/commits';
import type { Attachment } from '../model/attachment';
import type { RetryPolicy } from '../util/retry';
import type { GitWorkspace } from '../workspace/workspace';
import { resolveSession } from './resolve-id';

/**
 * Attaches a session (default: this worktree's active one) to a commit (default HEAD).
 * Attaching again updates that session's line (its title and message count now).
 * `commit`: a full commit id the caller already resolved (saves a git process).
 * Throws NotFoundError (no such session or commit, or no active session).
 */
export async function attachSession(git: GitWorkspace, opts: { id?: string; rev?: string; commit?: string; now?: Date; policy?: RetryPolicy } = {}): Promise<{ commit: string; attachment: Attachment }> {
  const id = opts.id ?? (await git.sessions.active());
  if (!id) throw new NotFoundError('no active session in this worktree', { hint: 'name one: git kiro attach <ID>, or resume one first' });
  const record = await resolveSession(git.sessions, id);
  if (record.private) throw new ConflictError(`session ${record.id} is private: attaching it would put its id and title into a commit note, which push sends`, { hint: `make it public first: git kiro private ${record.id} off` });
  const commit = opts.commit ?? (await resolveCommit(git.repo.root, opts.rev ?? 'HEAD'));
  const attachment: Attachment = { session: record.id, title: record.title, messages: record.messageCount, at: (opts.now ?? new Date()).toISOString() };
  // Which version: `load --commit` gives the conversation as it was at this commit.
  const version = record.private ? undefined : (await git.notes.recordAt(await git.notes.knownTip(), record.id))?.blob;
  if (version) attachment.version = version;
  await git.attachments.edit(
    new Map([[commit, (list: Attachment[]) => [...list.filter((a) => a.session !== record.id), attachment]]]),
    `git-kiro: attach ${record.id} to ${commit.slice(0, 12)}`,
    opts.policy,
  );
  return { commit, attachment };
}
