import { NATIVE_FORMAT, NATIVE_VERSION } from '../formats/native';
import type { SessionRecord } from '../model/session-record';
import type { SessionStore } from '../store/session-store';
import { resolveSession } from './resolve-id';

export type LoadFormat = 'source' | 'native';

/**
 * A session as bytes: its source exactly as saved (a Kiro session comes back as the
 * Kiro JSON that was saved), or git-kiro's own export with the metadata.
 * Throws NotFoundError / ConflictError from id resolution.
 */
export async function loadSession(store: SessionStore, id: string, format: LoadFormat = 'source'): Promise<{ record: SessionRecord; bytes: Buffer }> {
  const record = await resolveSession(store, id);
  return { record, bytes: await renderLoad(store, record, format) };
}

export async function renderLoad(store: SessionStore, record: SessionRecord, format: LoadFormat): Promise<Buffer> {
  const source = await store.source(record);
  if (format === 'source') return source;
  const { source: ref, ...session } = record;
  let data: unknown;
  try {
    data = JSON.parse(source.toString('utf8'));
  } catch {
    data = undefined;
  }
  const src = data === undefined ? { format: ref.format, text: source.toString('utf8') } : { format: ref.format, data };
  return Buffer.from(`${JSON.stringify({ format: NATIVE_FORMAT, version: NATIVE_VERSION, session, source: src }, null, 2)}\n`);
}
