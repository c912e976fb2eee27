import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../cache/session-cache';
import { ConflictError, ExternalError } from '../errors';
import { defaultRemote, fetchNotes, pushNotes, trackingRef } from '../git/remote';
import { NOTES_REF } from '../git/repo';
import { runGit } from '../git/run-git';
import { parseTombstone, serialiseTombstone } from '../model/tombstone';
import { writeBlob } from '../git/objects';
import { findNote, type KeyEdit } from '../store/notes-tree';
import { GitSessionStore } from '../store/git-session-store';
import { historyHolds, purgeHistory, type PurgeTarget } from '../store/purge-history';
import type { SessionStore } from '../store/session-store';
import { gitOnly } from './git-only';

/** Keys purged here, so a pull that brings their content back purges again. */
const purgedPath = (store: GitSessionStore) => join(store.repo.commonDir, 'kiro-purged.json');

export function purgedTargets(store: GitSessionStore): PurgeTarget[] {
  try {
    return existsSync(purgedPath(store)) ? (JSON.parse(readFileSync(purgedPath(store), 'utf8')) as PurgeTarget[]) : [];
  } catch {
    return [];
  }
}

export interface PurgeResult {
  /** Keys whose content was purged from the local history. */
  keys: number;
  /** Commits in the notes history (all rewritten or reused). */
  commits: number;
  /** Remotes that still hold the content in their notes history (and must be cleaned). */
  remotesHolding: string[];
  /** The remote cleaned with --remote, if any. */
  cleaned?: string;
}

/**
 * Makes deleted content unreachable from refs/notes/kiro, so no later push can send
 * it: every deleted session (tombstone) is dropped from every commit of the notes
 * history. Every other session, and the merge behaviour (tombstones stay), is kept.
 * With `remote`: its sessions are merged in first, then the purged history replaces
 * its refs/notes/kiro with a force-with-lease push (anything pushed there in between
 * makes it fetch and try again). Remotes that already have the content keep it until
 * cleaned that way; clones that fetched it keep it until they purge.
 */
export async function purgeSessions(store: SessionStore, opts: { remote?: string } = {}): Promise<PurgeResult> {
  const git = gitOnly(store, 'purge');
  const notes = git.notes;
  const keys = await tombstonedKeys(git);
  const known = new Map([...purgedTargets(git), ...keys].map((t) => [t.key, t]));
  writeAtomic(purgedPath(git), JSON.stringify([...known.values()]));
  let cleaned: string | undefined;
  let commits = 0;
  if (opts.remote) {
    const remote = opts.remote === 'default' ? await defaultRemote(git.repo.root) : opts.remote;
    for (let round = 1; round <= 8 && !cleaned; round++) {
      const remoteTip = await fetchNotes(git.repo.root, remote, NOTES_REF);
      // pull-sessions imports this file (to re-purge after a merge): load it when needed.
      const { mergeInto } = await import('./pull-sessions');
      await mergeInto(store, remote, remoteTip); // their new sessions are kept
      commits = Math.max(commits, (await purgeHistory(notes, await tombstonedKeys(git), 'git-kiro: purge deleted sessions'))?.commits ?? 0);
      const tip = await notes.tip();
      if (!tip) break;
      const r = await pushNotes(git.repo.root, remote, tip, NOTES_REF, remoteTip ?? '');
      if (r.status === 'ok') {
        await runGit(['update-ref', trackingRef(remote), tip], { cwd: git.repo.root });
        cleaned = remote;
      } else if (r.status === 'rejected') throw new ExternalError(`${remote} refused the purged history: ${r.reason}`);
    }
    if (!cleaned) throw new ExternalError(`could not replace the sessions on ${opts.remote}: it kept moving`);
  }
  const result = await purgeHistory(notes, keys, 'git-kiro: purge deleted sessions');
  await markPurged(git, keys);
  git.forgetTip();
  const remotesHolding: string[] = [];
  for (const t of await git.trackingTips()) if (await historyHolds(notes, t.tip, keys.map((k) => k.key))) remotesHolding.push(t.ref.replace('refs/notes/kiro-remote/', ''));
  return { keys: keys.length, commits: result?.commits ?? commits, remotesHolding, cleaned };
}

/**
 * Marks the tombstones `purged`, in a commit on top, so every clone that merges them
 * purges its own history of the same sessions. The rewrite is deterministic (the same
 * commits with the same deletions give the same ids), so the clones' histories meet
 * again and their next push is a plain fast-forward, carrying nothing purged.
 */
async function markPurged(git: GitSessionStore, targets: PurgeTarget[]): Promise<void> {
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

/** The deleted sessions and shares: notes at the tip that are tombstones. */
async function tombstonedKeys(git: GitSessionStore): Promise<PurgeTarget[]> {
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
 * After a merge: content purged here that came back with a remote's history is purged
 * again (locally). Before a push: a remote whose history still holds purged content
 * is not merged into our history silently; the user is told how to clean it.
 */
export async function repurgeIfNeeded(git: GitSessionStore, before?: string): Promise<void> {
  const tip = await git.notes.tip();
  // Purges made elsewhere arrive as tombstones marked purged: only the changed notes are read.
  const arrived: PurgeTarget[] = [];
  if (tip && before && before !== tip) {
    for (const [key, [, blob]] of await git.notes.diffNotes(await git.notes.treeOf(before), await git.notes.treeOf(tip))) {
      const b = blob ? await git.notes.blob(blob) : undefined;
      const t = b && b.length < 4096 ? parseTombstone(b) : undefined;
      if (t?.purged) arrived.push({ key, id: t.id });
    }
  }
  if (arrived.length) writeAtomic(purgedPath(git), JSON.stringify([...new Map([...purgedTargets(git), ...arrived].map((t) => [t.key, t])).values()]));
  const targets = purgedTargets(git);
  if (tip && targets.length && (await historyHolds(git.notes, tip, targets.map((t) => t.key)))) await purgeHistory(git.notes, targets, 'git-kiro: purge again content a merge brought back');
}

export async function refuseIfRemoteHoldsPurged(git: GitSessionStore, remote: string, remoteTip: string | undefined): Promise<void> {
  const keys = purgedTargets(git).map((t) => t.key);
  if (remoteTip && keys.length && (await historyHolds(git.notes, remoteTip, keys))) {
    throw new ConflictError(`${remote} still holds sessions purged here, in its notes history`, {
      hint: `replace its history with the purged one: git kiro purge --remote ${remote}`,
    });
  }
}
