import { validate as isUuid } from 'uuid';
import { sessionIdOfBytes, sessionIdOfSource } from '../model/source-id';
import { InvalidInputError } from '../errors';
import type { ParsedInput } from '../formats/adapter';
import { RECORD_VERSION, type GitContext, type SessionRecord } from '../model/session-record';
import { deriveTitle, oneLine } from '../model/text';
import type { Build, NewSession, SessionStore } from '../store/session-store';
import { divergedFork, extendsConversation } from './diverged';

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
  if (own && !isUuid(own) && input.format === 'kiro-v1') throw new InvalidInputError(`session id '${own}' is not a UUID`, { file: origin, field: 'conversation_id' });
  return own ? sessionIdOfSource(input.format, own) : sessionIdOfBytes(input.format, input.sourceBytes);
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
  /**
   * Where the session belongs: 'input' (default) follows the directory the agent ran
   * in when the input says so (import, capture), else keeps the stored scope; 'here'
   * files it under the current directory (save, load PATH: you see what you loaded).
   */
  scope?: 'input' | 'here';
  /** An import of a past session: its own times (last message), not the import's. */
  sourceTimes?: boolean;
}

/**
 * The build function a store's upsert calls: the record for `input`, on top of the
 * stored version if any (its title, scope and creation time are kept).
 * - The same conversation with nothing else new writes nothing (`updatedAt` stays).
 * - A conversation that does not extend the stored one (another clone went on
 *   differently, a script printed an older copy) keeps the id, and the stored version
 *   is kept beside it as a fork (`also`): nothing is replaced silently.
 */
export function buildFromInput(store: SessionStore, input: ParsedInput, o: BuildOptions): Build {
  const meta = input.meta ?? {};
  const messages = input.conversation.messages;
  const firstPrompt = messages.find((m) => m.role === 'user' && m.text)?.text;
  const own = meta.cwd ? store.scopeOf(meta.cwd) : undefined;
  const lastAt = [...messages].reverse().find((m) => m.timestamp)?.timestamp;
  const sourceId = store.contentId(input.sourceBytes);
  return async (existing, existingSource) => {
    if (existing && o.skipUnchanged?.(existing)) return null;
    const sameConversation = existing?.source.format === input.format && existing.source.blob === sourceId;
    const sameScope = o.scope !== 'here' || existing?.scope === store.scope;
    if (existing && sameConversation && sameScope && (o.title === undefined || o.title === existing.title) && !o.diff) return null;
    const record: Omit<SessionRecord, 'source'> = {
      ...(existing ?? {}),
      version: RECORD_VERSION,
      id: o.id,
      title: o.title ?? existing?.title ?? (meta.title ? oneLine(meta.title, 80) : deriveTitle(firstPrompt)),
      scope: o.scope === 'here' ? store.scope : own ?? existing?.scope ?? store.scope,
      createdAt: existing?.createdAt ?? meta.createdAt ?? o.now,
      updatedAt: (o.sourceTimes && validTime(lastAt)) || o.now,
      messageCount: messages.length,
      preview: oneLine(firstPrompt ?? '', 150),
    };
    if (input.conversation.agent) record.agent = input.conversation.agent;
    if (input.conversation.model) record.model = input.conversation.model;
    if (o.task ?? meta.task) record.task = (o.task ?? meta.task) as Record<string, unknown>;
    if (o.context) record.git = o.context;
    else if (meta.branch) record.git = { ...existing?.git, branch: meta.branch };
    const also: NewSession['also'] = [];
    if (existing && existingSource && !sameConversation) {
      const stored = await existingSource();
      if (!extendsConversation(existing, stored, messages)) also.push(divergedFork(existing, stored, sourceId));
    }
    return { record, format: input.format, sourceBytes: input.sourceBytes, diff: o.diff, ...(also.length ? { also } : {}) };
  };
}

/** An ISO time the input gave, if it is one (input is a stranger's). */
function validTime(t: string | undefined): string | undefined {
  return t && !Number.isNaN(Date.parse(t)) ? new Date(t).toISOString() : undefined;
}
