import { attachSession } from '../../api/attach-session';
import { detachSession } from '../../api/detach-session';
import { defineCommand, jsonFlag } from '../command';

/** Links a session (default: the active one) to a commit (default: HEAD). */
export const attachCommand = defineCommand({
  command: 'attach [id] [rev]',
  describe: 'attach a session (default: the active one) to a commit (default: HEAD)',
  builder: (y) => y.positional('id', { type: 'string' }).positional('rev', { type: 'string' }).options(jsonFlag),
  run: async (a, ctx) => {
    const r = await attachSession(await ctx.git('attach'), { id: a.id, rev: a.rev });
    if (a.json) return ctx.out.json({ commit: r.commit, ...r.attachment });
    ctx.out.err(`✔ Attached chat session ${r.attachment.session} ("${r.attachment.title}", ${r.attachment.messages} msgs) to ${r.commit.slice(0, 12)}`);
  },
});

export const detachCommand = defineCommand({
  command: 'detach <id> [rev]',
  describe: 'remove a session from a commit (default: HEAD)',
  builder: (y) => y.positional('id', { type: 'string', demandOption: true }).positional('rev', { type: 'string' }).options(jsonFlag),
  run: async (a, ctx) => {
    const r = await detachSession(await ctx.git('detach'), a.id, a.rev);
    if (a.json) return ctx.out.json(r);
    ctx.out.err(`✔ Detached chat session ${r.session} from ${r.commit.slice(0, 12)}`);
  },
});
