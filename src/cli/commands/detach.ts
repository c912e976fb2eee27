import { detachSession } from '../../api/detach-session';
import type { CommandContext } from '../context';

export async function detach(a: { id: string; rev?: string; json?: boolean }, ctx: CommandContext): Promise<void> {
  const r = await detachSession(await ctx.store(), a.id, a.rev);
  if (a.json) return ctx.out.json(r);
  ctx.out.err(`✔ Detached chat session ${r.session} from ${r.commit.slice(0, 12)}`);
}
