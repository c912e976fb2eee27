import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../errors';
import { writeAtomic } from '../fs/write-atomic';

/** The file that marks a folder as git-kiro's site and lists what it wrote there. */
export const SITE_MARKER = '.git-kiro-site.json';

/**
 * Writes a static site into `dir`: a new or empty folder, or one this wrote before
 * (its marker lists the files it owns). Each page is written atomically, new pages
 * first, then the pages of an earlier run that are gone now are removed (so a reader
 * never meets a dead link mid-way, and no file it did not write is touched). Throws
 * UsageError for a folder holding anything else.
 */
export function writeSite(dir: string, files: Map<string, string>): { written: string[]; removed: string[] } {
  const marker = join(dir, SITE_MARKER);
  let before: string[] = [];
  if (existsSync(dir) && readdirSync(dir).length) {
    if (!existsSync(marker)) throw new UsageError(`${dir} is not empty and was not written by git kiro publish`, { hint: 'choose a new or empty folder' });
    try {
      const list = JSON.parse(readFileSync(marker, 'utf8')).files;
      before = Array.isArray(list) ? list.filter((f: unknown): f is string => typeof f === 'string' && /^[\w.-]+\.html$/.test(f)) : [];
    } catch {
      throw new UsageError(`${marker} is not valid JSON`, { hint: 'remove the folder, or choose another' });
    }
  }
  mkdirSync(dir, { recursive: true });
  for (const [name, html] of files) writeAtomic(join(dir, name), html);
  writeAtomic(marker, `${JSON.stringify({ generator: 'git-kiro publish', files: [...files.keys()] }, null, 2)}\n`);
  const removed = before.filter((f) => !files.has(f));
  for (const f of removed) rmSync(join(dir, f), { force: true });
  return { written: [...files.keys()], removed };
}
