import { relative, resolve } from 'node:path';
import { logSessions } from '../../api/log-sessions';
import { defineCommand, jsonFlag } from '../command';
import { paint } from '../output';
import { paged, pagerFlag } from '../pager';

/** Commits with the sessions attached to them, one line each. */
export const logCommand = defineCommand({
  command: 'log [range..]',
  describe: 'commits with the sessions attached to them; -- PATH… only the commits that touch those paths',
  builder: (y) => y.positional('range', { type: 'string', array: true }).option('max-count', { alias: 'n', type: 'number' }).options(pagerFlag).options(jsonFlag).parserConfiguration({ 'populate--': true }),
  run: async (a, ctx) => {
    // Paths after `--` are taken from the current directory, as git does.
    const paths = ((a['--'] as string[] | undefined) ?? []).map(String);
    const git = await ctx.git('log');
    const lines = await logSessions(git, (a.range as string[] | undefined) ?? [], a.maxCount, paths.map((p) => relative(git.repo.root, resolve(ctx.cwd, p)) || '.'));
    if (a.json) return ctx.out.json(lines);
    await paged(ctx.out, { enabled: a.pager, cwd: ctx.cwd }, (o) => {
      for (const l of lines) {
        const sessions = l.sessions.map((s) => `${paint(o, 'yellow', s.session.slice(0, 8))} ${s.title}`).join(', ');
        o.out(`${paint(o, 'dim', l.commit.slice(0, 12))} ${l.subject}${sessions ? `  ${paint(o, 'cyan', '⟨')}${sessions}${paint(o, 'cyan', '⟩')}` : ''}`);
      }
    });
  },
});
