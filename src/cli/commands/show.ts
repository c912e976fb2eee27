import { showSession } from '../../api/show-session';
import { renderSession } from '../render';
import type { CommandContext } from '../context';

/** One session: metadata, git context and the conversation. */
export async function show(a: { id: string; json?: boolean }, ctx: CommandContext): Promise<void> {
  const view = await showSession(await ctx.store(), a.id);
  if (a.json) return ctx.out.json({ ...view.record, messages: view.messages });
  renderSession(ctx.out, view);
}
