import { readdirSync, type Dirent } from 'node:fs';
import { join, relative, sep } from 'node:path';

/**
 * The files under `dir` (recursively, through Node's own recursive readdir, which does
 * not follow symbolic links, so a link loop cannot make it spin), sorted by path.
 * `skip` is asked about every folder name on the way down (dot-folders, node_modules).
 * `depth` bounds how many folders deep it looks (0: `dir` itself). A missing or
 * unreadable `dir` has no files.
 */
export function walkFiles(dir: string, opts: { accept: (name: string) => boolean; skip?: (folder: string) => boolean; depth?: number }): string[] {
  let entries: Dirent[];
  try {
    entries = readdirSync(dir, { recursive: true, withFileTypes: true });
  } catch {
    return [];
  }
  const out: string[] = [];
  for (const e of entries) {
    if (!e.isFile() || !opts.accept(e.name)) continue;
    // `parentPath` is Node 20.12+; `path` before it.
    const parent = (e as Dirent & { parentPath?: string }).parentPath ?? (e as Dirent & { path: string }).path;
    const folders = relative(dir, parent).split(sep).filter(Boolean);
    if (opts.depth !== undefined && folders.length > opts.depth) continue;
    if (opts.skip && folders.some(opts.skip)) continue;
    out.push(join(parent, e.name));
  }
  return out.sort();
}
