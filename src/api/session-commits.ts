import type { GitWorkspace } from '../workspace/workspace';
import { logSessions } from './log-sessions';

/** Commits (on any ref) that carry a session: one git log over all refs, bounded to 5,000 commits. */
export async function sessionCommits(git: GitWorkspace, id: string): Promise<{ commit: string; subject: string }[]> {
  try {
    const log = await logSessions(git, 'all', 5000);
    return log.filter((l) => l.sessions.some((s) => s.session === id)).map((l) => ({ commit: l.commit, subject: l.subject }));
  } catch {
    return []; // a repository without commits
  }
}
