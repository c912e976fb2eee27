import { createHash } from 'node:crypto';

/**
 * Where a session lives in the notes tree.
 *
 * A session's note annotates the blob `kiro-session <uuid>\n`, so its key is a pure
 * function of the id: any clone finds it without scanning. That blob is also stored
 * in the tree (the `.id` entry) so it is reachable: `git gc --prune=now` keeps it and
 * `git notes prune`, which drops notes whose object is missing, keeps the note.
 *
 * Canonical layout, every path at depth two (fanout 2/38, like git's own first level):
 *   ab/<38 hex>        the note: the session record (JSON, small)
 *   ab/<38 hex>.id     the annotated blob
 *   ab/<38 hex>.src    the conversation in its source format, byte for byte
 *   ab/<38 hex>.diff   optional: uncommitted changes at save time (--snapshot)
 * Entries with a suffix are not notes to git (wrong length), so it keeps them as they
 * are when it rewrites the tree itself.
 */
export function keyBlobContent(id: string): string {
  return `kiro-session ${id}\n`;
}

/** The object id of the key blob, computed as git does (no process needed). */
export function sessionKey(id: string, objectFormat: 'sha1' | 'sha256'): string {
  const body = Buffer.from(keyBlobContent(id));
  return createHash(objectFormat === 'sha256' ? 'sha256' : 'sha1')
    .update(`blob ${body.length}\0`)
    .update(body)
    .digest('hex');
}

export const SIDECARS = ['id', 'src', 'diff'] as const;
const HEX = /^[0-9a-f]+$/;
export type Sidecar = (typeof SIDECARS)[number];

/** Splits a tree path into the note key and sidecar it stands for, at any fanout. */
export function classifyPath(path: string, hexLen: number): { key: string; sidecar?: string } | undefined {
  // The layout git-kiro writes (2/38), without the splits and joins: a rebuild asks this
  // of every path of the tree (40,000 at 10,000 sessions).
  if (path.length > 3 && path.charCodeAt(2) === 47 && path.indexOf('/', 3) < 0) {
    const dot = path.indexOf('.', 3);
    const key = path.slice(0, 2) + (dot < 0 ? path.slice(3) : path.slice(3, dot));
    if (key.length !== hexLen || !HEX.test(key)) return undefined;
    return dot < 0 ? { key } : { key, sidecar: path.slice(dot + 1) };
  }
  const flat = path.replace(/\//g, '');
  const dot = flat.indexOf('.');
  const key = dot < 0 ? flat : flat.slice(0, dot);
  if (key.length !== hexLen || !HEX.test(key)) return undefined;
  // Every directory level must be a 2-hex fanout step, or this is not ours.
  const dirs = path.split('/').slice(0, -1);
  if (dirs.some((d) => d.length !== 2)) return undefined;
  return dot < 0 ? { key } : { key, sidecar: flat.slice(dot + 1) };
}
