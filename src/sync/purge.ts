import { ExternalError } from '../errors';
import { fetchNotes, pushNotes, setTrackingTip, trackingTips } from '../git/remote';
import { NOTES_REF } from '../git/repo';
import type { GitWorkspace } from '../workspace/workspace';
import { again, done, POLICIES, retry } from '../util/retry';
import { mergeInto } from './merge-into';
import { historyHolds, purgeHistory } from './purge-history';
import { markPurged, rememberPurged, tombstonedKeys } from './purge-state';

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
export async function purge(git: GitWorkspace, opts: { remote?: string } = {}): Promise<PurgeResult> {
  const notes = git.notes;
  const keys = await tombstonedKeys(git);
  rememberPurged(git, keys);
  let cleaned: string | undefined;
  let commits = 0;
  if (opts.remote) {
    const remote = opts.remote === 'default' ? await git.defaultRemote() : opts.remote;
    cleaned = await retry(
      POLICIES.lease,
      async () => {
        const remoteTip = await fetchNotes(git.repo.root, remote, NOTES_REF, { config: await git.config(), commonDir: git.repo.commonDir });
        await mergeInto(git, remote, remoteTip); // their new sessions are kept
        commits = Math.max(commits, (await purgeHistory(notes, await tombstonedKeys(git), 'git-kiro: purge deleted sessions'))?.commits ?? 0);
        notes.forgetTip();
        const tip = await notes.tip();
        if (!tip) return done(undefined);
        const r = await pushNotes(git.repo.root, remote, tip, NOTES_REF, remoteTip ?? '');
        if (r.status === 'rejected') throw new ExternalError(`${remote} refused the purged history: ${r.reason}`);
        if (r.status !== 'ok') return again;
        await setTrackingTip(git.repo.root, remote, tip);
        return done(remote);
      },
      () => new ExternalError(`could not replace the sessions on ${opts.remote}: it kept moving`),
    );
  }
  const result = await purgeHistory(notes, keys, 'git-kiro: purge deleted sessions');
  notes.forgetTip();
  await markPurged(git, keys);
  const remotesHolding: string[] = [];
  for (const t of await trackingTips(git.repo.root)) if (await historyHolds(notes, t.tip, keys.map((k) => k.key))) remotesHolding.push(t.remote);
  return { keys: keys.length, commits: result?.commits ?? commits, remotesHolding, cleaned };
}
