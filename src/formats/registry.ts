import type { Conversation } from '../model/message';
import { normaliseKiroV1 } from './kiro-v1/normalise';

/**
 * How each stored source format becomes messages. Normalising runs on read, so it
 * must not throw: a source it cannot understand yields no messages.
 */
export function normaliseSource(format: string, bytes: Buffer): Conversation {
  let doc: unknown;
  try {
    doc = JSON.parse(bytes.toString('utf8'));
  } catch {
    return { messages: [] };
  }
  if (format === 'kiro-v1' && doc && typeof doc === 'object') return normaliseKiroV1(doc as Record<string, unknown>);
  return { messages: [] };
}

export const SOURCE_FORMATS = ['kiro-v1'] as const;
