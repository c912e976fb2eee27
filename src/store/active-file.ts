import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeAtomic } from '../fs/write-atomic';

/**
 * The active session pointer: which session this worktree is working in, since when,
 * and the file it was saved from (so a commit can save its latest state).
 */
export interface ActiveSession {
  id: string;
  at: string;
  file?: string;
}

export function readActive(path: string): ActiveSession | undefined {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as Partial<ActiveSession>;
    return typeof v.id === 'string' && typeof v.at === 'string' ? (v as ActiveSession) : undefined;
  } catch {
    return undefined;
  }
}

export function writeActive(path: string, id: string | undefined, now: Date, file?: string): void {
  if (!id) {
    rmSync(path, { force: true });
    return;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeAtomic(path, JSON.stringify({ id, at: now.toISOString(), ...(file ? { file } : {}) }));
}
