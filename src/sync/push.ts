import { ExternalError } from '../errors';
import { fetchNotes, pushNotes, setTrackingTip, trackingRef } from '../git/remote';
import { NOTES_REF } from '../git/repo';
import type { GitWorkspace } from '../workspace/workspace';
import { again, done, POLICIES, retry } from '../util/retry';
import { countChanges, type SyncCounts } from './count-changes';
import { mergeInto } from './merge-into';
import type { SyncResult } from './pull';
import { refuseIfRemoteHoldsPurged, stillPurged } from './purge-state';
import { completePrivateMoves } from './unpushed-history';

/**
 * Pushes refs/notes/kiro without force. On a non-fast-forward: fetch, merge, push
 * again (POLICIES.push bounds the rounds), then a clear error. The counts say what the
 * remote gained. Throws ExternalError when the remote refuses (a hook, permissions) or
 * the rounds run out; the local ref is intact either way.
 */
export async function push(git: GitWorkspace, remoteName?: string): Promise<SyncResult> {
  const cwd = git.repo.root;
  const remote = remoteName ?? (await git.defaultRemote());
  await completePrivateMoves(git); // nothing private leaves, even after a kill mid-move
  // First try without fetching: the last known remote tip (the tracking ref) is usually
  // still right, and a fetch is a network round trip. A refusal says when it is not.
  const purging = (await stillPurged(git)).length > 0;
  const lean = { lean: (await git.settings()).leanFetch, config: await git.config(), commonDir: git.repo.commonDir };
  let remoteTip = purging ? await fetchNotes(cwd, remote, NOTES_REF, lean) : await git.notes.readCommitRef(trackingRef(remote));
  const forks: NonNullable<SyncCounts['forks']> = []; // made by the merges on the way
  const withForks = (c: SyncCounts): SyncCounts => (forks.length ? { ...c, forked: forks.length, forks } : c);
  return retry(
    POLICIES.push,
    async (round) => {
      if (round > 1) remoteTip = await fetchNotes(cwd, remote, NOTES_REF, lean);
      await refuseIfRemoteHoldsPurged(git, remote, remoteTip);
      if (round > 1 || purging) forks.push(...((await mergeInto(git, remote, remoteTip)).forks ?? []));
      const local = await git.notes.tip();
      if (!local || local === remoteTip) return done({ remote, rounds: round, counts: withForks(await countChanges(git.notes, remoteTip, remoteTip, 0, await git.sessions.sessionCount())) });
      const r = await pushNotes(cwd, remote, local, NOTES_REF);
      if (r.status === 'ok') {
        await setTrackingTip(cwd, remote, local);
        return done({ remote, rounds: round, counts: withForks(await countChanges(git.notes, remoteTip, local, 0, await git.sessions.sessionCount())) });
      }
      if (r.status === 'rejected') {
        throw new ExternalError(`${remote} refused the sessions: ${r.reason}`, { hint: 'your local sessions are intact; check the remote\'s hooks and permissions' });
      }
      return again;
    },
    () => new ExternalError(`could not push to ${remote}: it kept moving for ${POLICIES.push.attempts} rounds`, { hint: 'others are pushing sessions right now; run git kiro sync again' }),
  );
}
