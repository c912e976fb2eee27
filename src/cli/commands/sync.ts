import { pullSessions } from '../../api/pull-sessions';
import { pushSessions } from '../../api/push-sessions';
import { syncSessions } from '../../api/sync-sessions';
import type { SyncCounts } from '../../sync/count-changes';
import type { CommandContext } from '../context';

const summary = (c: SyncCounts) => `${c.new} new, ${c.updated} updated, ${c.forked} forked, ${c.deleted} deleted, ${c.unchanged} unchanged`;

/** `git kiro push|pull|sync [REMOTE]`. */
export async function sync(a: { action: 'push' | 'pull' | 'sync'; remote?: string; json?: boolean }, ctx: CommandContext): Promise<void> {
  const store = await ctx.store();
  if (a.action === 'pull') {
    const r = await pullSessions(store, a.remote);
    if (a.json) return ctx.out.json({ remote: r.remote, ...r.counts });
    return ctx.out.err(`✔ Pulled sessions from ${r.remote}: ${summary(r.counts)}`);
  }
  if (a.action === 'push') {
    const r = await pushSessions(store, a.remote);
    if (a.json) return ctx.out.json({ remote: r.remote, ...r.counts });
    return ctx.out.err(`✔ Pushed sessions to ${r.remote}: ${summary(r.counts)}`);
  }
  const r = await syncSessions(store, a.remote);
  if (a.json) return ctx.out.json({ remote: r.remote, pulled: r.pulled, pushed: r.pushed });
  ctx.out.err(`✔ Pulled sessions from ${r.remote}: ${summary(r.pulled)}`);
  ctx.out.err(`✔ Pushed sessions to ${r.remote}: ${summary(r.pushed)}`);
}
