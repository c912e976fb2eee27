import { listSessions } from '../../api/list-sessions';
import { defineCommand, jsonFlag } from '../command';
import type { CommandContext } from '../context';
import { renderSessionList } from '../render';

/** Sessions of this directory (or all), newest first, in Kiro's layout. */
export const listCommand = defineCommand({
  command: ['list', 'ls'],
  describe: 'sessions of this directory, newest first',
  builder: (y) => y.option('all', { alias: 'a', type: 'boolean', describe: 'the whole repository' }).options(jsonFlag),
  run: (a, ctx) => printList(ctx, { all: a.all, json: a.json }),
});

export async function printList(ctx: CommandContext, a: { all?: boolean; json?: boolean; deleteHint?: string }): Promise<void> {
  const ws = await ctx.workspace();
  const sessions = await listSessions(ws.sessions, { all: a.all });
  // A note nobody can read (garbage from a remote) is skipped; say so, once.
  const bad = ws.kind === 'git' ? ws.cache.invalidKeys().length : 0;
  if (bad) ctx.out.err(`warning: ${bad} note${bad > 1 ? 's' : ''} in refs/notes/kiro could not be read and ${bad > 1 ? 'were' : 'was'} skipped (git kiro doctor)`);
  if (a.json) return ctx.out.json(sessions);
  if (!sessions.length) return ctx.out.err(`No saved chat sessions for ${ws.sessions.displayDir}`);
  renderSessionList(ctx.out, ws.sessions.displayDir, sessions, a.deleteHint ?? 'git kiro delete', !!a.all);
}
