import { enqueuePush, flushQueue, settlePush, type FlushResult } from '../sync/push-queue';
import type { GitWorkspace } from '../workspace/workspace';

/**
 * After an autosave (save, capture, a commit's attachment): with `kiro.autoPush`, the
 * default remote is put in the push queue. Returns whether a queue run should start
 * (the caller starts it in the background: an autosave never waits for the network).
 */
export async function queueAutoPush(git: GitWorkspace): Promise<boolean> {
  if (!(await git.settings()).autoPush || !(await git.remotes()).length) return false;
  enqueuePush(git, await git.defaultRemote());
  return true;
}

/** `git kiro push --queued`: runs the queue (the due remotes; all of them with `force`). */
export function runPushQueue(git: GitWorkspace, force = false): Promise<FlushResult> {
  return flushQueue(git, { force });
}

/** After an explicit push succeeded: the queue's entry for that remote is done too. */
export function settleQueued(git: GitWorkspace, remote: string): Promise<boolean> {
  return settlePush(git, remote);
}
