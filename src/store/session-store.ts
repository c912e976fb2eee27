import type { ActiveSession } from './active-file';
import type { SearchIndex } from '../cache/search-index';
import type { SearchEntry } from '../cache/session-cache';
export type { SearchEntry };
import type { SessionRecord, SessionSummary } from '../model/session-record';

/** What a save hands the store: the record without its source pointer, and the bytes. */
export interface NewSession {
  record: Omit<SessionRecord, 'source'>;
  format: string;
  sourceBytes: Buffer;
  /** Uncommitted changes at save time (--snapshot). */
  diff?: Buffer;
  /**
   * Other sessions written in the same commit: the stored version kept as a fork when
   * the new conversation does not extend it (nothing is ever replaced silently).
   */
  also?: { id: string; session: NewSession }[];
}

/**
 * What a save computes from the stored version: `existing` (undefined for a new id)
 * and, on demand, its conversation bytes. Called again when writers race, so it must
 * derive everything from what it is given. null: leave the session as it is.
 */
export type Build = (existing?: SessionRecord, existingSource?: () => Promise<Buffer>) => NewSession | null | Promise<NewSession | null>;

/**
 * The one interface the api layer sees. Two implementations: sessions in git notes
 * (inside a repository) and the file store (outside one). Failure contract of each
 * method: it throws a KiroError, never returns a half-written state.
 */
export interface SessionStore {
  /** The scope key of the current directory. */
  readonly scope: string;
  /** The current directory as people read it in messages (Kiro prints the cwd). */
  readonly displayDir: string;
  /** Summaries of one scope, or of every scope when `scope` is undefined. */
  summaries(scope?: string): Promise<SessionSummary[]>;
  /** What search needs of each session before reading any (its conversation's blob id, title, share or not). */
  searchEntries(scope?: string): Promise<SearchEntry[]>;
  /** The words of the conversations, by blob id: what lets `search` read only what can match. */
  readonly searchIndex: SearchIndex;
  /** The record of a full session id, or undefined. */
  record(id: string): Promise<SessionRecord | undefined>;
  /** The stored source bytes of a record. Throws NotFoundError if they are missing. */
  source(record: SessionRecord): Promise<Buffer>;
  /** Before reading many sources: brings those a lean fetch left on the remote, in one round trip. */
  prefetch(records: SessionRecord[]): Promise<void>;
  /**
   * Creates or replaces session `id` (see Build). A build returning null leaves it as
   * it is: `record` is then the stored one and `status` 'unchanged'.
   */
  upsert(id: string, build: Build, message?: string, opts?: UpsertOptions): Promise<UpsertResult & { record: SessionRecord }>;
  /**
   * Starts what a write will wait for (git's config, the object reader, the stored tip's
   * trees) without waiting for it, so that it overlaps the caller's parsing of its input.
   */
  warm(): void;
  /**
   * Stores a conversation's bytes ahead of the upsert that will name them, so an import
   * has git write while it parses the next file. Harmless if never named. Nothing is
   * staged for a private session (`opts.private`, or `id` already private): those never
   * become git objects.
   */
  stage(id: string, bytes: Buffer, opts?: UpsertOptions): Promise<void>;
  /** Many upserts in one write (one notes commit). */
  upsertMany(items: { id: string; build: Build }[], message: string, opts?: UpsertOptions): Promise<UpsertResult[]>;
  /** The id `record.source.blob` would have for these bytes (to tell unchanged sources). */
  contentId(bytes: Buffer): string;
  /** The scope of an absolute directory, or undefined when it is outside this store's reach. */
  scopeOf(dir: string): string | undefined;
  /** Deletes a session; false if it did not exist. Idempotent. */
  remove(id: string): Promise<boolean>;
  /** This worktree's (or directory's) active session id. */
  active(): Promise<string | undefined>;
  /** The active session with when it became active and the file it came from. */
  activeInfo(): Promise<ActiveSession | undefined>;
  /** `file`: the absolute path it was saved from, if any. */
  setActive(id: string | undefined, file?: string): Promise<void>;
  close(): void;
}

export interface UpsertResult {
  id: string;
  status: 'created' | 'updated' | 'unchanged';
  record?: SessionRecord;
  /** The sessions written beside it (`NewSession.also`): forks of a diverged stored version. */
  also?: SessionRecord[];
}

export interface UpsertOptions {
  /** New sessions go to this machine's private store, never into git objects. */
  private?: boolean;
  /** Into the notes even if a private copy exists (`private off`, which removes that copy after). */
  public?: boolean;
}
