import * as z from 'zod/mini';

/**
 * Kiro CLI v1 `ConversationState`, as `/chat save` and save-via-script write it
 * (../shared/reference/kiro.md). Only what Kiro itself requires on load is checked, and
 * every object is loose: unknown fields pass through, because the stored bytes are the
 * source and this schema only gates what we accept. `timestamp` may be missing or null
 * (Kiro issue #2540).
 */
const HistoryEntry = z.looseObject({
  user: z.looseObject({
    content: z.record(z.string(), z.unknown()),
    timestamp: z.optional(z.nullable(z.string())),
  }),
  assistant: z.record(z.string(), z.unknown()),
});

export const KiroV1Schema = z.looseObject({
  conversation_id: z.string().check(z.minLength(1)),
  history: z.array(HistoryEntry),
  valid_history_range: z.tuple([z.number(), z.number()]),
  transcript: z.array(z.unknown()),
  tools: z.record(z.string(), z.unknown()),
});

export type KiroV1 = z.infer<typeof KiroV1Schema>;
