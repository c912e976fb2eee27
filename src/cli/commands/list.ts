import { listSessions } from '../../api/list-sessions';
import { renderSessionList } from '../render';
import type { CommandContext } from '../context';
import { GitSessionStore } from '../../store/git-session-store';

export interface ListArgs {
  all?: boolean;
  json?: boolean;
  deleteHint?: string;
}

/** Sessions of this directory (or all), newest first, in Kiro's layout. */
export async function list(a: ListArgs, ctx: CommandContext): Promise<void> {
  const store = await ctx.store();
  const sessions = await listSessions(store, { all: a.all });
  // A note nobody can read (garbage from a remote) is skipped; say so, once.
  const bad = store instanceof GitSessionStore ? store.cache.invalidKeys().length : 0;
  if (bad) ctx.out.err(`warning: ${bad} note${bad > 1 ? 's' : ''} in refs/notes/kiro could not be read and ${bad > 1 ? 'were' : 'was'} skipped (git kiro doctor)`);
  if (a.json) return ctx.out.json(sessions);
  if (!sessions.length) return ctx.out.err(`No saved chat sessions for ${store.displayDir}`);
  renderSessionList(ctx.out, store.displayDir, sessions, a.deleteHint ?? 'git kiro delete', !!a.all);
}
