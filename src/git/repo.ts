import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExternalError } from '../errors';
import { runGit } from './run-git';

/** Where we are: the facts every git-backed command needs, from one git process. */
export interface RepoInfo {
  cwd: string;
  /** This worktree's git dir (per-worktree state: the active session). */
  gitDir: string;
  /** The common git dir, shared by linked worktrees (the cache). */
  commonDir: string;
  /** The worktree root. */
  root: string;
  /** The current directory relative to the root, POSIX, "" at the root. */
  prefix: string;
  objectFormat: 'sha1' | 'sha256';
  /** refs/notes/kiro at discovery time, if it exists. */
  notesTip?: string;
}

export const NOTES_REF = 'refs/notes/kiro';

/**
 * Finds the repository around `cwd`, or undefined outside one (the file store then
 * serves). Throws for a bare repository: sessions are scoped by worktree directory.
 */
export async function discoverRepo(cwd: string): Promise<RepoInfo | undefined> {
  const r = await runGit(
    ['rev-parse', '--path-format=absolute', '--git-dir', '--git-common-dir', '--show-toplevel', '--show-object-format', '--show-prefix', '--revs-only', NOTES_REF],
    { cwd, okCodes: [0, 128] },
  );
  if (r.code !== 0) {
    if (/must be run in a work tree/.test(r.stderr)) {
      throw new ExternalError('this is a bare repository or a git directory', { hint: 'run git kiro inside a worktree' });
    }
    return undefined;
  }
  const [gitDir, commonDir, root, objectFormat, prefix, tip] = r.stdout.toString('utf8').split('\n');
  return {
    cwd,
    gitDir,
    commonDir,
    root,
    prefix: prefix.replace(/\/$/, ''),
    objectFormat: objectFormat === 'sha256' ? 'sha256' : 'sha1',
    notesTip: tip || undefined,
  };
}

/**
 * The object id a ref holds, read from the files as git keeps them (the loose file,
 * else its line in packed-refs), without a process. undefined: no such ref. null: git
 * must answer (the reftable format, a symbolic ref, a name or content not expected).
 * The id is not peeled: a caller that needs a commit asks cat-file for `<id>^{commit}`.
 */
export function refFromFiles(repo: Pick<RepoInfo, 'commonDir'>, ref: string): string | undefined | null {
  if (!/^refs\/(?:notes|heads|remotes)\/[A-Za-z0-9._/-]+$/.test(ref) || ref.includes('..') || ref.endsWith('.lock')) return null;
  const oid = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/;
  try {
    if (existsSync(join(repo.commonDir, 'reftable'))) return null;
    try {
      const loose = readFileSync(join(repo.commonDir, ref), 'utf8').trim();
      return oid.test(loose) ? loose : null;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT') return null;
    }
    let packed: string;
    try {
      packed = readFileSync(join(repo.commonDir, 'packed-refs'), 'utf8');
    } catch (e) {
      return (e as NodeJS.ErrnoException).code === 'ENOENT' ? undefined : null;
    }
    const at = packed.indexOf(` ${ref}\n`);
    if (at < 0) return packed.endsWith(` ${ref}`) ? null : undefined;
    const id = packed.slice(packed.lastIndexOf('\n', at) + 1, at);
    return oid.test(id) ? id : null;
  } catch {
    return null;
  }
}

/** The current tip of a ref, or undefined. */
export async function readRef(cwd: string, ref: string): Promise<string | undefined> {
  const r = await runGit(['rev-parse', '-q', '--verify', `${ref}^{commit}`], { cwd, okCodes: [0, 1, 128] });
  return r.code === 0 ? r.stdout.toString().trim() : undefined;
}
