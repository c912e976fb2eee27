import { forkSession } from '../../api/fork-session';
import { pullSessions } from '../../api/pull-sessions';
import { VERSIONED } from '../../api/session-history';
import { resolveRef } from './load';
import { defineCommand, jsonFlag } from '../command';
import { continueInto, intoFlags } from '../into';

export const forkCommand = defineCommand({
  command: 'fork <id>',
  describe: 'a new session of your own from a share (fetched if not here) or a session',
  builder: (y) => y.positional('id', { type: 'string', demandOption: true }).option('at', { type: 'number', describe: 'keep only the first N messages' }).options(intoFlags).options(jsonFlag),
  run: async (a, ctx) => {
    const ws = await ctx.workspace();
    // A share that is not here yet may be on the remote: a git workspace pulls first.
    const fetch = ws.kind === 'git' ? () => pullSessions(ws) : undefined;
    // ID@{N} forks that version; a plain id may name a share still on the remote.
    const from = VERSIONED.test(a.id) ? await resolveRef(ctx, a.id) : a.id;
    const { id, record } = await forkSession(ws.sessions, from, { at: a.at, fetch });
    // Kilo's "fork a shared session and continue in your editor": the fork, straight into the agent.
    if (a.into) {
      ctx.out.err(`✔ Forked as ${id}: "${record.title}"`);
      return continueInto(ctx, record, a);
    }
    if (a.json) return ctx.out.json({ id, title: record.title, forkedFrom: record.forkedFrom });
    ctx.out.out(id);
    ctx.out.err(`✔ Forked as ${id}: "${record.title}", ${record.messageCount} msgs; it is now the active session here`);
  },
});
