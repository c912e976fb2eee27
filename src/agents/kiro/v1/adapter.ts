import type { FormatAdapter } from '../../../formats/adapter';
import { normaliseKiroV1 } from './normalise';

/** The same shape test Kiro's own loader makes (the key it reads first). */
const looksLikeKiroV1 = (v: unknown) => !!v && typeof v === 'object' && 'conversation_id' in v && 'history' in v;

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
    // zod is loaded when a Kiro session is validated, not by every command that starts.
    /* eslint-disable @typescript-eslint/no-require-imports */
    const { KiroV1Schema } = require('./schema') as typeof import('./schema');
    const { issueToError } = require('../../../formats/zod-issue') as typeof import('../../../formats/zod-issue');
    /* eslint-enable @typescript-eslint/no-require-imports */
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
