import { ConflictError } from '../errors';
import { dropFromUnpushedHistory, remotesHolding } from '../sync/unpushed-history';
import type { GitWorkspace } from '../workspace/workspace';
import { resolveSession } from './resolve-id';

/**
 * Marks a session private (kept on this machine only, out of refs/notes/kiro and out
 * of every git object that a push could send) or public again (into the notes, to be
 * pushed and shared like any other). A move writes the new place first and removes
 * the old one after, reading the version it moves inside the write's retry loop, so
 * a save racing it or a kill between the two steps loses nothing. Its shares go with
 * it when it becomes private. Throws ConflictError when a remote already has it or a
 * share of it (making it private now would not take it back), or for a share.
 */
export async function setPrivate(git: GitWorkspace, id: string, on: boolean, now = new Date()): Promise<{ id: string; private: boolean; changed: boolean }> {
  const store = git.sessions;
  const record = await resolveSession(store, id);
  if (record.share) throw new ConflictError(`${record.id} is a share; unshare it instead`);
  if (!!record.private === on) return { id: record.id, private: on, changed: false };
  const at = now.toISOString();
  if (on) {
    const shares = (await store.summaries()).filter((s) => s.share?.session === record.id).map((s) => s.id);
    for (const sid of [record.id, ...shares]) {
      const remotes = await remotesHolding(git, sid);
      if (remotes.length) {
        throw new ConflictError(`${sid === record.id ? `session ${record.id}` : `share ${sid} of session ${record.id}`} is already on ${remotes.join(', ')}; making it private here would not remove it there`, {
          hint: 'delete it (git kiro delete, git kiro unshare) and purge it from the history the remote keeps',
        });
      }
    }
    await dropFromUnpushedHistory(git, [record.id, ...shares], `git-kiro: make ${record.id} private`, {
      beforeMove: async (tip) => {
        const current = await git.notes.recordAt(tip, record.id);
        if (!current) return;
        const { source: ref, ...rest } = current.record;
        const bytes = await store.source(current.record);
        await store.privateStore.upsert(record.id, () => ({ record: { ...rest, private: true, updatedAt: at }, format: ref.format, sourceBytes: bytes }));
      },
    });
  } else {
    const { source: ref, private: _p, ...rest } = record;
    const bytes = await store.source(record);
    await store.upsert(record.id, () => ({ record: { ...rest, updatedAt: at }, format: ref.format, sourceBytes: bytes }), `git-kiro: make ${record.id} public`, { public: true });
    await store.privateStore.remove(record.id);
  }
  return { id: record.id, private: on, changed: true };
}
