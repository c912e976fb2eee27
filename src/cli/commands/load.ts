import { attachedVersion, commitSessions } from '../../api/commit-sessions';
import { resolveVersion, VERSIONED } from '../../api/session-history';
import type { SessionRecord } from '../../model/session-record';
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
import { reportSave, saveJson } from './save';

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
      .positional('target', { type: 'string', describe: 'a session id (a prefix; ID@{N}: N versions back) or a file path (.json optional)' })
      .option('head', { type: 'boolean', describe: 'the session attached to HEAD, as it was then' })
      .option('commit', { type: 'string', describe: 'the session attached to this commit, as it was then' })
      .option('output', { alias: 'o', type: 'string', describe: 'write to this file instead of stdout' })
      .option('force', { alias: 'f', type: 'boolean', describe: 'overwrite the output file' })
      .option('format', { choices: ['source', 'native'] as const, default: 'source' as const, describe: 'source: as saved (Kiro JSON); native: with git-kiro metadata' })
      .options(jsonFlag),
  run: async (a, ctx) => {
    const ws = await ctx.workspace();
    const store = ws.sessions;
    // A session id wins over a file of that name; a path (a slash, .json) is a file.
    const asFile = async (t: string) => looksLikePath(t) || (!!findLoadPath(t, ctx.cwd) && !(await resolveRef(ctx, t).then(() => true, () => false)));
    if (a.target && (await asFile(a.target))) {
      const { bytes } = readSessionFile(a.target, ctx.cwd);
      const r = await saveSession(ws, { bytes, origin: a.target, here: true });
      if (a.json) return ctx.out.json(saveJson(r));
      ctx.out.err(`✔ Imported chat session state from ${a.target}`);
      return reportSave(r, ctx);
    }
    let record;
    if (a.head || a.commit) record = await sessionOfCommit(await ctx.git('load --commit'), a.commit ?? 'HEAD', ctx);
    else if (a.target) record = await resolveRef(ctx, a.target);
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
 * The session attached to a commit, as it was when attached; with several, the
 * newest, or the picker when a person is at a terminal. Throws NotFoundError when
 * none is attached.
 */
export async function sessionOfCommit(git: GitWorkspace, rev: string, ctx: CommandContext): Promise<SessionRecord> {
  const { commit, attachments } = await commitSessions(git, rev);
  if (!attachments.length) {
    // No sessions here at all (a fresh clone): they are on the remote, not fetched yet.
    const hint = (await git.notes.tip()) ? 'attach one: git kiro attach [ID] [REV]' : 'fetch the sessions first: git kiro pull';
    throw new NotFoundError(`no session is attached to ${rev} (${commit.slice(0, 12)})`, { hint });
  }
  let chosen = attachments[0];
  if (attachments.length > 1 && ctx.isInteractive) {
    const summaries = (await listSessions(git.sessions, { all: true })).filter((s) => attachments.some((x) => x.session === s.id));
    const { pickSession } = await import('../prompt');
    const picked = await pickSession(summaries);
    chosen = attachments.find((x) => x.session === picked?.id) ?? chosen;
  }
  return attachedVersion(git, chosen);
}

/** A session named on the command line: an id, a unique prefix, or `ID@{N}` (N versions back). */
export async function resolveRef(ctx: CommandContext, ref: string): Promise<SessionRecord> {
  if (!VERSIONED.test(ref)) return resolveSession(await ctx.sessions(), ref);
  return resolveVersion(await ctx.git('ID@{N}'), ref);
}
