import { listSessions } from '../../api/list-sessions';
import { activateSession, resumeSession as resumeApi } from '../../api/resume-session';
import type { SessionView } from '../../api/show-session';
import { NotFoundError } from '../../errors';
import type { SessionRecord } from '../../model/session-record';
import type { SessionStore } from '../../store/session-store';
import { defineCommand, jsonFlag } from '../command';
import { renderSession } from '../render';
import { paged, pagerFlag } from '../pager';
import { resolveRef, sessionOfCommit } from './load';
import { continueInto, intoFlags } from '../into';

/** Makes a session active (the latest here, the one named, or the one picked) and prints it. */
export const resumeCommand = defineCommand({
  command: 'resume [id]',
  describe: 'make a session active (default: the latest here) and print it; ID@{N}: as it was N versions back',
  builder: (y) =>
    y
      .positional('id', { type: 'string' })
      .option('picker', { type: 'boolean', describe: 'choose interactively' })
      .option('head', { type: 'boolean', describe: 'the session attached to HEAD, as it was then' })
      .option('commit', { type: 'string', describe: 'the session attached to this commit, as it was then' })
      .options(intoFlags)
      .options(pagerFlag)
      .options(jsonFlag),
  run: async (a, ctx) => {
    const store = await ctx.sessions();
    let record: SessionRecord | undefined;
    if (a.head || a.commit) record = await sessionOfCommit(await ctx.git('resume --commit'), a.commit ?? 'HEAD', ctx);
    else if (a.id) record = await resolveRef(ctx, a.id);
    const view = record ? await activateSession(store, record) : await resumeSession(store, undefined, a.picker);
    if (!view) return ctx.out.err('No session selected.');
    if (a.into) return continueInto(ctx, view.record, a);
    if (a.json) return ctx.out.json({ ...view.record, messages: view.messages });
    ctx.out.err(`✔ Resumed chat session ${view.record.id}`);
    await paged(ctx.out, { enabled: a.pager, cwd: ctx.cwd }, (o) => renderSession(o, view));
  },
});

/**
 * Resumes the session named, else one picked (`picker`), else the latest here.
 * Resolves undefined when the picker was cancelled.
 */
export async function resumeSession(store: SessionStore, id: string | undefined, picker = false): Promise<SessionView | undefined> {
  if (id || !picker) return resumeApi(store, id);
  const sessions = await listSessions(store);
  if (!sessions.length) throw new NotFoundError(`No saved chat sessions for ${store.displayDir}`);
  const { pickSession } = await import('../prompt');
  const chosen = await pickSession(sessions);
  return chosen && resumeApi(store, chosen.id);
}
