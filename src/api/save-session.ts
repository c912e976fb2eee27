import { v4 as uuidv4, validate as isUuid } from 'uuid';
import { InvalidInputError } from '../errors';
import { parseInput, type InputFormat } from '../formats/parse-input';
import { RECORD_VERSION, type SessionRecord } from '../model/session-record';
import { deriveTitle, oneLine } from '../model/text';
import type { SessionStore } from '../store/session-store';

export interface SaveOptions {
  /** The input bytes and where they came from (a path, or "stdin"), for messages. */
  bytes: Buffer;
  origin: string;
  format?: InputFormat;
  title?: string;
  /** Store under this id instead of the source's own. */
  id?: string;
  /** Also store the uncommitted changes (git diff HEAD, untracked included). */
  snapshot?: boolean;
  task?: Record<string, unknown>;
  now?: Date;
  /** Make it the active session of this worktree (default true). */
  activate?: boolean;
  /** The absolute path of the file it came from, remembered so a commit can re-save it. */
  file?: string;
}

/**
 * Stores a session from outside (a file, stdin, a script). Validates first, so bad
 * input never reaches the store. A Kiro conversation keeps its conversation_id as the
 * session id, so saving it again updates it (Kiro's upsert). Title and scope of an
 * existing session are kept unless a title is given.
 * Throws InvalidInputError (bad input), ConflictError (store busy).
 */
export async function saveSession(store: SessionStore, opts: SaveOptions): Promise<{ id: string; created: boolean; record: SessionRecord }> {
  const input = parseInput(opts.bytes, opts.origin, opts.format ?? 'auto');
  const meta = input.meta ?? {};
  const id = opts.id ?? (typeof meta.id === 'string' ? meta.id : undefined) ?? input.conversation.sourceId ?? uuidv4();
  if (!isUuid(id)) throw new InvalidInputError(`session id '${id}' is not a UUID`, { file: opts.origin, field: opts.id ? '--id' : 'conversation_id' });
  const now = (opts.now ?? new Date()).toISOString();
  const { context, diff } = await store.gitContext(!!opts.snapshot);
  const messages = input.conversation.messages;
  const firstPrompt = messages.find((m) => m.role === 'user' && m.text)?.text;
  const { record, created } = await store.upsert(id, (existing) => ({
    record: {
      ...(existing ?? {}),
      version: RECORD_VERSION,
      id,
      title: opts.title ?? existing?.title ?? (typeof meta.title === 'string' ? meta.title : deriveTitle(firstPrompt)),
      scope: existing?.scope ?? store.scope,
      createdAt: existing?.createdAt ?? (typeof meta.createdAt === 'string' ? meta.createdAt : now),
      updatedAt: now,
      messageCount: messages.length,
      preview: oneLine(firstPrompt ?? '', 150),
      ...(input.conversation.agent ? { agent: input.conversation.agent } : {}),
      ...(input.conversation.model ? { model: input.conversation.model } : {}),
      ...(opts.task || meta.task ? { task: (opts.task ?? meta.task) as Record<string, unknown> } : {}),
      ...(context ? { git: context } : {}),
    },
    format: input.format,
    sourceBytes: input.sourceBytes,
    diff,
  }));
  if (opts.activate !== false) await store.setActive(id, opts.file);
  return { id, created, record };
}
