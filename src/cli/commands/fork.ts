import { forkSession } from '../../api/fork-session';
import type { CommandContext } from '../context';

export async function fork(a: { id: string; at?: number; json?: boolean }, ctx: CommandContext): Promise<void> {
  const { id, record } = await forkSession(await ctx.store(), a.id, { at: a.at });
  if (a.json) return ctx.out.json({ id, title: record.title, forkedFrom: record.forkedFrom });
  ctx.out.out(id);
  ctx.out.err(`✔ Forked as ${id}: "${record.title}", ${record.messageCount} msgs; it is now the active session here`);
}
