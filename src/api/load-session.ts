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
  // The source as a JSON value when that gives back the same bytes (readable), else as
  // the exact text: saving the export elsewhere must store the very same source.
  const text = source.toString('utf8');
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    data = undefined;
  }
  const exact = data !== undefined && `${JSON.stringify(data, null, 2)}\n` === text;
  const src = exact ? { format: ref.format, data } : { format: ref.format, text };
  return Buffer.from(`${JSON.stringify({ format: NATIVE_FORMAT, version: NATIVE_VERSION, session, source: src }, null, 2)}\n`);
}
