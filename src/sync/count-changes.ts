import { emptyTree } from '../git/objects';
import type { NotesStore } from '../store/notes-store';
import { classify } from './resolve-session';

export interface SyncCounts {
  new: number;
  updated: number;
  forked: number;
  deleted: number;
  unchanged: number;
  /** Sessions kept twice because two clones went on differently: the fork's id and title, and whose fork it is. */
  forks?: { id: string; title: string; of: string }[];
}

export const zeroCounts = (): SyncCounts => ({ new: 0, updated: 0, forked: 0, deleted: 0, unchanged: 0 });

/**
 * What moving from notes commit `from` to `to` did to the sessions (commit
 * attachments are not sessions and are not counted). `forked` is reported by the
 * merge and taken out of `new`; `unchanged` is every session of `to` not touched.
 */
export async function countChanges(notes: NotesStore, from: string | undefined, to: string | undefined, forked: number, sessionsAfter: number): Promise<SyncCounts> {
  const c = zeroCounts();
  if (!to || from === to) return { ...c, unchanged: sessionsAfter };
  const fromTree = from ? await notes.treeOf(from) : await emptyTree(notes.repo.root);
  const changes = await notes.diffNotes(fromTree, await notes.treeOf(to));
  for (const [, [a, b]] of changes) {
    const before = classify(a ? await notes.blob(a) : undefined).kind === 'record';
    const after = classify(b ? await notes.blob(b) : undefined).kind === 'record';
    if (!before && after) c.new++;
    else if (before && after) c.updated++;
    else if (before && !after) c.deleted++;
  }
  c.new -= forked;
  c.forked = forked;
  c.unchanged = Math.max(0, sessionsAfter - c.new - c.updated - c.forked);
  return c;
}
