import { UsageError } from '../errors';
import { normaliseSource } from '../agents/formats';
import { toHtml } from '../render/html';
import { toKiroV1 } from '../agents/kiro/v1/write';
import { toMarkdown } from '../render/markdown';
import type { SessionRecord } from '../model/session-record';
import type { SessionStore } from '../store/session-store';
import { renderLoad } from './load-session';
import { resolveSession } from './resolve-id';

export const EXPORT_FORMATS = ['md', 'html', 'json', 'kiro', 'source'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/**
 * A session in another form: a Markdown transcript, a self-contained HTML page,
 * git-kiro's JSON, Kiro v1 JSON (from any source: the source itself when it is Kiro
 * v1), or the source exactly as stored. Throws NotFoundError, UsageError.
 */
export async function exportSession(store: SessionStore, id: string, format: ExportFormat): Promise<{ record: SessionRecord; bytes: Buffer }> {
  const record = await resolveSession(store, id);
  return { record, bytes: await exportRecord(store, record, format) };
}

/** One version of a session (`record`, current or older) in another form. */
export async function exportRecord(store: SessionStore, record: SessionRecord, format: ExportFormat): Promise<Buffer> {
  if (format === 'source') return store.source(record);
  if (format === 'json') return renderLoad(store, record, 'native');
  const source = await store.source(record);
  if (format === 'kiro' && record.source.format === 'kiro-v1') return source;
  const { messages } = normaliseSource(record.source.format, source);
  if (format === 'kiro') return Buffer.from(`${JSON.stringify(toKiroV1(record.id, messages), null, 2)}\n`);
  if (format === 'md') return Buffer.from(toMarkdown(record, messages));
  if (format === 'html') return Buffer.from(toHtml(record, messages));
  throw new UsageError(`unknown export format "${format}"`, { hint: `one of: ${EXPORT_FORMATS.join(', ')}` });
}
