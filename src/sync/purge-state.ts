import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ConflictError } from '../errors';
import { writeAtomic } from '../fs/write-atomic';
import { writeBlob } from '../git/objects';
import { parseTombstone, serialiseTombstone } from '../model/tombstone';
import { findNote, type KeyEdit } from '../store/notes-tree';
import type { GitWorkspace } from '../workspace/workspace';
import { historyHolds, purgeHistory, type PurgeTarget } from './purge-history';

/**
 * What this clone purged (kiro-purged.json in the common git dir), so a merge that
 * brings the content back purges it again, and a push to a remote whose history still
 * holds it is refused.
 */
const purgedPath = (git: GitWorkspace) => join(git.repo.commonDir, 'kiro-purged.json');

export function purgedTargets(git: GitWorkspace): PurgeTarget[] {
  try {
    return existsSync(purgedPath(git)) ? (JSON.parse(readFileSync(purgedPath(git), 'utf8')) as PurgeTarget[]) : [];
  } catch {
    return [];
  }
}

/** Adds targets to the purged list (by key, once each). */
export function rememberPurged(git: GitWorkspace, targets: PurgeTarget[]): void {
  const known = new Map([...purgedTargets(git), ...targets].map((t) => [t.key, t]));
  writeAtomic(purgedPath(git), JSON.stringify([...known.values()]));
}

/** The deleted sessions and shares: notes at the tip that are tombstones. */
export async function tombstonedKeys(git: GitWorkspace): Promise<PurgeTarget[]> {
  const tip = await git.notes.tip();
  if (!tip) return [];
  const out: PurgeTarget[] = [];
  for (const [key, blob] of await git.notes.listNotes(tip)) {
    const b = await git.notes.blob(blob);
    const t = b && b.length < 4096 ? parseTombstone(b) : undefined;
    if (t) out.push({ key, id: t.id });
  }
  return out;
}

/**
 * Marks the tombstones `purged`, in a commit on top, so every clone that merges them
 * purges its own history of the same sessions. The rewrite is deterministic (the same
 * commits with the same deletions give the same ids), so the clones' histories meet
 * again and their next push is a plain fast-forward, carrying nothing purged.
 */
export async function markPurged(git: GitWorkspace, targets: PurgeTarget[]): Promise<void> {
  if (!targets.length) return;
  await git.notes.update('git-kiro: mark purged', async (tip) => {
    if (!tip) return null;
    const tree = await git.notes.treeOf(tip);
    const edits = new Map<string, KeyEdit>();
    for (const t of targets) {
      const blob = await findNote(git.notes.ctx, tree, t.key);
      const bytes = blob ? await git.notes.blob(blob) : undefined;
      const tomb = bytes ? parseTombstone(bytes) : undefined;
      if (!tomb || tomb.purged) continue;
      edits.set(t.key, { note: await writeBlob(git.repo.root, serialiseTombstone({ ...tomb, purged: true })), sidecars: { id: t.key } });
    }
    return edits.size ? edits : null;
  });
}

/**
 * After a merge: content purged here that came back with a remote's history is purged
 * again (locally), and purges made elsewhere (tombstones marked purged) are applied,
 * but only those the remote really made: a tombstone that says `purged` while the
 * remote's own history still holds the content is a claim, not a purge, and is not
 * followed (else this clone could never push to it again).
 */
export async function repurgeIfNeeded(git: GitWorkspace, before?: string, remoteTip?: string): Promise<void> {
  const tip = await git.notes.tip();
  // Purges made elsewhere arrive as tombstones marked purged: only the changed notes are read.
  const arrived: PurgeTarget[] = [];
  if (tip && before && before !== tip) {
    for (const [key, [, blob]] of await git.notes.diffNotes(await git.notes.treeOf(before), await git.notes.treeOf(tip))) {
      const b = blob ? await git.notes.blob(blob) : undefined;
      const t = b && b.length < 4096 ? parseTombstone(b) : undefined;
      if (t?.purged && git.notes.key(t.id) === key && !(remoteTip && (await historyHolds(git.notes, remoteTip, [key])))) arrived.push({ key, id: t.id });
    }
  }
  if (arrived.length) rememberPurged(git, arrived);
  const targets = purgedTargets(git);
  if (tip && targets.length && (await historyHolds(git.notes, tip, targets.map((t) => t.key)))) {
    await purgeHistory(git.notes, targets, 'git-kiro: purge again content a merge brought back');
    git.notes.forgetTip();
  }
}

/**
 * The purged keys that are still deleted here. A session revived since (a teammate's
 * change beat the deletion) is live again: its purge no longer applies, and the
 * remote that has it is not "holding purged content".
 */
export async function stillPurged(git: GitWorkspace): Promise<PurgeTarget[]> {
  const targets = purgedTargets(git);
  const tip = await git.notes.tip();
  if (!tip || !targets.length) return targets;
  const tree = await git.notes.treeOf(tip);
  const out: PurgeTarget[] = [];
  for (const t of targets) {
    const note = await findNote(git.notes.ctx, tree, t.key);
    const bytes = note ? await git.notes.blob(note) : undefined;
    if (!bytes || parseTombstone(bytes)) out.push(t);
  }
  if (out.length !== targets.length) writeAtomic(purgedPath(git), JSON.stringify(out));
  return out;
}

/** Before a push: a remote whose history still holds purged content is not merged in silently. */
export async function refuseIfRemoteHoldsPurged(git: GitWorkspace, remote: string, remoteTip: string | undefined): Promise<void> {
  const keys = (await stillPurged(git)).map((t) => t.key);
  if (remoteTip && keys.length && (await historyHolds(git.notes, remoteTip, keys))) {
    throw new ConflictError(`${remote} still holds sessions purged here, in its notes history`, {
      hint: `replace its history with the purged one: git kiro purge --remote ${remote}`,
    });
  }
}
