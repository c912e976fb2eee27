import { listSessions } from '../../api/list-sessions';
import { resumeSession } from '../../api/resume-session';
import { NotFoundError } from '../../errors';
import { pickSession } from '../prompt';
import { renderSession } from '../render';
import type { CommandContext } from '../context';

export interface ResumeArgs {
  id?: string;
  picker?: boolean;
  json?: boolean;
}

/** Makes a session active (the latest here, the one named, or the one picked) and prints it. */
export async function resume(a: ResumeArgs, ctx: CommandContext): Promise<void> {
  const store = await ctx.store();
  let id = a.id;
  if (a.picker && !id) {
    const sessions = await listSessions(store);
    if (!sessions.length) throw new NotFoundError(`No saved chat sessions for ${store.displayDir}`);
    const chosen = await pickSession(sessions);
    if (!chosen) return ctx.out.err('No session selected.');
    id = chosen.id;
  }
  const view = await resumeSession(store, id);
  if (a.json) return ctx.out.json({ ...view.record, messages: view.messages });
  ctx.out.err(`✔ Resumed chat session ${view.record.id}`);
  renderSession(ctx.out, view);
}
