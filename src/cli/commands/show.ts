import { commitSessions } from '../../api/commit-sessions';
import { showSession } from '../../api/show-session';
import { NotFoundError } from '../../errors';
import { maybeCommit } from '../../git/commits';
import { GitSessionStore } from '../../store/git-session-store';
import { paint } from '../output';
import { renderSession } from '../render';
import type { CommandContext } from '../context';

/** One session: metadata, git context and the conversation; or, given a commit, its sessions. */
export async function show(a: { id: string; json?: boolean }, ctx: CommandContext): Promise<void> {
  const store = await ctx.store();
  let view;
  try {
    view = await showSession(store, a.id);
  } catch (e) {
    // Not a session id: a commit (HEAD, a branch, a hash) shows the sessions attached to it.
    if (!(e instanceof NotFoundError) || !(store instanceof GitSessionStore) || !(await maybeCommit(store.repo.root, a.id))) throw e;
    const { commit, attachments } = await commitSessions(store, a.id);
    if (a.json) return ctx.out.json({ commit, sessions: attachments });
    if (!attachments.length) return ctx.out.err(`No session is attached to ${a.id} (${commit.slice(0, 12)})`);
    ctx.out.out(`Sessions attached to ${paint(ctx.out, 'dim', commit)}:`);
    for (const s of attachments) ctx.out.out(`  ${paint(ctx.out, 'yellow', s.session)}  ${s.title}  (${s.messages} msgs${s.at ? `, ${s.at}` : ''})`);
    return;
  }
  if (a.json) return ctx.out.json({ ...view.record, messages: view.messages });
  renderSession(ctx.out, view);
}
