import { pullSessions } from '../../api/pull-sessions';
import { remapIfMoved } from '../../api/remap-commits';
import { reportRemapped } from './remap';
import { pushSessions } from '../../api/push-sessions';
import { runPushQueue, settleQueued } from '../../api/queue-push';
import { EXIT } from '../../errors';
import { syncSessions } from '../../api/sync-sessions';
import type { SyncCounts } from '../../sync/count-changes';
import { defineCommand, jsonFlag } from '../command';

const summary = (c: SyncCounts) =>
  `${c.new} new, ${c.updated} updated, ${c.forked} forked, ${c.deleted} deleted, ${c.unchanged} unchanged${(c.forks ?? [])
    .map((f) => `\n  kept both versions of ${f.of}: the other is now ${f.id} "${f.title}"`)
    .join('')}`;

export const syncCommand = defineCommand({
  command: 'sync [remote]',
  describe: 'pull, then push: afterwards both sides hold the same sessions',
  builder: (y) => y.positional('remote', { type: 'string', describe: 'default: the branch\'s upstream remote, else origin' }).options(jsonFlag),
  run: async (a, ctx) => {
    const r = await syncSessions(await ctx.git('sync'), a.remote);
    if (a.json) return ctx.out.json({ remote: r.remote, pulled: r.pulled, pushed: r.pushed, pushRounds: r.pushRounds, remapped: r.remapped });
    ctx.out.err(`✔ Pulled sessions from ${r.remote}: ${summary(r.pulled)}`);
    reportRemapped(ctx.out, r.remapped);
    ctx.out.err(`✔ Pushed sessions to ${r.remote}: ${summary(r.pushed)}`);
  },
});

export const pushCommand = defineCommand({
  command: 'push [remote]',
  describe: 'send refs/notes/kiro (never forced; merges first when the remote moved)',
  builder: (y) =>
    y
      .positional('remote', { type: 'string' })
      .option('queued', { type: 'boolean', describe: 'run the push queue instead (what kiro.autoPush starts in the background): every remote waiting, now' })
      // The background run: only the remotes whose back-off has passed.
      .option('due', { type: 'boolean', hidden: true })
      .options(jsonFlag),
  run: async (a, ctx) => {
    const git = await ctx.git('push');
    if (a.queued) {
      const r = await runPushQueue(git, !a.due);
      if (a.json) return ctx.out.json(r);
      if (r.busy) return ctx.out.err('The push queue is being run by another process.');
      for (const remote of r.pushed) ctx.out.err(`✔ Pushed sessions to ${remote}`);
      for (const f of r.failed) ctx.out.err(`✘ ${f.remote}: ${f.error} (kept in the queue; git kiro status)`);
      if (r.failed.length) process.exitCode = EXIT.external;
      return;
    }
    const r = await pushSessions(git, a.remote);
    await settleQueued(git, r.remote);
    if (a.json) return ctx.out.json({ remote: r.remote, ...r.counts });
    ctx.out.err(`✔ Pushed sessions to ${r.remote}: ${summary(r.counts)}`);
  },
});

export const pullCommand = defineCommand({
  command: 'pull [remote]',
  describe: 'fetch the remote\'s sessions and merge them in without loss',
  builder: (y) => y.positional('remote', { type: 'string' }).options(jsonFlag),
  run: async (a, ctx) => {
    const git = await ctx.git('pull');
    const r = await pullSessions(git, a.remote);
    // The sessions that came may belong to commits the host squashed or rebased.
    const remapped = await remapIfMoved(git);
    if (a.json) return ctx.out.json({ remote: r.remote, ...r.counts, remapped });
    ctx.out.err(`✔ Pulled sessions from ${r.remote}: ${summary(r.counts)}`);
    reportRemapped(ctx.out, remapped);
  },
});
