import { v4 as uuidv4 } from 'uuid';
import { ConflictError } from '../errors';
import type { SessionRecord, SessionSummary } from '../model/session-record';
import type { SessionStore } from '../store/session-store';
import type { GitWorkspace } from '../workspace/workspace';
import { resolveSession } from './resolve-id';
import { redactorFor } from './redaction';
import type { Findings } from '../redact/redact';

/**
 * A frozen, read-only copy of a session with its own SHARE_ID, kept in
 * refs/notes/kiro so it travels with push: it records who shared it, when, and the
 * title, and points at the conversation as it is now (later turns of the session do
 * not change it). Throws ConflictError for a private session or a share.
 */
export async function shareSession(git: GitWorkspace, id: string, now = new Date(), opts: { noRedact?: boolean } = {}): Promise<{ shareId: string; record: SessionRecord; redacted: Findings }> {
  const store = git.sessions;
  const original = await resolveSession(store, id);
  if (original.share) throw new ConflictError(`${original.id} is already a share`, { hint: `fork it: git kiro fork ${original.id}` });
  if (original.private) throw new ConflictError(`session ${original.id} is private; private sessions are never shared`, { hint: `git kiro private ${original.id} off, then share` });
  const sharedBy = await git.author();
  // Redacted again: the session may have been saved with --no-redact; a share never is.
  const redacted: Findings = {};
  const redactor = await redactorFor(git, opts.noRedact);
  const source = redactor.bytes(await store.source(original), redacted);
  const shareId = uuidv4();
  const at = now.toISOString();
  const { source: ref, forkedFrom: _f, ...rest } = original;
  const { record } = await store.upsert(
    shareId,
    () => ({ record: { ...rest, title: redactor.text(rest.title, {}), preview: redactor.text(rest.preview, {}), id: shareId, createdAt: at, updatedAt: at, share: { session: original.id, sharedBy, sharedAt: at } }, format: ref.format, sourceBytes: source }),
    `git-kiro: share ${original.id} as ${shareId}`,
  );
  return { shareId, record, redacted };
}

/** Removes a share (a tombstone, so the removal travels with push). Throws NotFoundError, ConflictError. */
export async function unshareSession(store: SessionStore, shareId: string): Promise<{ shareId: string }> {
  const r = await resolveSession(store, shareId);
  if (!r.share) throw new ConflictError(`${r.id} is a session, not a share`, { hint: 'delete sessions with git kiro delete' });
  await store.remove(r.id);
  return { shareId: r.id };
}

/** Shares in this repository, newest first. */
export async function listShares(store: SessionStore): Promise<SessionSummary[]> {
  return (await store.summaries()).filter((s) => s.share).sort((a, b) => (a.updatedAt < b.updatedAt ? 1 : -1));
}
