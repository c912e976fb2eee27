import { safeJson } from '../model/text';
import { v5 as uuidv5 } from 'uuid';
import { normaliseSource } from '../agents/formats';
import { parseAttachments, serialiseAttachments, isAttachmentNote, union } from '../model/attachment';
import { UnsupportedVersionError } from '../errors';
import { parseRecord, type SessionRecord } from '../model/session-record';
import { parseTombstone, type Tombstone } from '../model/tombstone';

/** Namespace of the ids of fork sessions made by merges (uuid v5). */
export const MERGE_FORK_NAMESPACE = '5d1f3c8e-6b0a-4c2e-9a57-0f1e2d3c4b5a';

/**
 * One side's version of a note: its blob id and bytes (undefined: no note), and what
 * it is when the caller has checked it against its tree (`classify` otherwise).
 */
export interface Side {
  blob?: string;
  bytes?: Buffer;
  parsed?: Parsed;
}

export type Parsed =
  | { kind: 'none' }
  | { kind: 'record'; record: SessionRecord }
  | { kind: 'tombstone'; tomb: Tombstone }
  | { kind: 'attachments' }
  /** A session note from a newer git-kiro: kept as it is, never merged over. */
  | { kind: 'newer' }
  /** Anything that fails the checks: never merged over good data. */
  | { kind: 'other' };

export function classify(bytes: Buffer | undefined): Parsed {
  if (!bytes) return { kind: 'none' };
  if (isAttachmentNote(bytes)) return { kind: 'attachments' };
  const tomb = parseTombstone(bytes);
  if (tomb) return { kind: 'tombstone', tomb };
  try {
    return { kind: 'record', record: parseRecord(bytes, 'note') };
  } catch (e) {
    return e instanceof UnsupportedVersionError ? { kind: 'newer' } : { kind: 'other' };
  }
}

const parsedOf = (s: Side): Parsed => s.parsed ?? classify(s.bytes);

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
  const b = parsedOf(base);
  const l = parsedOf(local);
  const r = parsedOf(remote);

  if (l.kind === 'attachments' || r.kind === 'attachments') {
    if (l.kind === 'attachments' && r.kind === 'attachments') {
      return { note: serialiseAttachments(union(parseAttachments(local.bytes!), parseAttachments(remote.bytes!))) };
    }
    return { take: l.kind === 'attachments' ? 'local' : 'remote' };
  }
  // A newer git-kiro's note stays where it is (its readers need it); our record beside
  // it, under an id derived from both versions, so every clone makes the same fork.
  if (l.kind === 'newer' && r.kind === 'record') return { keep: 'local', fork: { side: 'remote', id: uuidv5(`${r.record.id}\n${local.blob}\n${remote.blob}`, MERGE_FORK_NAMESPACE), title: `${r.record.title} (diverged)` } };
  if (r.kind === 'newer' && l.kind === 'record') return { keep: 'remote', fork: { side: 'local', id: uuidv5(`${l.record.id}\n${remote.blob}\n${local.blob}`, MERGE_FORK_NAMESPACE), title: `${l.record.title} (diverged)` } };
  if (l.kind === 'record' && r.kind !== 'record') return { take: keepRecordOver(base, local, l.record, r) ? 'local' : 'remote' };
  if (r.kind === 'record' && l.kind !== 'record') return { take: keepRecordOver(base, remote, r.record, l) ? 'remote' : 'local' };
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

/**
 * Should this record survive against a tombstone, a removal or garbage on the other
 * side? A deletion wins only over the very version it deleted (the note it names, or
 * for older tombstones the same updatedAt): never by clock alone, so a tombstone dated
 * 9999 from a forced remote history cannot delete work it never saw.
 */
function keepRecordOver(base: Side, recordSide: Side, record: SessionRecord, other: Parsed): boolean {
  if (other.kind === 'other' || other.kind === 'newer') return true; // never lose a session to a note we cannot read
  if (other.kind === 'tombstone') {
    const t = other.tomb;
    if (t.deletedNote !== undefined) return t.deletedNote !== recordSide.blob;
    return t.lastUpdatedAt !== record.updatedAt;
  }
  return recordSide.blob !== base.blob;
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
  return normaliseSource(r.source.format, source).messages.map((m) => safeJson([m.role, m.text, m.toolCalls ?? [], m.toolResults ?? []]));
}

function isPrefix(a: string[], b: string[]): boolean {
  return a.length <= b.length && a.every((x, i) => x === b[i]);
}

/** A record with a new id and title for a fork; Kiro's own id inside the source follows. */
export function forkRecord(r: SessionRecord, id: string, title: string): SessionRecord {
  return { ...r, id, title, forkedFrom: { session: r.id, reason: 'diverged' } } as SessionRecord;
}

