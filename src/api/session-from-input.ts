import { v5 as uuidv5, validate as isUuid } from 'uuid';
import { InvalidInputError } from '../errors';
import type { ParsedInput } from '../formats/adapter';
import { RECORD_VERSION, type GitContext, type SessionRecord } from '../model/session-record';
import { deriveTitle, oneLine } from '../model/text';
import type { NewSession, SessionStore } from '../store/session-store';

/** Namespace for ids derived from a source's own id when that is not a UUID. */
const SOURCE_ID_NAMESPACE = '2b7a4f1e-8c3d-4e6f-9a0b-1c2d3e4f5a6b';

/**
 * The session id for an input: given, else the source's own (Kiro's conversation_id,
 * Claude's sessionId …), so saving the same conversation again updates it. A source id
 * that is not a UUID is mapped to one deterministically (uuid v5), except for Kiro v1,
 * whose loader requires a UUID: there it is an error naming the field.
 */
export function sessionIdFor(input: ParsedInput, given: string | undefined, origin: string): string {
  if (given !== undefined) {
    if (!isUuid(given)) throw new InvalidInputError(`session id '${given}' is not a UUID`, { field: '--id' });
    return given.toLowerCase();
  }
  const own = input.meta?.id ?? input.conversation.sourceId;
  if (own && isUuid(own)) return own.toLowerCase();
  if (own && input.format === 'kiro-v1') throw new InvalidInputError(`session id '${own}' is not a UUID`, { file: origin, field: 'conversation_id' });
  if (own) return uuidv5(`${input.format}:${own}`, SOURCE_ID_NAMESPACE);
  return uuidv5(`${input.format}:${input.sourceBytes.toString('base64').slice(0, 4096)}:${input.sourceBytes.length}`, SOURCE_ID_NAMESPACE);
}

export interface BuildOptions {
  id: string;
  title?: string;
  now: string;
  context?: GitContext;
  diff?: Buffer;
  task?: Record<string, unknown>;
  /** Leave an identical stored session alone (import): the build returns null. */
  skipUnchanged?: (existing: SessionRecord) => boolean;
}

/**
 * The build function a store's upsert calls: the record for `input`, on top of the
 * stored version if any (its title, scope and creation time are kept).
 */
export function buildFromInput(store: SessionStore, input: ParsedInput, o: BuildOptions): (existing?: SessionRecord) => NewSession | null {
  const meta = input.meta ?? {};
  const messages = input.conversation.messages;
  const firstPrompt = messages.find((m) => m.role === 'user' && m.text)?.text;
  const scope = (meta.cwd && store.scopeOf(meta.cwd)) ?? store.scope;
  return (existing) => {
    if (existing && o.skipUnchanged?.(existing)) return null;
    const record: Omit<SessionRecord, 'source'> = {
      ...(existing ?? {}),
      version: RECORD_VERSION,
      id: o.id,
      title: o.title ?? existing?.title ?? (meta.title ? oneLine(meta.title, 80) : deriveTitle(firstPrompt)),
      scope: existing?.scope ?? scope,
      createdAt: existing?.createdAt ?? meta.createdAt ?? o.now,
      updatedAt: o.now,
      messageCount: messages.length,
      preview: oneLine(firstPrompt ?? '', 150),
    };
    if (input.conversation.agent) record.agent = input.conversation.agent;
    if (input.conversation.model) record.model = input.conversation.model;
    if (o.task ?? meta.task) record.task = (o.task ?? meta.task) as Record<string, unknown>;
    if (o.context) record.git = o.context;
    return { record, format: input.format, sourceBytes: input.sourceBytes, diff: o.diff };
  };
}
