import { ConflictError } from '../errors';
import { casRef } from '../git/objects';
import { defaultRemote, fetchNotes } from '../git/remote';
import { NOTES_REF } from '../git/repo';
import type { SessionStore } from '../store/session-store';
import { countChanges, type SyncCounts } from '../sync/count-changes';
import { mergeNotes } from '../sync/merge-notes';
import { gitOnly } from './git-only';
import { repurgeIfNeeded } from './purge-sessions';

export interface SyncResult {
  remote: string;
  counts: SyncCounts;
}

/**
 * Fetches the remote's sessions into refs/notes/kiro-remote/<remote> and merges them
 * into refs/notes/kiro (fast-forward or a two-parent merge, written with
 * compare-and-swap; a local write in between makes it merge again). Never changes the
 * user's refspecs. Throws NotFoundError (no remote), ExternalError (fetch failed).
 */
export async function pullSessions(store: SessionStore, remoteName?: string): Promise<SyncResult & { remoteTip?: string }> {
  const git = gitOnly(store, 'pull');
  const remote = remoteName ?? (await defaultRemote(git.repo.root));
  const remoteTip = await fetchNotes(git.repo.root, remote, NOTES_REF);
  const counts = await mergeInto(store, remote, remoteTip);
  return { remote, counts, remoteTip };
}

/** Merges a fetched remote tip into the local ref; the counts say what changed here. */
export async function mergeInto(store: SessionStore, remote: string, remoteTip: string | undefined): Promise<SyncCounts> {
  const git = gitOnly(store, 'merge');
  const notes = git.notes;
  for (let attempt = 1; attempt <= 20; attempt++) {
    const local = await notes.tip();
    if (!remoteTip) return countChanges(notes, local, local, 0, await git.sessionCount());
    const m = await mergeNotes(notes, local, remoteTip, `git-kiro: merge sessions from ${remote}`);
    if (!m.next) return countChanges(notes, local, local, 0, await git.sessionCount());
    const moved = await casRef(git.repo.root, NOTES_REF, m.next, local, `git-kiro: ${m.kind} from ${remote}`);
    if (moved === 'ok') {
      await repurgeIfNeeded(git, local);
      git.forgetTip();
      return countChanges(notes, local, m.next, m.forked, await git.sessionCount());
    }
    await new Promise((r) => setTimeout(r, Math.random() * 50 * attempt));
  }
  throw new ConflictError('refs/notes/kiro kept changing during the merge; try again');
}
