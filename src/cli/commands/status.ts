import { pushStatus, type RemoteStatus } from '../../api/push-status';
import { defineCommand, jsonFlag } from '../command';
import { paint, type Output } from '../output';

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

function line(o: Output, s: RemoteStatus): string {
  const what = [s.sessions && plural(s.sessions, 'session'), s.attachments && plural(s.attachments, 'commit attachment')].filter(Boolean).join(' and ');
  const head = s.state === 'up to date' ? `${paint(o, 'green', s.remote)}: up to date (as last fetched or pushed)` : `${paint(o, 'yellow', s.remote)}: ${what} not pushed`;
  const q = s.queued;
  const parts = [head];
  if (s.pushing) parts.push(`  pushing now (process ${s.pushing})`);
  if (q) parts.push(`  queued since ${q.queuedAt}, ${plural(q.attempts, 'try')}${q.lastAttemptAt ? `, the last at ${q.lastAttemptAt}` : ''}`);
  if (q?.lastError) parts.push(`  last error: ${q.lastError}`);
  if (q?.nextTryAt) parts.push(`  next try after ${q.nextTryAt} (or now: git kiro push --queued)`);
  if (!q && s.state !== 'up to date') parts.push('  send them: git kiro push');
  return parts.join('\n');
}

/** `git kiro status`: what is not yet on which remote, and why. */
export const statusCommand = defineCommand({
  command: 'status',
  describe: 'what is not yet on which remote, and why (the push queue\'s tries and last error)',
  builder: (y) => y.options(jsonFlag),
  run: async (a, ctx) => {
    const list = await pushStatus(await ctx.git('status'));
    if (a.json) return ctx.out.json(list);
    if (!list.length) return ctx.out.out('No remote: the sessions are only here (git remote add, then git kiro push).');
    for (const s of list) ctx.out.out(line(ctx.out, s));
  },
});
