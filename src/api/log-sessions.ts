import { logWithNotes } from '../git/commits';
import { NOTES_REF } from '../git/repo';
import { parseAttachments, type Attachment } from '../model/attachment';
import { isTombstoneNote } from '../model/tombstone';
import { findNote } from '../store/notes-tree';
import type { GitWorkspace } from '../workspace/workspace';

export interface LogLine {
  commit: string;
  subject: string;
  sessions: Attachment[];
}

/**
 * `git log` of a range with the sessions of each commit (one git process). A session
 * that was deleted is left out (its commits no longer carry it); one this clone has
 * not fetched is listed.
 */
export async function logSessions(git: GitWorkspace, range: string[] | 'all' = [], max?: number, paths: string[] = []): Promise<LogLine[]> {
  const entries = await logWithNotes(git.repo.root, NOTES_REF, range, max, paths);
  const lines = entries.map((e) => ({ commit: e.commit, subject: e.subject, sessions: parseAttachments(e.note) }));
  const named = new Set(lines.flatMap((l) => l.sessions.map((s) => s.session)));
  if (!named.size) return lines;
  const here = new Set((await git.sessions.summaries()).map((s) => s.id));
  const tip = await git.notes.knownTip();
  const deleted = new Set<string>();
  for (const id of named) {
    if (here.has(id) || !tip) continue;
    const note = await findNote(git.notes.ctx, await git.notes.treeOf(tip), git.notes.key(id));
    const bytes = note ? await git.notes.blob(note) : undefined;
    if (bytes && isTombstoneNote(bytes)) deleted.add(id);
  }
  return deleted.size ? lines.map((l) => ({ ...l, sessions: l.sessions.filter((s) => !deleted.has(s.session)) })) : lines;
}
