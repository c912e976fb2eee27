import { normaliseSource } from '../agents/formats';
import { ConflictError } from '../errors';
import type { Findings } from '../redact/redact';
import type { Workspace } from '../workspace/workspace';
import { redactorFor } from './redaction';
import { resolveSession } from './resolve-id';
import { listShares } from './share-session';
import type { SessionView } from './show-session';

export interface ShareToPublish extends SessionView {
  /** What the redaction check replaced in this share before it was rendered. */
  redacted: Findings;
}

/**
 * The shares a published site will show, each checked the way `share` checks a
 * session: never a private one (the share itself, or the session it was taken from
 * when that is here), and redacted again with today's patterns (a share may predate a
 * pattern, or have been made with --no-redact). Named shares that are private are
 * refused (ConflictError); without names every share is taken and private ones are
 * left out, each reported in `skipped`. Throws NotFoundError for an unknown id.
 */
export async function sharesToPublish(ws: Workspace, ids: string[], opts: { noRedact?: boolean } = {}): Promise<{ shares: ShareToPublish[]; skipped: { id: string; reason: string }[] }> {
  const store = ws.sessions;
  // One after another: the first unknown id stops here, with no read still under way.
  const records = [];
  for (const id of ids.length ? ids : (await listShares(store)).map((s) => s.id)) records.push(await resolveSession(store, id));
  const redactor = await redactorFor(ws, opts.noRedact);
  const shares: ShareToPublish[] = [];
  const skipped: { id: string; reason: string }[] = [];
  for (const record of records) {
    if (!record.share) throw new ConflictError(`${record.id} is a session, not a share`, { hint: `share it first: git kiro share ${record.id}` });
    const original = await resolveSession(store, record.share.session).catch(() => undefined);
    const reason = record.private ? 'it is private' : original?.private ? `the session it was taken from (${original.id}) is private` : undefined;
    if (reason) {
      if (ids.length) throw new ConflictError(`share ${record.id} is not published: ${reason}`, { hint: 'private sessions are never shared; git kiro unshare it, or name other shares' });
      skipped.push({ id: record.id, reason });
      continue;
    }
    const redacted: Findings = {};
    const source = redactor.bytes(await store.source(record), redacted);
    const title = redactor.text(record.title, redacted);
    const preview = redactor.text(record.preview, redacted);
    shares.push({ record: { ...record, title, preview }, messages: normaliseSource(record.source.format, source).messages, redacted });
  }
  return { shares, skipped };
}
