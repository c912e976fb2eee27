import { appendFileSync, mkdirSync } from 'node:fs';
import { afterAutosave } from '../auto-push';
import { join } from 'node:path';
import { autosaveCommit } from '../../api/autosave-commit';
import { pullSessions } from '../../api/pull-sessions';
import { remapIfMoved } from '../../api/remap-commits';
import { reportRemapped } from './remap';
import { pushSessions } from '../../api/push-sessions';
import { rewriteCommits } from '../../api/rewrite-commits';
import { GIT_HOOKS } from '../../api/hooks-layout';
import type { GitWorkspace } from '../../workspace/workspace';
import { defineCommand } from '../command';
import { readStdin } from '../context';

/**
 * What the installed git hooks run. A hook must never fail or stall the git command
 * around it: any error becomes one warning line, the detail goes to
 * .git/kiro-sessions/hook.log, and the exit status is 0.
 */
export const hookCommand = defineCommand({
  command: 'hook <name> [args..]',
  describe: false, // run by the installed git hooks, not by people
  builder: (y) =>
    y
      .positional('name', { choices: GIT_HOOKS, demandOption: true })
      .positional('args', { type: 'string', array: true })
      .parserConfiguration({ 'unknown-options-as-args': true }),
  run: async (a, ctx) => {
    const args = (a.args as string[] | undefined) ?? [];
    let git: GitWorkspace | undefined;
    try {
      git = await ctx.git(`the ${a.name} hook`);
      if (a.name === 'post-commit') {
        await autosaveCommit(git);
        await afterAutosave(git);
      }
      else if (a.name === 'post-rewrite') await rewriteCommits(git, (await readStdin(ctx)).toString('utf8'));
      else if (a.name === 'pre-push') {
        // Our own notes push runs git push again: that inner push must not recurse.
        if (process.env.GIT_KIRO_PUSHING) return;
        const r = await pushSessions(git, args[0]);
        if (r.counts.new + r.counts.updated + r.counts.deleted + r.counts.forked) ctx.out.err(`git-kiro: pushed sessions to ${r.remote}: ${r.counts.new} new, ${r.counts.updated} updated, ${r.counts.deleted} deleted`);
      } else if (a.name === 'post-merge' || (a.name === 'post-checkout' && args[2] === '1')) {
        // After a pull or a branch switch: bring the sessions along (quietly; no remote, no work).
        if ((await git.remotes()).length) await pullSessions(git);
        // A pull may have brought the host's squash or rebase of commits that carry sessions.
        if (a.name === 'post-merge') reportRemapped(ctx.out, await remapIfMoved(git));
      }
    } catch (e) {
      const err = e as Error;
      ctx.out.err(`git-kiro: warning: ${a.name}: the session was not recorded: ${err.message}`);
      if (!git) return;
      try {
        const dir = join(git.repo.commonDir, 'kiro-sessions');
        mkdirSync(dir, { recursive: true });
        appendFileSync(join(dir, 'hook.log'), `${new Date().toISOString()} ${a.name} ${args.join(' ')}\n${err.stack ?? err.message}\n\n`);
      } catch {
        /* the log is best effort: the warning was printed */
      }
    }
  },
});
