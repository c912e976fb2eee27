import { listSessions } from '../../api/list-sessions';
import { resumeSession as resumeApi } from '../../api/resume-session';
import { NotFoundError } from '../../errors';
import type { SessionStore } from '../../store/session-store';
import { defineCommand, jsonFlag } from '../command';
import { renderSession } from '../render';
import { sessionOfCommit } from './load';

/** Makes a session active (the latest here, the one named, or the one picked) and prints it. */
export const resumeCommand = defineCommand({
  command: 'resume [id]',
  describe: 'make a session active (default: the latest here) and print it',
  builder: (y) =>
    y
      .positional('id', { type: 'string' })
      .option('picker', { type: 'boolean', describe: 'choose interactively' })
      .option('head', { type: 'boolean', describe: 'the session attached to HEAD' })
      .option('commit', { type: 'string', describe: 'the session attached to this commit' })
      .options(jsonFlag),
  run: async (a, ctx) => {
    const store = await ctx.sessions();
    let id = a.id;
    if (a.head || a.commit) id = await sessionOfCommit(await ctx.git('resume --commit'), a.commit ?? 'HEAD', ctx);
    const view = await resumeSession(store, id, a.picker && !id);
    if (!view) return ctx.out.err('No session selected.');
    if (a.json) return ctx.out.json({ ...view.record, messages: view.messages });
    ctx.out.err(`✔ Resumed chat session ${view.record.id}`);
    renderSession(ctx.out, view);
  },
});

/**
 * Resumes the session named, else one picked (`picker`), else the latest here.
 * Resolves undefined when the picker was cancelled.
 */
export async function resumeSession(store: SessionStore, id: string | undefined, picker = false) {
  if (picker && !id) {
    const sessions = await listSessions(store);
    if (!sessions.length) throw new NotFoundError(`No saved chat sessions for ${store.displayDir}`);
    const { pickSession } = await import('../prompt');
    const chosen = await pickSession(sessions);
    if (!chosen) return undefined;
    id = chosen.id;
  }
  return resumeApi(store, id);
}
