import { deleteSession } from '../../api/delete-session';
import { purgeSessions, type PurgeResult } from '../../api/purge-sessions';
import { resolveOwnSession } from '../../api/resolve-id';
import { defineCommand, jsonFlag, yesFlag } from '../command';
import { confirmOrRefuse, type CommandContext } from '../context';

/** `git kiro purge [--remote R]`, and `git kiro delete --purge ID` through it. */
export const purgeCommand = defineCommand({
  command: 'purge',
  describe: 'remove the content of deleted sessions from the notes history, so no push can send it',
  builder: (y) =>
    y
      .option('remote', { type: 'string', describe: 'also replace this remote\'s history (force-with-lease, after merging its sessions)' })
      .options(yesFlag)
      .options(jsonFlag),
  run: (a, ctx) => purgeAfterConfirm(ctx, a),
});

export async function purgeAfterConfirm(ctx: CommandContext, a: { id?: string; remote?: string; yes?: boolean; json?: boolean }): Promise<void> {
  const git = await ctx.git('purge');
  const what = a.id ? `Delete session ${a.id} and remove` : 'Remove';
  const ok = await confirmOrRefuse(ctx, {
    yes: a.yes,
    question: `${what} the content of every deleted session from the notes history${a.remote ? ` here and on ${a.remote}` : ''}?`,
    refusal: 'refusing to rewrite the notes history without confirmation',
  });
  if (!ok) return ctx.out.err('Nothing changed.');
  if (a.id) {
    const record = await resolveOwnSession(git.sessions, a.id);
    await deleteSession(git.sessions, record.id);
    ctx.out.err(`✔ Deleted chat session ${record.id}`);
  }
  const r = await purgeSessions(git, { remote: a.remote });
  if (a.json) return ctx.out.json(r);
  report(r, ctx);
}

function report(r: PurgeResult, ctx: CommandContext): void {
  ctx.out.err(`✔ Purged ${r.keys} deleted session${r.keys === 1 ? '' : 's'} from refs/notes/kiro (${r.commits} commits checked); no push can send that content now`);
  if (r.cleaned) ctx.out.err(`✔ ${r.cleaned} now has the purged history too`);
  for (const remote of r.remotesHolding.filter((x) => x !== r.cleaned)) {
    ctx.out.err(`! ${remote} already has that content in its notes history, and keeps it until cleaned: git kiro purge --remote ${remote}`);
    ctx.out.err(`  (it merges ${remote}'s new sessions first, then replaces its refs/notes/kiro with a force-with-lease push;`);
    ctx.out.err(`  clones that fetched it keep a copy until they run git kiro purge, and a host may keep unreachable objects until its own gc)`);
  }
}
