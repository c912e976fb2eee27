import { renameSession } from '../../api/rename-session';
import type { CommandContext } from '../context';

export async function rename(a: { id: string; title: string; json?: boolean }, ctx: CommandContext): Promise<void> {
  const r = await renameSession(await ctx.store(), a.id, a.title);
  if (a.json) ctx.out.json({ id: r.id, title: r.title });
  else ctx.out.err(`✔ Renamed chat session ${r.id} to "${r.title}"`);
}
