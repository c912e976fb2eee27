import { UnsupportedVersionError, InvalidInputError } from '../errors';
import { locateJsonError } from '../formats/json-syntax';

/** Bump on an incompatible change of the note layout; history in docs/architecture.md. */
export const RECORD_VERSION = 1;

/** A full object id of either hash (sha1, sha256). */
export const OBJECT_ID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
/** Session ids: uuids, or ids of the same alphabet (file names, refs and terminals are safe). */
export const SESSION_ID = /^[0-9A-Za-z][0-9A-Za-z-]{0,63}$/;
/** No text field of a note is longer (titles and previews are one line of 60-150). */
const MAX_FIELD = 4096;

/** Git context at save time (Kilo's "lightweight snapshot"). */
export interface GitContext {
  /** Remote URL with any credentials removed. */
  remote?: string;
  branch?: string;
  head?: string;
  /** Blob id of `git diff HEAD --binary` including untracked files, when saved with --snapshot. */
  diff?: string;
}

/** A pointer to the stored conversation, in its source format, byte for byte. */
export interface SourceRef {
  format: string;
  /** Blob id of the source bytes. */
  blob: string;
  size: number;
}

/**
 * The note of one session: small, so the cache can be rebuilt from notes alone.
 * The conversation itself is a separate blob named by `source.blob`.
 */
export interface SessionRecord {
  version: number;
  id: string;
  title: string;
  scope: string;
  createdAt: string;
  updatedAt: string;
  messageCount: number;
  /** The first prompt, one line, at most 150 characters (Kiro's list line). */
  preview: string;
  agent?: string;
  model?: string;
  task?: Record<string, unknown>;
  git?: GitContext;
  source: SourceRef;
  /** Kept on this machine only (in .git/kiro-private, never in git objects). */
  private?: boolean;
  /** Set on a share: a frozen, read-only copy of a session. */
  share?: ShareInfo;
  /** Set on a fork: where it came from. */
  forkedFrom?: { share?: string; session?: string; at?: number; reason?: string };
}

export interface ShareInfo {
  /** The session it is a copy of. */
  session: string;
  sharedBy: { name: string; email: string };
  sharedAt: string;
}

/** The fields list and pickers need; what the cache keeps per session. */
export type SessionSummary = Pick<
  SessionRecord,
  'id' | 'title' | 'scope' | 'createdAt' | 'updatedAt' | 'messageCount' | 'preview' | 'agent' | 'model' | 'private' | 'share'
>;

export function toSummary(r: SessionRecord): SessionSummary {
  const s: SessionSummary = {
    id: r.id,
    title: r.title,
    scope: r.scope,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    messageCount: r.messageCount,
    preview: r.preview,
  };
  if (r.agent) s.agent = r.agent;
  if (r.model) s.model = r.model;
  if (r.private) s.private = true;
  if (r.share) s.share = r.share;
  return s;
}

/**
 * Parses a note written by any git-kiro. Cheap hand-written checks instead of zod:
 * this runs for every note on a cache rebuild and on every `show`, where loading zod
 * would cost more than the check (docs/architecture.md). Unknown fields are kept.
 */
export function parseRecord(bytes: Buffer | string, where: string): SessionRecord {
  let v: unknown;
  try {
    v = JSON.parse(bytes.toString());
  } catch {
    const text = bytes.toString();
    const { offset, reason } = locateJsonError(text);
    throw new InvalidInputError(`note is not JSON: ${reason} at byte ${offset}`, { file: where });
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) {
    throw new InvalidInputError('note is not a JSON object', { file: where });
  }
  const r = v as Record<string, unknown>;
  if (typeof r.version !== 'number') throw new InvalidInputError('missing version', { file: where, field: 'version' });
  if (r.version > RECORD_VERSION) throw new UnsupportedVersionError(`session note ${where}`, r.version, RECORD_VERSION);
  // A note may come from anyone who can push to a remote: every field that reaches git,
  // a path or a terminal is checked here, and bounded.
  for (const f of ['id', 'title', 'scope', 'createdAt', 'updatedAt', 'preview'] as const) {
    if (typeof r[f] !== 'string') throw new InvalidInputError('expected a string', { file: where, field: f });
    if ((r[f] as string).length > MAX_FIELD) throw new InvalidInputError(`longer than ${MAX_FIELD} characters`, { file: where, field: f });
  }
  if (!SESSION_ID.test(r.id as string)) throw new InvalidInputError('expected a session id (letters, digits, dashes)', { file: where, field: 'id' });
  if (!Number.isSafeInteger(r.messageCount) || (r.messageCount as number) < 0) throw new InvalidInputError('expected a whole number', { file: where, field: 'messageCount' });
  const src = r.source as Record<string, unknown> | undefined;
  if (!src || typeof src !== 'object' || typeof src.blob !== 'string' || typeof src.format !== 'string') {
    throw new InvalidInputError('expected {format, blob, size}', { file: where, field: 'source' });
  }
  // An object id, never a revision: `refs/heads/x:secret`, a newline or `HEAD` is refused.
  if (!OBJECT_ID.test(src.blob)) throw new InvalidInputError('expected a full object id (hex)', { file: where, field: 'source.blob' });
  if (!/^[a-z0-9-]{1,40}$/.test(src.format)) throw new InvalidInputError('expected a format name', { file: where, field: 'source.format' });
  const git = r.git as Record<string, unknown> | undefined;
  if (git !== undefined && (typeof git !== 'object' || git === null || (git.diff !== undefined && (typeof git.diff !== 'string' || !OBJECT_ID.test(git.diff))))) {
    throw new InvalidInputError('expected {remote, branch, head, diff} with diff an object id', { file: where, field: 'git' });
  }
  return r as unknown as SessionRecord;
}

/** Stable serialisation of a record: the bytes of the note. */
export function serialiseRecord(r: SessionRecord): string {
  return `${JSON.stringify(r, null, 2)}\n`;
}
