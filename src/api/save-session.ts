import { MAX_SESSION_BYTES, WARN_SESSION_BYTES } from '../formats/decode-json';
import { deriveTitle, oneLine } from '../model/text';
import { ConflictError } from '../errors';
import { parseInput, type InputFormat } from '../agents/parse-input';
import type { SessionRecord } from '../model/session-record';
import type { Workspace } from '../workspace/workspace';
import { buildFromInput, sessionIdFor } from './session-from-input';
import { redactorFor } from './redaction';
import type { Findings } from '../redact/redact';

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
  /** Keep it on this machine only (default: git config kiro.private). */
  private?: boolean;
  /** Store secrets as they are (default: redact; git config kiro.redact false turns it off). */
  noRedact?: boolean;
  /** File it under the current directory (a person's save or load); else where it ran or was. */
  here?: boolean;
}

/**
 * Stores one session from outside (a file, stdin, a script). Validates first, so bad
 * input never reaches the store. The source's own id is the session id, so saving the
 * same conversation again updates it (Kiro's upsert); title, scope and creation time
 * of a stored session are kept unless a title is given. The same conversation again
 * writes nothing (`status` 'unchanged'); one that does not extend the stored one keeps
 * the stored version as a fork (`forked`).
 * Throws InvalidInputError (bad input), ConflictError (store busy; `private` asked for
 * a session that is already public).
 */
export async function saveSession(ws: Workspace, opts: SaveOptions): Promise<SaveResult> {
  // git's side first: its processes start now and answer while the input is parsed.
  ws.sessions.warm();
  const parsed = parseInput(opts.bytes, opts.origin, opts.format ?? 'auto');
  const id = sessionIdFor(parsed, opts.id, opts.origin);
  // Secrets are replaced before anything becomes a git object.
  const redacted: Findings = {};
  const store = ws.sessions;
  const redactor = await redactorFor(ws, opts.noRedact);
  const input = redactor.input(parsed, redacted);
  const { context, diff: rawDiff } = await ws.gitContext(!!opts.snapshot);
  const diff = rawDiff && redactor.diff(rawDiff, redacted);
  const now = (opts.now ?? new Date()).toISOString();
  const title = opts.title === undefined ? undefined : redactor.text(opts.title, redacted);
  const build = buildFromInput(store, input, { id, title, now, context, diff, task: opts.task, scope: opts.here ? 'here' : 'input' });
  if (opts.private) {
    const stored = await store.record(id);
    if (stored && !stored.private) {
      throw new ConflictError(`session ${id} is already stored as a public session; --private applies to new sessions`, { hint: `make it private first: git kiro private ${id} on` });
    }
  }
  const priv = opts.private ?? (await ws.settings()).private;
  // The notes commit says what changed, in the user's name (git's identity): hosts whose
  // pre-receive hooks check messages and authors accept it.
  const label = oneLine(title ?? input.meta?.title ?? deriveTitle(input.conversation.messages.find((m) => m.role === 'user' && m.text)?.text), 72);
  const r = await store.upsert(id, build, `git-kiro: save ${id}: ${label}`, { private: priv });
  if (opts.activate !== false) await store.setActive(id, opts.file);
  const warnings = input.sourceBytes.length >= WARN_SESSION_BYTES ? [`this session is ${(input.sourceBytes.length / 1e6).toFixed(1)} MB; some git hosts refuse objects under 100 MB, and git-kiro stops at ${MAX_SESSION_BYTES / 1e6} MB`] : [];
  return { id, created: r.status === 'created', status: r.status, record: r.record, redacted, forked: r.also ?? [], warnings };
}

export interface SaveResult {
  id: string;
  created: boolean;
  status: 'created' | 'updated' | 'unchanged';
  record: SessionRecord;
  redacted: Findings;
  /** The stored versions kept as forks because this one did not extend them. */
  forked: SessionRecord[];
  /** Worth saying, not wrong (a session close to the size limit). */
  warnings: string[];
}
