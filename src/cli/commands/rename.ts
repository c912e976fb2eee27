import { renameSession } from '../../api/rename-session';
import { defineCommand, jsonFlag } from '../command';

export const renameCommand = defineCommand({
  command: 'rename <id> <title>',
  describe: 'change a session\'s title',
  builder: (y) => y.positional('id', { type: 'string', demandOption: true }).positional('title', { type: 'string', demandOption: true }).options(jsonFlag),
  run: async (a, ctx) => {
    const r = await renameSession(await ctx.workspace(), a.id, a.title);
    if (a.json) ctx.out.json({ id: r.id, title: r.title });
    else ctx.out.err(`✔ Renamed chat session ${r.id} to "${r.title}"`);
  },
});
