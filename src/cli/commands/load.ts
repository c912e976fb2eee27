import { commitSessions } from '../../api/commit-sessions';
import { findLoadPath, readSessionFile, writeSessionFile } from '../../api/file-transfer';
import { listSessions } from '../../api/list-sessions';
import { renderLoad } from '../../api/load-session';
import { defaultSession } from '../../api/pick-session';
import { resolveSession } from '../../api/resolve-id';
import { saveSession } from '../../api/save-session';
import { NotFoundError } from '../../errors';
import type { GitWorkspace } from '../../workspace/workspace';
import { defineCommand, jsonFlag } from '../command';
import type { CommandContext } from '../context';
import { reportRedactions } from './save';

const looksLikePath = (s: string) => s.includes('/') || s.includes('\\') || /\.json$/i.test(s);

/**
 * `load ID`: print (or -o write) a session in its source format. `load PATH`: read a
 * session file into the store, as Kiro's `/chat load PATH` does (`.json` optional).
 * `load` alone: this directory's active session, else its most recent.
 */
export const loadCommand = defineCommand({
  command: 'load [target]',
  describe: 'print a session (ID, or this directory\'s), or read a session file into the store (PATH)',
  builder: (y) =>
    y
      .positional('target', { type: 'string', describe: 'a session id (prefix) or a file path (.json optional)' })
      .option('head', { type: 'boolean', describe: 'the session attached to HEAD' })
      .option('commit', { type: 'string', describe: 'the session attached to this commit' })
      .option('output', { alias: 'o', type: 'string', describe: 'write to this file instead of stdout' })
      .option('force', { alias: 'f', type: 'boolean', describe: 'overwrite the output file' })
      .option('format', { choices: ['source', 'native'] as const, default: 'source' as const, describe: 'source: as saved (Kiro JSON); native: with git-kiro metadata' })
      .options(jsonFlag),
  run: async (a, ctx) => {
    const ws = await ctx.workspace();
    const store = ws.sessions;
    if (a.target && (looksLikePath(a.target) || findLoadPath(a.target, ctx.cwd))) {
      const { bytes } = readSessionFile(a.target, ctx.cwd);
      const r = await saveSession(ws, { bytes, origin: a.target });
      if (a.json) return ctx.out.json({ id: r.id, created: r.created, redacted: r.redacted });
      ctx.out.err(`✔ Imported chat session state from ${a.target}`);
      return reportRedactions(r.redacted, ctx);
    }
    let record;
    if (a.head || a.commit) record = await resolveSession(store, await sessionOfCommit(await ctx.git('load --commit'), a.commit ?? 'HEAD', ctx));
    else if (a.target) record = await resolveSession(store, a.target);
    else {
      const d = await defaultSession(store);
      if (!d) throw new NotFoundError(`No saved chat sessions for ${store.displayDir}`);
      record = await resolveSession(store, d.id);
    }
    const bytes = await renderLoad(store, record, a.format);
    if (a.output) {
      writeSessionFile(a.output, ctx.cwd, bytes, !!a.force);
      ctx.out.err(`✔ Exported chat session state to ${a.output}`);
    } else ctx.out.raw(bytes);
  },
});

/**
 * The session attached to a commit; with several, the newest, or the picker when a
 * person is at a terminal. Throws NotFoundError when none is attached.
 */
export async function sessionOfCommit(git: GitWorkspace, rev: string, ctx: CommandContext): Promise<string> {
  const { commit, attachments } = await commitSessions(git, rev);
  if (!attachments.length) throw new NotFoundError(`no session is attached to ${rev} (${commit.slice(0, 12)})`, { hint: 'attach one: git kiro attach [ID] [REV]' });
  if (attachments.length > 1 && ctx.isInteractive) {
    const summaries = (await listSessions(git.sessions, { all: true })).filter((s) => attachments.some((x) => x.session === s.id));
    const { pickSession } = await import('../prompt');
    const chosen = await pickSession(summaries);
    if (chosen) return chosen.id;
  }
  return attachments[0].session;
}
