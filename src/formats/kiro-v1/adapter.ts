import type { FormatAdapter } from '../adapter';
import { issueToError } from '../zod-issue';
import { normaliseKiroV1 } from './normalise';
import { KiroV1Schema, looksLikeKiroV1 } from './schema';

/**
 * Kiro CLI v1 `ConversationState` (what `/chat save` and save-via-script write). The
 * one strict format: Kiro itself refuses a file without its required fields, so we do
 * too, naming the field. Stored as the exact bytes given.
 */
export const kiroV1: FormatAdapter = {
  name: 'kiro-v1',
  extensions: ['.json'],
  detect: (_file, json) => looksLikeKiroV1(json),
  parse(file, json) {
    const r = KiroV1Schema.safeParse(json, { reportInput: true });
    if (!r.success) throw issueToError(r.error.issues, file.name);
    return [{ format: 'kiro-v1', sourceBytes: file.bytes, conversation: normaliseKiroV1(json as Record<string, unknown>) }];
  },
  normalise(bytes) {
    try {
      return normaliseKiroV1(JSON.parse(bytes.toString('utf8')));
    } catch {
      return { messages: [] };
    }
  },
};
