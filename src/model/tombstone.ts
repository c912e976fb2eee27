import { OBJECT_ID, SESSION_ID } from './session-record';

/**
 * What a deleted session leaves in its note: who deleted it when. Sync needs this to
 * keep a deletion deleted when a clone that still has the session merges later, and
 * to let newer work on the other side win ("deleted vs changed: the change survives").
 * The conversation itself is gone from the tree.
 */
export interface Tombstone {
  version: number;
  id: string;
  deleted: true;
  deletedAt: string;
  /** The session's last updatedAt before deletion (tombstones before `deletedNote`). */
  lastUpdatedAt?: string;
  /**
   * The note (record blob) of the version that was deleted. A deletion wins a merge
   * only over that very version: any other is work the deleter never saw.
   */
  deletedNote?: string;
  /** Its content was purged from history; a clone that merges this purges its own. */
  purged?: true;
}

export function isTombstoneNote(bytes: Buffer): boolean {
  // Every note is asked this on a cache rebuild: a record has no "deleted" key, and the
  // search for it is native (parsing each note twice was a tenth of a rebuild).
  if (!bytes.includes('"deleted"')) return false;
  const v = tryParse(bytes);
  return !!v && v.deleted === true && typeof v.id === 'string';
}

export function parseTombstone(bytes: Buffer): Tombstone | undefined {
  const v = tryParse(bytes);
  if (!v || v.deleted !== true || typeof v.id !== 'string' || !SESSION_ID.test(v.id)) return undefined;
  // From a remote: the fields a merge decides on are checked, the rest is kept.
  if (v.deletedNote !== undefined && (typeof v.deletedNote !== 'string' || !OBJECT_ID.test(v.deletedNote))) return undefined;
  if (v.lastUpdatedAt !== undefined && typeof v.lastUpdatedAt !== 'string') return undefined;
  return v as unknown as Tombstone;
}

export function serialiseTombstone(t: Tombstone): string {
  return `${JSON.stringify(t, null, 2)}\n`;
}

function tryParse(bytes: Buffer): Record<string, unknown> | undefined {
  // Tombstones are small; a large note is a session, not worth parsing here.
  if (bytes.length > 4096) return undefined;
  try {
    const v = JSON.parse(bytes.toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
