import { sessionHistory } from '../../api/session-history';
import { defineCommand, jsonFlag } from '../command';
import { paint } from '../output';
import { ago } from '../render';

/** `git kiro history ID`: every stored version of a session, newest first. */
export const historyCommand = defineCommand({
  command: 'history <id>',
  describe: 'the versions of a session, newest first (load, show, export, fork or resume ID@{N})',
  builder: (y) => y.positional('id', { type: 'string', demandOption: true }).options(jsonFlag),
  run: async (a, ctx) => {
    const git = await ctx.git('history');
    const versions = await sessionHistory(git, a.id);
    if (a.json) return ctx.out.json(versions.map(({ record, ...v }) => ({ ...v, id: record.id, updatedAt: record.updatedAt })));
    if (!versions.length) return ctx.out.err(`${a.id} is private: only its current version is kept (on this machine)`);
    const id = versions[0].record.id;
    ctx.out.out(`Versions of ${paint(ctx.out, 'yellow', id)} (newest first; git kiro load ${id.slice(0, 8)}@{N}):`);
    for (const v of versions) {
      ctx.out.out(`  @{${v.n}}  ${v.at}  ${paint(ctx.out, 'dim', ago(v.at))}  ${v.messages} msgs  ${v.origin.padEnd(7)}  ${v.author.name}${v.title !== versions[0].title ? `  "${v.title}"` : ''}`);
    }
  },
});
