import { v4 as uuidv4 } from 'uuid';
import { InvalidInputError, NotFoundError } from '../errors';
import { conversationIdOf, withConversationId } from '../agents/kiro/v1/conversation-id';
import { normaliseSource } from '../agents/formats';
import { RECORD_VERSION, type SessionRecord } from '../model/session-record';
import { oneLine } from '../model/text';
import { toKiroV1, truncateKiroV1 } from '../agents/kiro/v1/write';
import type { SessionStore } from '../store/session-store';
import { resolveSession } from './resolve-id';

/**
 * A new session (new id) from a share or a session, scoped to the current directory
 * and made active: title `Forked from "<title>"`, `forkedFrom` naming the share or
 * session and the message it forked at. `at` keeps the first N messages (as Kiro v1).
 * A share that is not here yet is fetched first with `fetch` (a pull, in a git
 * workspace). Throws NotFoundError, InvalidInputError (a bad --at).
 */
export async function forkSession(store: SessionStore, ref: string | SessionRecord, opts: { at?: number; now?: Date; fetch?: () => Promise<unknown> } = {}): Promise<{ id: string; record: SessionRecord }> {
  let original: SessionRecord;
  try {
    original = typeof ref === 'string' ? await resolveSession(store, ref) : ref;
  } catch (e) {
    if (!(e instanceof NotFoundError) || !opts.fetch) throw e;
    await opts.fetch().catch(() => undefined); // no remote, or it is down: the first error stands
    original = await resolveSession(store, ref as string).catch(() => {
      throw new NotFoundError(`no session or share '${ref as string}' here or on the remote`, { hint: 'a share id comes from git kiro share (or git kiro shares on the clone that made it)' });
    });
  }
  const source = await store.source(original);
  const { messages, agent, model } = normaliseSource(original.source.format, source);
  if (opts.at !== undefined && (!Number.isInteger(opts.at) || opts.at < 1 || opts.at > messages.length)) {
    throw new InvalidInputError(`--at must be a message number from 1 to ${messages.length}`, { field: '--at' });
  }
  const id = uuidv4();
  let kept = opts.at === undefined ? messages : messages.slice(0, opts.at);
  let format = original.source.format;
  let bytes = source;
  const cut = opts.at !== undefined && opts.at < messages.length;
  // A Kiro session is cut in its own document (every field of the kept turns stays);
  // another format becomes Kiro v1 built from the kept messages.
  const truncated = cut && format === 'kiro-v1' ? truncateKiroV1(source, opts.at!, id) : undefined;
  if (truncated) {
    bytes = truncated;
    kept = normaliseSource('kiro-v1', truncated).messages;
  } else if (cut) {
    format = 'kiro-v1';
    bytes = Buffer.from(`${JSON.stringify(toKiroV1(id, kept), null, 2)}\n`);
  } else if (format === 'kiro-v1') {
    const own = conversationIdOf(source);
    if (own) bytes = withConversationId(source, own, id);
  }
  const now = (opts.now ?? new Date()).toISOString();
  const firstPrompt = kept.find((m) => m.role === 'user' && m.text)?.text ?? '';
  const from = original.share ? { share: original.id, session: original.share.session } : { session: original.id };
  const { record } = await store.upsert(
    id,
    () => ({
      record: {
        version: RECORD_VERSION,
        id,
        title: `Forked from "${original.title}"`,
        scope: store.scope,
        createdAt: now,
        updatedAt: now,
        messageCount: kept.length,
        preview: oneLine(firstPrompt, 150),
        ...(agent ?? original.agent ? { agent: agent ?? original.agent } : {}),
        ...(model ?? original.model ? { model: model ?? original.model } : {}),
        forkedFrom: { ...from, at: kept.length },
      },
      format,
      sourceBytes: bytes,
    }),
    `git-kiro: fork ${original.id} as ${id}`,
    // A fork of a private session is private: nothing public is made from it.
    { private: !!original.private },
  );
  await store.setActive(id);
  return { id, record };
}
