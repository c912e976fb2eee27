import { commitSessions } from '../../api/commit-sessions';
import { viewOf } from '../../api/show-session';
import { resolveRef } from './load';
import { NotFoundError, UsageError } from '../../errors';
import { turnsOf } from '../../model/turns';
import { maybeCommit } from '../../git/commits';
import { defineCommand, jsonFlag } from '../command';
import { paint } from '../output';
import { renderSession } from '../render';
import { paged, pagerFlag } from '../pager';

/** One session: metadata, git context and the conversation; or, given a commit, its sessions. */
export const showCommand = defineCommand({
  command: 'show <id>',
  describe: 'show a session (ID@{N}: as it was N versions back), or the sessions attached to a commit',
  builder: (y) =>
    y
      .positional('id', { type: 'string', demandOption: true })
      .option('turn', { type: 'number', describe: 'only turn N (its prompt and everything until the next prompt)' })
      .options(pagerFlag)
      .options(jsonFlag),
  run: async (a, ctx) => {
    const ws = await ctx.workspace();
    let view;
    try {
      view = await viewOf(ws.sessions, await resolveRef(ctx, a.id));
      if (a.turn !== undefined) {
        const turns = turnsOf(view.messages);
        const t = turns[a.turn - 1];
        if (!Number.isInteger(a.turn) || !t) throw new UsageError(`--turn must be from 1 to ${turns.length}`, { hint: `${view.record.id} has ${turns.length} turns` });
        view = { ...view, messages: view.messages.slice(t.messages[0], t.messages[1] + 1) };
      }
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
    // One turn names its address in the viewer, the link blame and commit pages use.
    const url = a.turn !== undefined ? turnUrl(view.record.id, a.turn) : undefined;
    if (a.json) return ctx.out.json({ ...view.record, ...(url ? { turn: a.turn, url } : {}), messages: view.messages });
    await paged(ctx.out, { enabled: a.pager, cwd: ctx.cwd }, (o) => {
      if (url) o.out(paint(o, 'dim', `turn ${a.turn}: ${url}`));
      renderSession(o, view);
    });
  },
});

/** The viewer's address of one turn of a session (`git kiro serve`'s default port). */
export const turnUrl = (id: string, turn: number) => `http://127.0.0.1:7433/session/${id}#turn-${turn}`;
