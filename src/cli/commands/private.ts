import { setPrivate } from '../../api/set-private';
import { defineCommand, jsonFlag } from '../command';

export const privateCommand = defineCommand({
  command: 'private <id> <state>',
  describe: 'keep a session on this machine only (on), or let it travel again (off)',
  builder: (y) => y.positional('id', { type: 'string', demandOption: true }).positional('state', { choices: ['on', 'off'] as const, demandOption: true }).options(jsonFlag),
  run: async (a, ctx) => {
    const r = await setPrivate(await ctx.git('private'), a.id, a.state === 'on');
    if (a.json) return ctx.out.json(r);
    ctx.out.err(
      !r.changed
        ? `Session ${r.id} is already ${r.private ? 'private' : 'public'}.`
        : r.private
          ? `✔ Session ${r.id} is private: kept in .git/kiro-private on this machine, never pushed or shared`
          : `✔ Session ${r.id} is public: in refs/notes/kiro, sent by the next git kiro push`,
    );
  },
});
