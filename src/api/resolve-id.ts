import { ConflictError, NotFoundError } from '../errors';
import type { SessionRecord } from '../model/session-record';
import type { SessionStore } from '../store/session-store';

const FULL_UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * A full id or any unique prefix (like a short commit id) to the session's record.
 * A full id is looked up directly (no listing). Throws NotFoundError with Kiro's
 * wording, or ConflictError listing the candidates of an ambiguous prefix.
 */
export async function resolveSession(store: SessionStore, idOrPrefix: string): Promise<SessionRecord> {
  const wanted = idOrPrefix.trim();
  if (FULL_UUID.test(wanted) || !/^[0-9a-f-]+$/i.test(wanted)) {
    const r = wanted ? await store.record(wanted) : undefined;
    if (r) return r;
    if (FULL_UUID.test(wanted) || !wanted) throw notFound(wanted);
  }
  const matches = (await store.summaries()).filter((s) => s.id.toLowerCase().startsWith(wanted.toLowerCase()));
  if (matches.length === 0) throw notFound(wanted);
  if (matches.length > 1) {
    const list = matches.slice(0, 10).map((m) => `${m.id}  ${m.title}`).join('\n  ');
    throw new ConflictError(`session id prefix '${wanted}' is ambiguous; it matches ${matches.length} sessions:\n  ${list}`, {
      hint: 'type more characters of the id',
      data: { candidates: matches.map((m) => m.id) },
    });
  }
  const r = await store.record(matches[0].id);
  if (!r) throw notFound(wanted);
  return r;
}

function notFound(id: string): NotFoundError {
  return new NotFoundError(`Chat session '${id}' not found`, { hint: "list this directory's sessions with: git kiro list (--all for the whole repository)" });
}

/** A session that may be changed: not a share (shares are frozen). Throws ConflictError for a share. */
export async function resolveOwnSession(store: SessionStore, idOrPrefix: string): Promise<SessionRecord> {
  const r = await resolveSession(store, idOrPrefix);
  if (r.share) throw new ConflictError(`${r.id} is a share (a frozen copy of session ${r.share.session})`, { hint: `fork it to work on it: git kiro fork ${r.id}; remove it: git kiro unshare ${r.id}` });
  return r;
}
