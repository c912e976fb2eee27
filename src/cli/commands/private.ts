import { setPrivate } from '../../api/set-private';
import type { CommandContext } from '../context';

export async function privateCmd(a: { id: string; state: 'on' | 'off'; json?: boolean }, ctx: CommandContext): Promise<void> {
  const r = await setPrivate(await ctx.store(), a.id, a.state === 'on');
  if (a.json) return ctx.out.json(r);
  ctx.out.err(
    !r.changed
      ? `Session ${r.id} is already ${r.private ? 'private' : 'public'}.`
      : r.private
        ? `✔ Session ${r.id} is private: kept in .git/kiro-private on this machine, never pushed or shared`
        : `✔ Session ${r.id} is public: in refs/notes/kiro, sent by the next git kiro push`,
  );
}
