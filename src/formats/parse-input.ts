import { InvalidInputError } from '../errors';
import type { Conversation } from '../model/message';
import { decodeJson } from './decode-json';
import { KiroV1Schema, looksLikeKiroV1 } from './kiro-v1/schema';
import { normaliseKiroV1 } from './kiro-v1/normalise';
import { looksLikeNative, NATIVE_VERSION } from './native';
import { issueToError } from './zod-issue';

export type InputFormat = 'auto' | 'kiro-v1' | 'native';

/** A session as read from outside, ready for the store. */
export interface ParsedInput {
  /** The format of `sourceBytes`. */
  format: string;
  /** The conversation exactly as it will be stored and given back by `load`. */
  sourceBytes: Buffer;
  conversation: Conversation;
  /** Metadata carried by a native export (title, id, createdAt, task …). */
  meta?: Record<string, unknown>;
}

/**
 * Validates and normalises input bytes. Throws InvalidInputError naming the file, and
 * the line or field, of the first problem. Kiro v1 is stored as the exact bytes given.
 */
export function parseInput(bytes: Buffer, file: string, format: InputFormat = 'auto'): ParsedInput {
  const value = decodeJson(bytes, file);
  const kind = format !== 'auto' ? format : looksLikeNative(value) ? 'native' : looksLikeKiroV1(value) ? 'kiro-v1' : undefined;
  if (kind === 'kiro-v1') return parseKiroV1(value, bytes, file);
  if (kind === 'native') return parseNative(value, file);
  throw new InvalidInputError(
    'not a recognised session format',
    { file },
    'expected a Kiro v1 ConversationState (with conversation_id and history) or a git-kiro export; see --format',
  );
}

function parseKiroV1(value: unknown, bytes: Buffer, file: string, root = ''): ParsedInput {
  const r = KiroV1Schema.safeParse(value, { reportInput: true });
  if (!r.success) throw issueToError(r.error.issues, file, root);
  return { format: 'kiro-v1', sourceBytes: bytes, conversation: normaliseKiroV1(value as Record<string, unknown>) };
}

function parseNative(value: unknown, file: string): ParsedInput {
  const doc = value as Record<string, unknown>;
  if (typeof doc.version !== 'number' || doc.version > NATIVE_VERSION) {
    throw new InvalidInputError(`unsupported export version ${String(doc.version)}`, { file, field: 'version' });
  }
  const session = doc.session;
  if (!session || typeof session !== 'object') throw new InvalidInputError('expected an object', { file, field: 'session' });
  const source = doc.source as Record<string, unknown> | undefined;
  if (!source || typeof source.format !== 'string') {
    throw new InvalidInputError('expected {format, data}', { file, field: 'source' });
  }
  if (source.format !== 'kiro-v1') {
    throw new InvalidInputError(`unknown source format "${source.format}"`, { file, field: 'source.format' });
  }
  const bytes = typeof source.text === 'string' ? Buffer.from(source.text) : Buffer.from(`${JSON.stringify(source.data, null, 2)}\n`);
  const inner = typeof source.text === 'string' ? decodeJson(bytes, file) : source.data;
  const parsed = parseKiroV1(inner, bytes, file, 'source.data');
  return { ...parsed, meta: session as Record<string, unknown> };
}
