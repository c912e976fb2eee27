import { NotFoundError } from '../errors';
import { commitsTouching } from '../git/commits';
import { NOTES_REF } from '../git/repo';
import type { SessionRecord } from '../model/session-record';
import { findNote } from '../store/notes-tree';
import type { GitWorkspace } from '../workspace/workspace';
import { resolveSession } from './resolve-id';

export interface SessionVersion {
  /** 0 is the current version, 1 the one before it (`ID@{1}`) … */
  n: number;
  /** The notes commit that wrote it, its author and time. */
  commit: string;
  author: { name: string; email: string };
  at: string;
  /** What wrote it: save, import, capture, merge, rename, fork, share, private … */
  origin: string;
  messages: number;
  title: string;
  /** The record's note blob (what an attachment names). */
  note: string;
  record: SessionRecord;
}

/**
 * Every stored version of a session, newest first: each notes commit that changed its
 * note, with that version's record. Every save is a notes commit, so the history is
 * already in git; this reads it (one `git log` and one note per version). A private
 * session has only its current version.
 */
export async function sessionHistory(git: GitWorkspace, idOrPrefix: string): Promise<SessionVersion[]> {
  const current = await resolveSession(git.sessions, idOrPrefix);
  if (current.private) return [];
  const key = git.notes.key(current.id);
  // Git may have written the note at any fanout depth in older commits.
  const paths = [key, `${key.slice(0, 2)}/${key.slice(2)}`, `${key.slice(0, 2)}/${key.slice(2, 4)}/${key.slice(4)}`];
  const out: SessionVersion[] = [];
  for (const c of await commitsTouching(git.repo.root, NOTES_REF, paths)) {
    const note = await findNote(git.notes.ctx, await git.notes.treeOf(c.commit), key);
    const record = note ? await git.notes.recordIn(await git.notes.treeOf(c.commit), key, note).catch(() => undefined) : undefined;
    if (!note || !record) continue; // a deletion, or a note that fails the checks
    out.push({ n: out.length, commit: c.commit, author: c.author, at: c.at, origin: originOf(c.subject), messages: record.messageCount, title: record.title, note, record });
  }
  return out;
}

/** `git-kiro: save <id>` -> save; `git-kiro: merge sessions from origin` -> merge. */
function originOf(subject: string): string {
  const verb = /^git-kiro: ([a-z-]+)/.exec(subject)?.[1];
  if (!verb) return 'git';
  return verb === 'make' ? 'private' : verb === 'fast-forward' ? 'merge' : verb;
}

/**
 * A session as named on the command line: an id or prefix, or `ID@{N}`, the version N
 * saves back (0 the current one). Throws NotFoundError naming how many versions exist.
 */
export async function resolveVersion(git: GitWorkspace, ref: string): Promise<SessionRecord> {
  const m = VERSIONED.exec(ref);
  if (!m) return resolveSession(git.sessions, ref);
  const n = Number(m[2]);
  const current = await resolveSession(git.sessions, m[1]);
  if (n === 0) return current;
  const versions = await sessionHistory(git, current.id);
  const v = versions[n];
  if (!v) {
    throw new NotFoundError(`session ${current.id} has ${versions.length || 1} version${versions.length === 1 ? '' : 's'}; ${m[1]}@{${n}} is not one`, { hint: `see them: git kiro history ${current.id.slice(0, 8)}` });
  }
  return v.record;
}

/** `ID@{N}`: a session id (or prefix) and how many versions back. */
export const VERSIONED = /^(.+)@\{(\d{1,6})\}$/;
