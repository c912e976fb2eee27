import { logWithNotes } from '../git/commits';
import { NOTES_REF } from '../git/repo';
import { parseAttachments, type Attachment } from '../model/attachment';
import type { GitWorkspace } from '../workspace/workspace';

export interface LogLine {
  commit: string;
  subject: string;
  sessions: Attachment[];
}

/** `git log` of a range with the sessions of each commit (one git process). */
export async function logSessions(git: GitWorkspace, range: string[] = [], max?: number): Promise<LogLine[]> {
  const entries = await logWithNotes(git.repo.root, NOTES_REF, range, max);
  return entries.map((e) => ({ commit: e.commit, subject: e.subject, sessions: parseAttachments(e.note) }));
}
