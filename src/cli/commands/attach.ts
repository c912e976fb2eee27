import { attachSession } from '../../api/attach-session';
import type { CommandContext } from '../context';

/** Links a session (default: the active one) to a commit (default: HEAD). */
export async function attach(a: { id?: string; rev?: string; json?: boolean }, ctx: CommandContext): Promise<void> {
  const r = await attachSession(await ctx.store(), { id: a.id, rev: a.rev });
  if (a.json) return ctx.out.json({ commit: r.commit, ...r.attachment });
  ctx.out.err(`✔ Attached chat session ${r.attachment.session} ("${r.attachment.title}", ${r.attachment.messages} msgs) to ${r.commit.slice(0, 12)}`);
}
