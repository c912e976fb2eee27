import { safeJson } from '../model/text';
import { v5 as uuidv5 } from 'uuid';
import { normaliseSource } from '../agents/formats';
import { withConversationId } from '../agents/kiro/v1/conversation-id';
import type { Message } from '../model/message';
import type { SessionRecord } from '../model/session-record';
import type { NewSession } from '../store/session-store';

/** Namespace of the ids of forks kept by a save that diverged (uuid v5). */
const SAVE_FORK_NAMESPACE = '8e0f6a52-3c1d-4b7e-a9f4-6d2b1c0e5a37';

const key = (m: Message) => safeJson([m.role, m.text, m.toolCalls ?? [], m.toolResults ?? []]);

/**
 * Whether `incoming` goes on from the stored conversation: every stored message is
 * there, in order, at the start. A stored version that cannot be read at all (no
 * messages) is extended by anything.
 */
export function extendsConversation(stored: SessionRecord, storedBytes: Buffer, incoming: Message[]): boolean {
  const before = normaliseSource(stored.source.format, storedBytes).messages;
  return before.length <= incoming.length && before.every((m, i) => key(m) === key(incoming[i]));
}

/**
 * The stored version kept as a session of its own: a new id (derived from the session
 * and the two versions, so a retried write makes the same fork), lineage in
 * `forkedFrom`, its own times, and Kiro's conversation_id rewritten to the new id.
 */
export function divergedFork(stored: SessionRecord, storedBytes: Buffer, incomingSourceId: string): { id: string; session: NewSession } {
  const id = uuidv5(`${stored.id}\n${stored.source.blob}\n${incomingSourceId}`, SAVE_FORK_NAMESPACE);
  const { source, private: _p, share: _s, ...rest } = stored;
  const sourceBytes = withConversationId(storedBytes, stored.id, id);
  return {
    id,
    session: {
      record: { ...rest, id, title: `${stored.title} (diverged)`, forkedFrom: { session: stored.id, at: stored.messageCount, reason: 'diverged' } },
      format: source.format,
      sourceBytes,
    },
  };
}
