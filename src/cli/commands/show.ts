import { commitSessions } from '../../api/commit-sessions';
import { viewOf } from '../../api/show-session';
import { resolveRef } from './load';
import { NotFoundError } from '../../errors';
import { maybeCommit } from '../../git/commits';
import { defineCommand, jsonFlag } from '../command';
import { paint } from '../output';
import { renderSession } from '../render';
import { paged, pagerFlag } from '../pager';

/** One session: metadata, git context and the conversation; or, given a commit, its sessions. */
export const showCommand = defineCommand({
  command: 'show <id>',
  describe: 'show a session (ID@{N}: as it was N versions back), or the sessions attached to a commit',
  builder: (y) => y.positional('id', { type: 'string', demandOption: true }).options(pagerFlag).options(jsonFlag),
  run: async (a, ctx) => {
    const ws = await ctx.workspace();
    let view;
    try {
      view = await viewOf(ws.sessions, await resolveRef(ctx, a.id));
    } catch (e) {
      // Not a session id: a commit (HEAD, a branch, a hash) shows the sessions attached to it.
      if (!(e instanceof NotFoundError) || ws.kind !== 'git' || !(await maybeCommit(ws.root, a.id))) throw e;
      const { commit, attachments } = await commitSessions(ws, a.id);
      if (a.json) return ctx.out.json({ commit, sessions: attachments });
      if (!attachments.length) return ctx.out.err(`No session is attached to ${a.id} (${commit.slice(0, 12)})`);
      ctx.out.out(`Sessions attached to ${paint(ctx.out, 'dim', commit)}:`);
      for (const s of attachments) ctx.out.out(`  ${paint(ctx.out, 'yellow', s.session)}  ${s.title}  (${s.messages} msgs${s.at ? `, ${s.at}` : ''})`);
      return;
    }
    if (a.json) return ctx.out.json({ ...view.record, messages: view.messages });
    await paged(ctx.out, { enabled: a.pager, cwd: ctx.cwd }, (o) => renderSession(o, view));
  },
});
