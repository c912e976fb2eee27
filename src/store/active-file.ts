import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { writeAtomic } from '../cache/session-cache';

/** The active session pointer: a tiny JSON file, written atomically. */
export function readActive(path: string): string | undefined {
  try {
    const v = JSON.parse(readFileSync(path, 'utf8')) as { id?: unknown };
    return typeof v.id === 'string' ? v.id : undefined;
  } catch {
    return undefined;
  }
}

export function writeActive(path: string, id: string | undefined, now: Date): void {
  if (!id) {
    rmSync(path, { force: true });
    return;
  }
  mkdirSync(dirname(path), { recursive: true });
  writeAtomic(path, JSON.stringify({ id, at: now.toISOString() }));
}
