import { commitTree, emptyTree, writeBlob } from '../git/objects';
import { runGit } from '../git/run-git';
import { keyBlobContent } from '../store/notes-layout';
import type { NotesStore } from '../store/notes-store';
import { editNotesTree, findNote, type KeyEdit } from '../store/notes-tree';
import { withConversationId } from '../agents/kiro/v1/conversation-id';
import { serialiseRecord } from '../model/session-record';
import { forkRecord, resolveBoth, classify, type Side } from './resolve-session';

/** The result of merging a remote notes commit into the local one. */
export interface MergeResult {
  /** The commit the local ref should move to (undefined: nothing to do). */
  next?: string;
  kind: 'up-to-date' | 'fast-forward' | 'merge';
  forked: number;
  /** The forks made: the versions that lost the id, kept under a new one. */
  forks?: { id: string; title: string; of: string }[];
}

/**
 * Merges notes commit `remote` into `local`: nothing when the remote is already
 * contained, a fast-forward when local is, else a three-way merge against their
 * merge base written as a two-parent notes commit. Keys changed on one side take that
 * side; keys changed on both go to resolveBoth(). Cost grows with the changes, not
 * the store: both sides are diffed against the base and only changed keys are read.
 */
export async function mergeNotes(notes: NotesStore, local: string | undefined, remote: string, message: string): Promise<MergeResult> {
  const cwd = notes.repo.root;
  if (!local) return { next: remote, kind: 'fast-forward', forked: 0 };
  if (local === remote) return { kind: 'up-to-date', forked: 0 };
  const mb = await runGit(['merge-base', local, remote], { cwd, okCodes: [0, 1] });
  const base = mb.code === 0 ? mb.stdout.toString().trim() : undefined;
  if (base === remote) return { kind: 'up-to-date', forked: 0 };

  const baseTree = base ? await notes.treeOf(base) : await emptyTree(cwd);
  const localTree = await notes.treeOf(local);
  const remoteTree = await notes.treeOf(remote);
  // Every note is checked in the tree it comes from (a remote's notes are a stranger's):
  // a record must carry the id its key is made of and name the .src stored beside it.
  const side = async (blob: string | undefined, tree: string, key: string): Promise<Side> => {
    const bytes = blob ? await notes.blob(blob) : undefined;
    let parsed = classify(bytes);
    if (parsed.kind === 'record' && (notes.key(parsed.record.id) !== key || (await findNote(notes.ctx, tree, `${key}.src`)) !== parsed.record.source.blob)) parsed = { kind: 'other' };
    // A deletion of another session's id, put under this key, deletes nothing.
    if (parsed.kind === 'tombstone' && notes.key(parsed.tomb.id) !== key) parsed = { kind: 'other' };
    return { blob, bytes, parsed };
  };
  /**
   * The newest version of a key on one side that passes the checks: the tip's own, or,
   * when a bad note was written over it, the last good one in that side's history since
   * the base. A bad note is skipped, never merged; the good version before it is still
   * that side's work (another clone's turns may be only there).
   */
  const goodVersion = async (tip: string, tipTree: string, key: string, blob: string | undefined): Promise<{ tree: string; side: Side } | undefined> => {
    const s = await side(blob, tipTree, key);
    if (s.parsed!.kind !== 'other') return { tree: tipTree, side: s };
    const paths = [key, `${key.slice(0, 2)}/${key.slice(2)}`, `${key.slice(0, 2)}/${key.slice(2, 4)}/${key.slice(4)}`];
    const commits = (await runGit(['log', '--format=%H', tip, ...(base ? [`^${base}`] : []), '--', ...paths], { cwd })).stdout.toString().split('\n').filter(Boolean);
    for (const c of commits) {
      const tree = await notes.treeOf(c);
      const older = await side(await findNote(notes.ctx, tree, key), tree, key);
      if (older.parsed!.kind !== 'other') return { tree, side: older };
    }
    return undefined;
  };
  /**
   * Only the remote changed this key and its note fails the checks over a good one: its
   * last good version since the base (if any) is its change; else ours stays.
   * undefined: nothing to protect, take the remote as it is.
   */
  const protectedChange = async (key: string, before: string | undefined, after: string | undefined, beforeTree: string): Promise<KeyEdit | 'keep' | undefined> => {
    if (!after || !before) return undefined;
    const [b, r] = await Promise.all([side(before, beforeTree, key), side(after, remoteTree, key)]);
    if (r.parsed!.kind !== 'other' || b.parsed!.kind !== 'record') return undefined;
    const g = await goodVersion(remote, remoteTree, key, after);
    return g && g.side.blob !== before ? entriesOf(notes, g.tree, key) : 'keep';
  };
  if (base === local) {
    // A fast-forward, unless it would put a bad note over a good session: then a merge
    // that keeps the good versions (the same as any other merge would).
    const kept = new Map<string, KeyEdit | null>();
    for (const [key, [before, after]] of await notes.diffNotes(localTree, remoteTree)) {
      const p = await protectedChange(key, before, after, localTree);
      if (p) kept.set(key, p === 'keep' ? await entriesOf(notes, localTree, key) : p);
    }
    if (!kept.size) return { next: remote, kind: 'fast-forward', forked: 0 };
    const tree = await editNotesTree(notes.ctx, remoteTree, kept);
    return { next: await commitTree(cwd, tree, [local, remote].sort(), message), kind: 'merge', forked: 0 };
  }
  const [dl, dr] = await Promise.all([notes.diffNotes(baseTree, localTree), notes.diffNotes(baseTree, remoteTree)]);

  const edits = new Map<string, KeyEdit | null>();
  let forked = 0;
  const forks: NonNullable<MergeResult['forks']> = [];
  for (const [key, [baseBlob, remoteBlob]] of dr) {
    const localChange = dl.get(key);
    if (!localChange) {
      // Only the remote changed it. What fails the checks never replaces a good session.
      const p = await protectedChange(key, baseBlob, remoteBlob, baseTree);
      if (p === 'keep') continue;
      edits.set(key, p ?? (remoteBlob ? await entriesOf(notes, remoteTree, key) : null));
      continue;
    }
    const localBlob = localChange[1];
    if (localBlob === remoteBlob) continue;
    const b = await side(baseBlob, baseTree, key);
    // A side whose note fails the checks is that side's last good version instead.
    const lg = (await goodVersion(local, localTree, key, localBlob)) ?? { tree: localTree, side: await side(localBlob, localTree, key) };
    const rg = (await goodVersion(remote, remoteTree, key, remoteBlob)) ?? { tree: remoteTree, side: await side(remoteBlob, remoteTree, key) };
    const [l, r, lTree, rTree] = [lg.side, rg.side, lg.tree, rg.tree];
    const src = async (s: Side) => (s.parsed!.kind === 'record' ? notes.blob(s.parsed!.record.source.blob) : undefined);
    const res = resolveBoth(b, l, r, { local: await src(l), remote: await src(r) });
    const entries = async (which: 'local' | 'remote') => {
      const s = which === 'local' ? l : r;
      return s.blob ? entriesOf(notes, which === 'local' ? lTree : rTree, key) : null;
    };
    if ('take' in res) {
      // Ours stays in place unless an older good version of ours replaced a bad note.
      if (res.take === 'remote' || lTree !== localTree) edits.set(key, await entries(res.take));
      continue;
    }
    if ('note' in res) {
      edits.set(key, { note: await writeBlob(cwd, res.note), sidecars: {} });
      continue;
    }
    const keptTree = res.keep === 'local' ? lTree : rTree;
    const kept = await entriesOf(notes, keptTree, key);
    if (res.retitle !== undefined) {
      const rec = (res.keep === 'local' ? l : r).parsed!;
      if (rec.kind === 'record') kept.note = await writeBlob(cwd, serialiseRecord({ ...rec.record, title: res.retitle }));
    }
    if (res.keep === 'remote' || res.retitle !== undefined || lTree !== localTree) edits.set(key, kept);
    if (res.fork) {
      const loser = (res.fork.side === 'local' ? l : r).parsed!;
      if (loser.kind !== 'record') continue;
      const source = (await notes.blob(loser.record.source.blob)) ?? Buffer.alloc(0);
      const forkSource = withConversationId(source, loser.record.id, res.fork.id);
      const srcBlob = await writeBlob(cwd, forkSource);
      const record = forkRecord({ ...loser.record, source: { ...loser.record.source, blob: srcBlob, size: forkSource.length } }, res.fork.id, res.fork.title);
      const forkKey = notes.key(res.fork.id);
      await writeBlob(cwd, keyBlobContent(res.fork.id));
      const loserEntries = await entriesOf(notes, res.fork.side === 'local' ? lTree : rTree, key);
      edits.set(forkKey, { note: await writeBlob(cwd, serialiseRecord(record)), sidecars: { ...loserEntries.sidecars, id: forkKey, src: srcBlob } });
      forked++;
      forks.push({ id: res.fork.id, title: res.fork.title, of: loser.record.id });
    }
  }
  const tree = await editNotesTree(notes.ctx, localTree, edits);
  // Parents in a fixed order (the two tips sorted), so the merge does not depend on
  // which clone made it any more than its tree does.
  const next = await commitTree(cwd, tree, [local, remote].sort(), message);
  return { next, kind: 'merge', forked, forks };
}

/** A key's note and sidecars in a tree (any fanout). */
async function entriesOf(notes: NotesStore, rootTree: string, key: string): Promise<KeyEdit> {
  const note = await findNote(notes.ctx, rootTree, key);
  const sidecars: Record<string, string> = {};
  for (const ext of ['id', 'src', 'diff']) {
    const oid = await findNote(notes.ctx, rootTree, `${key}.${ext}`);
    if (oid) sidecars[ext] = oid;
  }
  return { note: note!, sidecars };
}
