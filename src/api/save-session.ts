import { parseInput, type InputFormat } from '../formats/parse-input';
import type { SessionRecord } from '../model/session-record';
import type { SessionStore } from '../store/session-store';
import { buildFromInput, sessionIdFor } from './session-from-input';

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
 * Stores one session from outside (a file, stdin, a script). Validates first, so bad
 * input never reaches the store. The source's own id is the session id, so saving the
 * same conversation again updates it (Kiro's upsert); title, scope and creation time
 * of a stored session are kept unless a title is given.
 * Throws InvalidInputError (bad input), ConflictError (store busy).
 */
export async function saveSession(store: SessionStore, opts: SaveOptions): Promise<{ id: string; created: boolean; record: SessionRecord }> {
  const input = parseInput(opts.bytes, opts.origin, opts.format ?? 'auto');
  const id = sessionIdFor(input, opts.id, opts.origin);
  const { context, diff } = await store.gitContext(!!opts.snapshot);
  const now = (opts.now ?? new Date()).toISOString();
  const build = buildFromInput(store, input, { id, title: opts.title, now, context, diff, task: opts.task });
  const { record, created } = await store.upsert(id, (existing) => build(existing)!);
  if (opts.activate !== false) await store.setActive(id, opts.file);
  return { id, created, record };
}
