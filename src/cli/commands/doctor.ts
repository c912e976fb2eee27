import { doctor } from '../../api/doctor';
import { paint } from '../output';
import type { CommandContext } from '../context';

/** Exit 0 when healthy (or everything was repaired); 5 when problems remain. */
export async function doctorCmd(a: { repair?: boolean; json?: boolean }, ctx: CommandContext): Promise<void> {
  const r = await doctor(await ctx.store(), { repair: a.repair });
  if (a.json) ctx.out.json(r);
  else {
    if (!r.problems.length) ctx.out.out(`✔ refs/notes/kiro is healthy: ${r.sessions} sessions, one fanout depth, every note readable, the cache agrees`);
    for (const p of r.problems) {
      const state = p.repaired ? paint(ctx.out, 'green', 'repaired') : p.left ? paint(ctx.out, 'yellow', 'left') : paint(ctx.out, 'red', 'problem');
      ctx.out.out(`${state.padEnd(8)} ${p.check}: ${p.detail}${p.left ? ` (${p.left})` : ''}`);
    }
    if (r.problems.some((p) => !p.repaired && !p.left) && !a.repair) ctx.out.err('run git kiro doctor --repair to mend what can be mended without loss');
  }
  if (!r.ok) process.exitCode = 5;
}
