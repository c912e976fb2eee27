import { logSessions } from '../../api/log-sessions';
import { paint } from '../output';
import type { CommandContext } from '../context';

/** Commits with the sessions attached to them, one line each. */
export async function log(a: { range?: string[]; maxCount?: number; json?: boolean }, ctx: CommandContext): Promise<void> {
  const lines = await logSessions(await ctx.store(), a.range ?? [], a.maxCount);
  if (a.json) return ctx.out.json(lines);
  for (const l of lines) {
    const sessions = l.sessions.map((s) => `${paint(ctx.out, 'yellow', s.session.slice(0, 8))} ${s.title}`).join(', ');
    ctx.out.out(`${paint(ctx.out, 'dim', l.commit.slice(0, 12))} ${l.subject}${sessions ? `  ${paint(ctx.out, 'cyan', '⟨')}${sessions}${paint(ctx.out, 'cyan', '⟩')}` : ''}`);
  }
}
