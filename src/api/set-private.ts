import { ConflictError } from '../errors';
import { dropFromUnpushedHistory, remotesHolding } from '../sync/unpushed-history';
import type { GitWorkspace } from '../workspace/workspace';
import { resolveSession } from './resolve-id';

/**
 * Marks a session private (kept on this machine only, out of refs/notes/kiro and out
 * of every git object that a push could send) or public again (into the notes, to be
 * pushed and shared like any other). Throws ConflictError when a remote already has
 * it (making it private now would not take it back), or for a share.
 */
export async function setPrivate(git: GitWorkspace, id: string, on: boolean, now = new Date()): Promise<{ id: string; private: boolean; changed: boolean }> {
  const store = git.sessions;
  const record = await resolveSession(store, id);
  if (record.share) throw new ConflictError(`${record.id} is a share; unshare it instead`);
  if (!!record.private === on) return { id: record.id, private: on, changed: false };
  const source = await store.source(record);
  const { source: ref, private: _wasPrivate, ...rest } = record;
  if (on) {
    const remotes = await remotesHolding(git, record.id);
    if (remotes.length) {
      throw new ConflictError(`session ${record.id} is already on ${remotes.join(', ')}; making it private here would not remove it there`, {
        hint: 'delete it (git kiro delete) and purge it from the history the remote keeps',
      });
    }
    await store.privateStore.upsert(record.id, () => ({ record: { ...rest, private: true, updatedAt: now.toISOString() }, format: ref.format, sourceBytes: source }));
    await dropFromUnpushedHistory(git, record.id, `git-kiro: make ${record.id} private`);
  } else {
    await store.privateStore.remove(record.id);
    await store.upsert(record.id, () => ({ record: { ...rest, updatedAt: now.toISOString() }, format: ref.format, sourceBytes: source }), `git-kiro: make ${record.id} public`);
  }
  return { id: record.id, private: on, changed: true };
}
