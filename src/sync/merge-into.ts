import { ConflictError } from '../errors';
import type { GitWorkspace } from '../workspace/workspace';
import { again, done, POLICIES, retry } from '../util/retry';
import { countChanges, type SyncCounts } from './count-changes';
import { mergeNotes } from './merge-notes';
import { repurgeIfNeeded } from './purge-state';

/**
 * Merges a fetched remote tip into refs/notes/kiro: a fast-forward or a two-parent
 * merge, moved in by compare-and-swap. Each attempt reads the local tip afresh, so a
 * local write in between makes it merge again. The counts say what changed here.
 */
export async function mergeInto(git: GitWorkspace, remote: string, remoteTip: string | undefined): Promise<SyncCounts> {
  const notes = git.notes;
  return retry(
    POLICIES.merge,
    async () => {
      const local = await notes.tip();
      if (!remoteTip) return done(await countChanges(notes, local, local, 0, await git.sessions.sessionCount()));
      const m = await mergeNotes(notes, local, remoteTip, `git-kiro: merge sessions from ${remote}`);
      if (!m.next) return done(await countChanges(notes, local, local, 0, await git.sessions.sessionCount()));
      if ((await notes.moveTip(m.next, local, `git-kiro: ${m.kind} from ${remote}`)) !== 'ok') return again;
      await repurgeIfNeeded(git, local, remoteTip);
      const counts = await countChanges(notes, local, m.next, m.forked, await git.sessions.sessionCount());
      return done(m.forks?.length ? { ...counts, forks: m.forks } : counts);
    },
    () => new ConflictError('refs/notes/kiro kept changing during the merge; try again'),
  );
}
