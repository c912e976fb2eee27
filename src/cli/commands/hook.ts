import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { autosaveCommit } from '../../api/autosave-commit';
import { rewriteCommits } from '../../api/rewrite-commits';
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
