import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { autosaveCommit } from '../../api/autosave-commit';
import { pullSessions } from '../../api/pull-sessions';
import { pushSessions } from '../../api/push-sessions';
import { rewriteCommits } from '../../api/rewrite-commits';
import { runGit } from '../../git/run-git';
import type { SessionStore } from '../../store/session-store';
import { GitSessionStore } from '../../store/git-session-store';
import { readStdin, type CommandContext } from '../context';

/**
 * What the installed git hooks run. A hook must never fail or stall the git command
 * around it: any error becomes one warning line, the detail goes to
 * .git/kiro-sessions/hook.log, and the exit status is 0.
 */
export async function hook(a: { name: string; args?: string[] }, ctx: CommandContext): Promise<void> {
  let store;
  try {
    store = await ctx.store();
    if (a.name === 'post-commit') await autosaveCommit(store);
    else if (a.name === 'post-rewrite') await rewriteCommits(store, (await readStdin()).toString('utf8'));
    else if (a.name === 'pre-push') {
      // Our own notes push runs git push again: that inner push must not recurse.
      if (process.env.GIT_KIRO_PUSHING) return;
      const r = await pushSessions(store, a.args?.[0]);
      if (r.counts.new + r.counts.updated + r.counts.deleted + r.counts.forked) ctx.out.err(`git-kiro: pushed sessions to ${r.remote}: ${r.counts.new} new, ${r.counts.updated} updated, ${r.counts.deleted} deleted`);
    } else if (a.name === 'post-merge' || (a.name === 'post-checkout' && a.args?.[2] === '1')) {
      // After a pull or a branch switch: bring the sessions along (quietly; no remote, no work).
      if (!(await hasRemote(store))) return;
      await pullSessions(store);
    }
  } catch (e) {
    const err = e as Error;
    ctx.out.err(`git-kiro: warning: ${a.name}: the session was not recorded: ${err.message}`);
    if (store instanceof GitSessionStore) {
      try {
        const dir = join(store.repo.commonDir, 'kiro-sessions');
        mkdirSync(dir, { recursive: true });
        appendFileSync(join(dir, 'hook.log'), `${new Date().toISOString()} ${a.name} ${a.args?.join(' ') ?? ''}\n${err.stack ?? err.message}\n\n`);
      } catch {
        /* the log is best effort: the warning was printed */
      }
    }
  }
}

async function hasRemote(store: SessionStore): Promise<boolean> {
  if (!(store instanceof GitSessionStore)) return false;
  return (await runGit(['remote'], { cwd: store.repo.root })).stdout.toString().trim() !== '';
}
