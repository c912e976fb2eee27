import { commitSessions } from '../../api/commit-sessions';
import { listSessions } from '../../api/list-sessions';
import type { SessionStore } from '../../store/session-store';
import { resumeSession as resumeSessionApi } from '../../api/resume-session';
import { NotFoundError } from '../../errors';
import { pickSession } from '../prompt';
import { renderSession } from '../render';
import type { CommandContext } from '../context';

export interface ResumeArgs {
  id?: string;
  picker?: boolean;
  /** Resume the session attached to HEAD, or to this commit. */
  head?: boolean;
  commit?: string;
  json?: boolean;
}

/** Makes a session active (the latest here, the one named, or the one picked) and prints it. */
export async function resume(a: ResumeArgs, ctx: CommandContext): Promise<void> {
  const store = await ctx.store();
  let id = a.id;
  if (a.head || a.commit) id = await sessionOfCommit(store, a.commit ?? 'HEAD');
  const view = await resumeSession(store, id, a.picker && !id);
  if (!view) return ctx.out.err('No session selected.');
  if (a.json) return ctx.out.json({ ...view.record, messages: view.messages });
  ctx.out.err(`✔ Resumed chat session ${view.record.id}`);
  renderSession(ctx.out, view);
}

/**
 * Resumes the session named, else one picked (`picker`), else the latest here.
 * Resolves undefined when the picker was cancelled.
 */
export async function resumeSession(store: SessionStore, id: string | undefined, picker = false) {
  if (picker && !id) {
    const sessions = await listSessions(store);
    if (!sessions.length) throw new NotFoundError(`No saved chat sessions for ${store.displayDir}`);
    const chosen = await pickSession(sessions);
    if (!chosen) return undefined;
    id = chosen.id;
  }
  return resumeSessionApi(store, id);
}

/**
 * The session attached to a commit; with several, the newest, or the picker when a
 * person is at a terminal. Throws NotFoundError when none is attached.
 */
export async function sessionOfCommit(store: SessionStore, rev: string): Promise<string> {
  const { commit, attachments } = await commitSessions(store, rev);
  if (!attachments.length) throw new NotFoundError(`no session is attached to ${rev} (${commit.slice(0, 12)})`, { hint: 'attach one: git kiro attach [ID] [REV]' });
  if (attachments.length > 1 && process.stdin.isTTY && process.stderr.isTTY) {
    const summaries = (await listSessions(store, { all: true })).filter((s) => attachments.some((a) => a.session === s.id));
    const chosen = await pickSession(summaries);
    if (chosen) return chosen.id;
  }
  return attachments[0].session;
}
