/**
 * Rewrites Kiro's conversation_id in source bytes, touching nothing else: a fork (by a
 * merge, or `git kiro fork`) is a session of its own, and Kiro keys its upsert by this
 * id, so the copy must carry the new one.
 */
export function withConversationId(source: Buffer, from: string, to: string): Buffer {
  const text = source.toString('utf8');
  const re = new RegExp(`("conversation_id"\\s*:\\s*")${from.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(")`);
  return re.test(text) ? Buffer.from(text.replace(re, `$1${to}$2`)) : source;
}

/** The conversation_id a Kiro v1 source carries, if it parses. */
export function conversationIdOf(source: Buffer): string | undefined {
  try {
    const v = JSON.parse(source.toString('utf8')) as { conversation_id?: unknown };
    return typeof v.conversation_id === 'string' ? v.conversation_id : undefined;
  } catch {
    return undefined;
  }
}
