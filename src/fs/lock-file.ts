import { closeSync, mkdirSync, openSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';

/**
 * One writer at a time for a derived cache: an O_EXCL lock file. Waits up to 2 s; a
 * lock older than 30 s is left from a killed process and is taken over. Returns the
 * release function, or undefined when the lock cannot be had (read-only, busy): the
 * caller then works without writing, which is slower but always right.
 */
export function lockFile(path: string): (() => void) | undefined {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch {
    return undefined;
  }
  const deadline = Date.now() + 2000;
  for (;;) {
    try {
      closeSync(openSync(path, 'wx'));
      return () => rmSync(path, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
    }
    try {
      if (Date.now() - statSync(path).mtimeMs > 30_000) unlinkSync(path);
    } catch {
      /* gone already */
    }
    if (Date.now() > deadline) return undefined;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
  }
}
