import { doctor } from '../../api/doctor';
import { defineCommand, jsonFlag } from '../command';
import { paint } from '../output';

/** Exit 0 when healthy (or everything was repaired); 5 when problems remain. */
export const doctorCommand = defineCommand({
  command: 'doctor',
  describe: 'check refs/notes/kiro and the cache; --repair mends what can be mended without loss',
  builder: (y) => y.option('repair', { type: 'boolean' }).options(jsonFlag),
  run: async (a, ctx) => {
    const r = await doctor(await ctx.git('doctor'), { repair: a.repair });
    if (a.json) ctx.out.json(r);
    else {
      if (!r.problems.some((p) => !p.warning)) ctx.out.out(`✔ refs/notes/kiro is healthy: ${r.sessions} sessions, one fanout depth, every note readable, the cache agrees`);
      for (const p of r.problems) {
        const state = p.repaired ? paint(ctx.out, 'green', 'repaired') : p.warning ? paint(ctx.out, 'yellow', 'note') : p.left ? paint(ctx.out, 'yellow', 'left') : paint(ctx.out, 'red', 'problem');
        ctx.out.out(`${state.padEnd(8)} ${p.check}: ${p.detail}${p.left ? ` (${p.left})` : ''}`);
      }
      if (r.problems.some((p) => !p.repaired && !p.left) && !a.repair) ctx.out.err('run git kiro doctor --repair to mend what can be mended without loss');
    }
    if (!r.ok) process.exitCode = 5;
  },
});
