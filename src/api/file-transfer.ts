import { existsSync, readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { writeAtomic } from '../fs/write-atomic';
import { ConflictError, InvalidInputError, NotFoundError } from '../errors';

/**
 * The path Kiro's `/chat load` would open: as given, then with `.json`.
 * Throws NotFoundError, or InvalidInputError for a directory.
 */
export function findLoadPath(path: string, cwd: string): string | undefined {
  for (const p of [path, `${path}.json`]) {
    const abs = resolve(cwd, p);
    if (!existsSync(abs)) continue;
    if (statSync(abs).isDirectory()) throw new InvalidInputError('is a directory, not a session file', { file: p });
    return abs;
  }
  return undefined;
}

export function readSessionFile(path: string, cwd: string): { abs: string; bytes: Buffer } {
  const abs = findLoadPath(path, cwd);
  if (!abs) throw new NotFoundError(`File not found: ${path} (also tried ${path}.json)`);
  return { abs, bytes: readFileSync(abs) };
}

/** Writes a file atomically, refusing to replace one unless `force` (Kiro's wording). */
export function writeSessionFile(path: string, cwd: string, bytes: Buffer, force: boolean): string {
  const abs = resolve(cwd, path);
  if (existsSync(abs)) {
    if (statSync(abs).isDirectory()) throw new InvalidInputError('is a directory', { file: path });
    if (!force) throw new ConflictError(`File at ${path} already exists. To overwrite, use -f or --force`);
  }
  writeAtomic(abs, bytes);
  return abs;
}
