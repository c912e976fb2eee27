import { isAncestor } from '../git/commits';
import { trackingRef } from '../git/remote';
import { isAttachmentNote } from '../model/attachment';
import { dueAt, pushRunning, readQueue, type QueuedPush } from '../sync/push-queue';
import type { GitWorkspace } from '../workspace/workspace';

export interface RemoteStatus {
  remote: string;
  /** `up to date`: the remote has every session here (as last fetched or pushed). */
  state: 'up to date' | 'not pushed';
  /** Notes here that the remote lacks: sessions (and shares, deletions) and commits' attachments. */
  sessions: number;
  attachments: number;
  /** The queue's entry for this remote, with when it will be tried next. */
  queued?: QueuedPush & { nextTryAt?: string };
  /** A push from the queue is running now (its process id). */
  pushing?: number;
}

/**
 * What is not yet on which remote, and why: the local notes against what each remote
 * was last seen to hold (the tracking ref a fetch or push leaves; no network), with the
 * queue's attempts and last error.
 */
export async function pushStatus(git: GitWorkspace): Promise<RemoteStatus[]> {
  const cwd = git.repo.root;
  const local = await git.notes.tip();
  const queue = readQueue(git);
  const pushing = pushRunning(git);
  const out: RemoteStatus[] = [];
  for (const remote of await git.remotes()) {
    const seen = await git.notes.readCommitRef(trackingRef(remote));
    let sessions = 0;
    let attachments = 0;
    if (local && local !== seen && !(seen && (await isAncestor(cwd, local, seen)))) {
      // What the remote lacks: the notes that differ from what it was last seen to hold.
      const changed = seen ? [...(await git.notes.diffNotes(seen, local)).values()].map(([, now]) => now) : [...(await git.notes.listNotes(local)).values()];
      for (const blob of changed) {
        if (!blob) sessions++; // a note removed here (a purge) is a change too
        else if (isAttachmentNote((await git.notes.blob(blob)) ?? Buffer.alloc(0))) attachments++;
        else sessions++;
      }
    }
    const q = queue[remote];
    const due = q && dueAt(q);
    out.push({
      remote,
      state: sessions + attachments ? 'not pushed' : 'up to date',
      sessions,
      attachments,
      ...(q ? { queued: { ...q, ...(due ? { nextTryAt: new Date(due).toISOString() } : {}) } } : {}),
      ...(pushing ? { pushing } : {}),
    });
  }
  return out;
}
