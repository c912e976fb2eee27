import { InvalidInputError, NotFoundError } from '../errors';
import type { SessionRecord } from '../model/session-record';
import type { Workspace } from '../workspace/workspace';
import { resolveOwnSession } from './resolve-id';
import { redactorFor } from './redaction';

/** Changes a session's title; the conversation is untouched. Throws NotFoundError, InvalidInputError. */
export async function renameSession(ws: Workspace, id: string, title: string, now = new Date()): Promise<SessionRecord> {
  const store = ws.sessions;
  const clean = (await redactorFor(ws)).text(title.replace(/\s+/g, ' ').trim(), {});
  if (!clean) throw new InvalidInputError('the title is empty', { field: 'TITLE' });
  const found = await resolveOwnSession(store, id);
  // Everything is read inside the write's retry loop, on the version being replaced:
  // a turn saved meanwhile is renamed with the rest, never written over.
  const { record } = await store.upsert(
    found.id,
    async (existing, existingSource) => {
      if (!existing || !existingSource) throw new NotFoundError(`Chat session '${found.id}' not found`);
      const { source: ref, ...rest } = existing;
      return { record: { ...rest, title: clean, updatedAt: now.toISOString() }, format: ref.format, sourceBytes: await existingSource() };
    },
    `git-kiro: rename ${found.id}`,
  );
  return record;
}
