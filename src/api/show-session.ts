import { normaliseSource } from '../agents/formats';
import type { Message } from '../model/message';
import type { SessionRecord } from '../model/session-record';
import type { SessionStore } from '../store/session-store';
import { resolveSession } from './resolve-id';

export interface SessionView {
  record: SessionRecord;
  messages: Message[];
}

/** A session with its normalised conversation. Throws NotFoundError / ConflictError. */
export async function showSession(store: SessionStore, id: string): Promise<SessionView> {
  return viewOf(store, await resolveSession(store, id));
}

export async function viewOf(store: SessionStore, record: SessionRecord): Promise<SessionView> {
  return { record, messages: normaliseSource(record.source.format, await store.source(record)).messages };
}
