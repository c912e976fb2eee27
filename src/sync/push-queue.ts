import { closeSync, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { writeAtomic } from '../fs/write-atomic';
import { trackingRef } from '../git/remote';
import type { GitWorkspace } from '../workspace/workspace';
import { push } from './push';

/** One remote waiting for the sessions: when it was asked for, how the tries went. */
export interface QueuedPush {
  queuedAt: string;
  attempts: number;
  lastAttemptAt?: string;
  lastError?: string;
}

interface QueueFile {
  version: 1;
  remotes: Record<string, QueuedPush>;
}

const dirOf = (git: GitWorkspace) => join(git.repo.commonDir, 'kiro-sessions');
const fileOf = (git: GitWorkspace) => join(dirOf(git), 'push-queue.json');
const lockOf = (git: GitWorkspace) => join(dirOf(git), 'push-queue.lock');

/** The queue as written (a missing or damaged file is an empty queue: it is only a to-do list). */
export function readQueue(git: GitWorkspace): Record<string, QueuedPush> {
  try {
    const q = JSON.parse(readFileSync(fileOf(git), 'utf8')) as QueueFile;
    return q && q.version === 1 && q.remotes && typeof q.remotes === 'object' ? q.remotes : {};
  } catch {
    return {};
  }
}

function writeQueue(git: GitWorkspace, remotes: Record<string, QueuedPush>): void {
  mkdirSync(dirOf(git), { recursive: true });
  writeAtomic(fileOf(git), `${JSON.stringify({ version: 1, remotes } satisfies QueueFile, null, 2)}\n`);
}

/**
 * Asks for a push of the sessions to `remote`. Coalesces: a remote already waiting
 * stays one entry, and whichever push runs next carries every change made until then.
 * Written before anything touches the network, so a kill or a reboot loses nothing:
 * the entry goes only once a push has succeeded.
 */
export function enqueuePush(git: GitWorkspace, remote: string, now = new Date()): void {
  const q = readQueue(git);
  if (!q[remote]) writeQueue(git, { ...q, [remote]: { queuedAt: now.toISOString(), attempts: 0 } });
}

/**
 * After a push to `remote` succeeded: its entry goes when the remote now has what is
 * here (the local tip is what was pushed). Returns whether it had everything.
 */
export async function settlePush(git: GitWorkspace, remote: string): Promise<boolean> {
  git.notes.forgetTip();
  const local = await git.notes.tip();
  const remoteHas = await git.notes.readCommitRef(trackingRef(remote));
  if (local && local !== remoteHas) return false;
  const q = readQueue(git);
  if (q[remote]) {
    delete q[remote];
    writeQueue(git, q);
  }
  return true;
}

/** A remote that failed waits before the next try: 15 s, doubling per failure, at most 15 minutes. */
export function dueAt(e: QueuedPush): number {
  if (!e.lastAttemptAt || !e.lastError) return 0;
  return Date.parse(e.lastAttemptAt) + Math.min(15_000 * 2 ** Math.max(0, e.attempts - 1), 15 * 60_000);
}

/** Whether a push from the queue is running now (its lock is held by a live process). */
export function pushRunning(git: GitWorkspace): number | undefined {
  try {
    const pid = Number(readFileSync(lockOf(git), 'utf8'));
    process.kill(pid, 0);
    return pid;
  } catch {
    return undefined;
  }
}

/** One queue runner at a time: a lock file holding its pid; a dead holder's lock is taken over. */
function takeLock(git: GitWorkspace): boolean {
  const lock = lockOf(git);
  mkdirSync(dirOf(git), { recursive: true });
  for (let i = 0; i < 2; i++) {
    try {
      const fd = openSync(lock, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return true;
    } catch {
      // Held by a live process: leave it. Empty and new: its holder is writing its pid.
      // Otherwise its holder was killed: take it over.
      if (pushRunning(git)) return false;
      if (existsSync(lock) && !readFileSync(lock, 'utf8') && Date.now() - statSync(lock).mtimeMs < 1000) return false;
      rmSync(lock, { force: true });
    }
  }
  return false;
}

export interface FlushResult {
  pushed: string[];
  failed: { remote: string; error: string }[];
  /** Another runner holds the queue. */
  busy: boolean;
}

/**
 * Runs the queue: every remote that is due (all of them with `force`) is pushed (the
 * ordinary push: fetch and merge when the remote moved, never forced). Success removes
 * the entry, unless the sessions changed during the push (another entry would be
 * needed: it stays, for the next run); failure records the error and the attempt.
 */
export async function flushQueue(git: GitWorkspace, opts: { force?: boolean; now?: () => Date } = {}): Promise<FlushResult> {
  const now = opts.now ?? (() => new Date());
  if (!takeLock(git)) return { pushed: [], failed: [], busy: true };
  const out: FlushResult = { pushed: [], failed: [], busy: false };
  try {
    for (const [remote, entry] of Object.entries(readQueue(git))) {
      if (!opts.force && dueAt(entry) > now().getTime()) continue;
      const attempt = now().toISOString();
      // The attempt is on record before the network is touched: a kill leaves it visible.
      writeQueue(git, { ...readQueue(git), [remote]: { ...entry, attempts: entry.attempts + 1, lastAttemptAt: attempt } });
      try {
        await push(git, remote);
        // Sessions saved while it pushed are not on the remote yet: their entry stays.
        if (await settlePush(git, remote)) out.pushed.push(remote);
        else writeQueue(git, { ...readQueue(git), [remote]: { queuedAt: attempt, attempts: 0 } });
      } catch (e) {
        const error = (e as Error).message;
        writeQueue(git, { ...readQueue(git), [remote]: { ...entry, attempts: entry.attempts + 1, lastAttemptAt: attempt, lastError: error } });
        out.failed.push({ remote, error });
      }
    }
  } finally {
    rmSync(lockOf(git), { force: true });
  }
  return out;
}
