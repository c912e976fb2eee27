import type { SessionStore } from '../store/session-store';
import { resolveOwnSession } from './resolve-id';

/** Deletes a session (unique prefix accepted); clears it as active. Throws NotFoundError. */
export async function deleteSession(store: SessionStore, id: string): Promise<{ id: string; title: string }> {
  const record = await resolveOwnSession(store, id);
  await store.remove(record.id);
  if ((await store.active()) === record.id) await store.setActive(undefined);
  return { id: record.id, title: record.title };
}
