import { remapCommits, type Remapped } from '../../api/remap-commits';
import { UsageError } from '../../errors';
import type { Output } from '../output';
import { defineCommand, jsonFlag } from '../command';

/** One line per commit that now carries the sessions of commits the host replaced. */
export function reportRemapped(out: Output, list: Remapped[]): void {
  for (const r of list) out.err(`✔ ${r.commit.slice(0, 12)} (the host's ${r.kind === 'rebase' ? 'rebase' : 'squash'} of ${r.from.map((f) => f.slice(0, 12)).join(', ')}) now carries ${r.sessions.length} session${r.sessions.length === 1 ? '' : 's'}`);
}

/** `git kiro remap [RANGE]`: sessions follow commits that a host's rebase or squash merge replaced. */
export const remapCommand = defineCommand({
  command: 'remap [range]',
  describe: 'attach the sessions of commits a host\'s "rebase and merge" or "squash and merge" replaced to the commits it made (pull and the post-merge hook run it)',
  builder: (y) => y.positional('range', { type: 'string', describe: 'the commits to look at (default: the last 200 of HEAD)' }).options(jsonFlag),
  run: async (a, ctx) => {
    if (a.range?.startsWith('-')) throw new UsageError(`not a range: ${a.range}`, { hint: 'a revision range such as origin/main~20..origin/main' });
    const list = await remapCommits(await ctx.git('remap'), a.range ?? 'HEAD');
    if (a.json) return ctx.out.json(list);
    if (!list.length) return ctx.out.err('Nothing to remap: every commit in the range has its own sessions, or none replaces an attached commit.');
    reportRemapped(ctx.out, list);
  },
});
