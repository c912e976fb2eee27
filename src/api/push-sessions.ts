import { ExternalError } from '../errors';
import { defaultRemote, fetchNotes, pushNotes, trackingRef } from '../git/remote';
import { NOTES_REF } from '../git/repo';
import { runGit } from '../git/run-git';
import type { SessionStore } from '../store/session-store';
import { countChanges } from '../sync/count-changes';
import { gitOnly } from './git-only';
import { mergeInto, type SyncResult } from './pull-sessions';
import { purgedTargets, refuseIfRemoteHoldsPurged } from './purge-sessions';
import { readRef } from '../git/repo';

/** How many fetch-merge-push rounds before a push gives up (others keep pushing). */
export const PUSH_ROUNDS = 12;

/**
 * Pushes refs/notes/kiro without force. On a non-fast-forward: fetch, merge, push
 * again, up to PUSH_ROUNDS times, then a clear error. The counts say what the remote
 * gained. Throws ExternalError when the remote refuses (a hook, permissions) or the
 * rounds run out; the local ref is intact either way.
 */
export async function pushSessions(store: SessionStore, remoteName?: string): Promise<SyncResult> {
  const git = gitOnly(store, 'push');
  const cwd = git.repo.root;
  const remote = remoteName ?? (await defaultRemote(cwd));
  // First try without fetching: the last known remote tip (the tracking ref) is usually
  // still right, and a fetch is a network round trip. A refusal says when it is not.
  const purging = purgedTargets(git).length > 0;
  let remoteTip = purging ? await fetchNotes(cwd, remote, NOTES_REF) : await readRef(cwd, trackingRef(remote));
  for (let round = 1; round <= PUSH_ROUNDS; round++) {
    await refuseIfRemoteHoldsPurged(git, remote, remoteTip);
    if (round > 1 || purging) await mergeInto(store, remote, remoteTip);
    const local = await git.notes.tip();
    if (!local || local === remoteTip) return { remote, counts: await countChanges(git.notes, remoteTip, remoteTip, 0, await git.sessionCount()) };
    const r = await pushNotes(cwd, remote, local, NOTES_REF);
    if (r.status === 'ok') {
      // The remote now has `local`: the tracking ref says so, so the next merge base is right.
      await runGit(['update-ref', trackingRef(remote), local], { cwd });
      return { remote, counts: await countChanges(git.notes, remoteTip, local, 0, await git.sessionCount()) };
    }
    if (r.status === 'rejected') {
      throw new ExternalError(`${remote} refused the sessions: ${r.reason}`, { hint: 'your local sessions are intact; check the remote\'s hooks and permissions' });
    }
    if (round > 1) await new Promise((res) => setTimeout(res, Math.random() * 100 * round));
    remoteTip = await fetchNotes(cwd, remote, NOTES_REF);
  }
  throw new ExternalError(`could not push to ${remote}: it kept moving for ${PUSH_ROUNDS} rounds`, { hint: 'others are pushing sessions right now; run git kiro sync again' });
}
