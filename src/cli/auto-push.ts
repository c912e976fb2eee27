import { spawn } from 'node:child_process';
import { queueAutoPush } from '../api/queue-push';
import type { Workspace } from '../workspace/workspace';

/**
 * After an autosave: with `kiro.autoPush`, queue a push and start the queue runner
 * (`git kiro push --queued --due`) detached, its output discarded, so the command (or the
 * agent's hook, or the commit) returns at once and never waits for the network.
 */
export async function afterAutosave(ws: Workspace): Promise<void> {
  if (ws.kind !== 'git' || !(await queueAutoPush(ws))) return;
  spawn(process.execPath, [process.argv[1], 'push', '--queued', '--due'], { cwd: ws.repo.root, detached: true, stdio: 'ignore' }).unref();
}
