import { searchSessions } from '../../api/search-sessions';
import { defineCommand, jsonFlag } from '../command';
import { paint } from '../output';

/** Content search across this directory's (or all) sessions. Exit 0 with or without hits. */
export const searchCommand = defineCommand({
  command: 'search <text>',
  describe: 'find sessions by what was said in them',
  builder: (y) => y.positional('text', { type: 'string', demandOption: true }).option('all', { alias: 'a', type: 'boolean', describe: 'the whole repository' }).options(jsonFlag),
  run: async (a, ctx) => {
    const store = await ctx.sessions();
    const hits = await searchSessions(store, a.text, { all: a.all });
    if (a.json) return ctx.out.json(hits.map((h) => ({ id: h.session.id, title: h.session.title, scope: h.session.scope, updatedAt: h.session.updatedAt, matches: h.matches })));
    if (!hits.length) return ctx.out.err(`No session${a.all ? '' : ` in ${store.displayDir}`} mentions "${a.text}"`);
    for (const h of hits) {
      ctx.out.out(`${paint(ctx.out, 'yellow', h.session.id)}  ${paint(ctx.out, 'bold', h.session.title)}${a.all ? paint(ctx.out, 'dim', `  [${h.session.scope || '.'}]`) : ''}`);
      for (const m of h.matches) ctx.out.out(`  ${m.message !== null ? `#${m.message} ${m.role}` : 'title'}: ${m.snippet}`);
    }
  },
});
