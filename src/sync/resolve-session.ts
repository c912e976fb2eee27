import { v5 as uuidv5 } from 'uuid';
import { normaliseSource } from '../agents/formats';
import { parseAttachments, serialiseAttachments, isAttachmentNote, union } from '../model/attachment';
import { parseRecord, type SessionRecord } from '../model/session-record';
import { parseTombstone, type Tombstone } from '../model/tombstone';

/** Namespace of the ids of fork sessions made by merges (uuid v5). */
export const MERGE_FORK_NAMESPACE = '5d1f3c8e-6b0a-4c2e-9a57-0f1e2d3c4b5a';

/** One side's version of a note: its blob id and bytes (undefined: no note). */
export interface Side {
  blob?: string;
  bytes?: Buffer;
}

export type Parsed =
  | { kind: 'none' }
  | { kind: 'record'; record: SessionRecord }
  | { kind: 'tombstone'; tomb: Tombstone }
  | { kind: 'attachments' }
  | { kind: 'other' };

export function classify(bytes: Buffer | undefined): Parsed {
  if (!bytes) return { kind: 'none' };
  if (isAttachmentNote(bytes)) return { kind: 'attachments' };
  const tomb = parseTombstone(bytes);
  if (tomb) return { kind: 'tombstone', tomb };
  try {
    return { kind: 'record', record: parseRecord(bytes, 'note') };
  } catch {
    return { kind: 'other' };
  }
}

/** What the merge does with a key changed on both sides. */
export type Resolution =
  | { take: 'local' | 'remote' }
  | { note: string } // new note bytes, sidecars from `sidecarsFrom`
  | { keep: 'local' | 'remote'; retitle?: string; fork?: { side: 'local' | 'remote'; id: string; title: string } };

/**
 * Decides a key that both sides changed since the base. Symmetric by construction:
 * every choice depends on the two versions, never on which side is "local", so two
 * clones merging each other reach the same tree.
 *   - attachments: the union of lines;
 *   - a tombstone against a record: the record if it changed since the deletion
 *     (new work is never lost), else the tombstone;
 *   - two records: if one conversation extends the other, the longer; if they are the
 *     same conversation, the newer metadata (a rename on one side survives); else both
 *     survive: the newer keeps the id and the other becomes a fork whose id and title
 *     are derived from the two versions.
 */
export function resolveBoth(
  base: Side,
  local: Side,
  remote: Side,
  sources: { local?: Buffer; remote?: Buffer },
): Resolution {
  const b = classify(base.bytes);
  const l = classify(local.bytes);
  const r = classify(remote.bytes);

  if (l.kind === 'attachments' || r.kind === 'attachments') {
    if (l.kind === 'attachments' && r.kind === 'attachments') {
      return { note: serialiseAttachments(union(parseAttachments(local.bytes!), parseAttachments(remote.bytes!))) };
    }
    return { take: l.kind === 'attachments' ? 'local' : 'remote' };
  }
  if (l.kind === 'record' && r.kind !== 'record') return { take: keepRecordOver(base, local, r) ? 'local' : 'remote' };
  if (r.kind === 'record' && l.kind !== 'record') return { take: keepRecordOver(base, remote, l) ? 'remote' : 'local' };
  if (l.kind !== 'record' || r.kind !== 'record') return { take: order(local, remote) };

  const lr = l.record;
  const rr = r.record;
  const lm = messageKeys(lr, sources.local);
  const rm = messageKeys(rr, sources.remote);
  const baseTitle = b.kind === 'record' ? b.record.title : undefined;
  const title = (keep: SessionRecord, other: SessionRecord) => {
    // A rename on exactly one side survives whichever version is kept.
    if (baseTitle === undefined || keep.title !== baseTitle || other.title === baseTitle) return undefined;
    return other.title;
  };
  if (isPrefix(lm, rm) || isPrefix(rm, lm)) {
    const keep: 'local' | 'remote' = lm.length !== rm.length ? (lm.length > rm.length ? 'local' : 'remote') : newer(lr, rr, local, remote);
    const [k, o] = keep === 'local' ? [lr, rr] : [rr, lr];
    return { keep, retitle: title(k, o) };
  }
  const keep = newer(lr, rr, local, remote);
  const [winner, loser, loserSide, loserBlob, winnerBlob] = keep === 'local' ? [lr, rr, 'remote' as const, remote.blob!, local.blob!] : [rr, lr, 'local' as const, local.blob!, remote.blob!];
  const id = uuidv5(`${winner.id}\n${winnerBlob}\n${loserBlob}`, MERGE_FORK_NAMESPACE);
  return { keep, fork: { side: loserSide, id, title: `${loser.title} (diverged)` } };
}

/** Should this record survive against a tombstone, a removal or garbage on the other side? */
function keepRecordOver(base: Side, recordSide: Side, other: Parsed): boolean {
  if (other.kind === 'other') return true; // never lose a session to a note we cannot read
  const changedSinceBase = recordSide.blob !== base.blob;
  if (other.kind === 'tombstone') {
    const rec = classify(recordSide.bytes) as { kind: 'record'; record: SessionRecord };
    // Independent histories have no base: compare times with the deletion instead.
    if (!base.blob) return rec.record.updatedAt > (other.tomb.lastUpdatedAt ?? other.tomb.deletedAt);
    return changedSinceBase;
  }
  return changedSinceBase;
}

function newer(a: SessionRecord, b: SessionRecord, sa: Side, sb: Side): 'local' | 'remote' {
  if (a.updatedAt !== b.updatedAt) return a.updatedAt > b.updatedAt ? 'local' : 'remote';
  return order(sa, sb);
}

/** A total order on versions, for ties: the greater blob id wins. */
function order(a: Side, b: Side): 'local' | 'remote' {
  return (a.blob ?? '') >= (b.blob ?? '') ? 'local' : 'remote';
}

function messageKeys(r: SessionRecord, source: Buffer | undefined): string[] {
  if (!source) return [];
  return normaliseSource(r.source.format, source).messages.map((m) => JSON.stringify([m.role, m.text, m.toolCalls ?? [], m.toolResults ?? []]));
}

function isPrefix(a: string[], b: string[]): boolean {
  return a.length <= b.length && a.every((x, i) => x === b[i]);
}

/** A record with a new id and title for a fork; Kiro's own id inside the source follows. */
export function forkRecord(r: SessionRecord, id: string, title: string): SessionRecord {
  return { ...r, id, title, forkedFrom: { session: r.id, reason: 'diverged' } } as SessionRecord;
}

