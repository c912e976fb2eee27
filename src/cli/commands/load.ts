import { findLoadPath, readSessionFile, writeSessionFile } from '../../api/file-transfer';
import { renderLoad, type LoadFormat } from '../../api/load-session';
import { defaultSession } from '../../api/pick-session';
import { resolveSession } from '../../api/resolve-id';
import { saveSession } from '../../api/save-session';
import { NotFoundError } from '../../errors';
import type { CommandContext } from '../context';
import { sessionOfCommit } from './resume';
import { reportRedactions } from './save';

export interface LoadArgs {
  target?: string;
  head?: boolean;
  commit?: string;
  output?: string;
  force?: boolean;
  format: LoadFormat;
  json?: boolean;
}

const looksLikePath = (s: string) => s.includes('/') || s.includes('\\') || /\.json$/i.test(s);

/**
 * `load ID`: print (or -o write) a session in its source format. `load PATH`: read a
 * session file into the store, as Kiro's `/chat load PATH` does (`.json` optional).
 * `load` alone: this directory's active session, else its most recent.
 */
export async function load(a: LoadArgs, ctx: CommandContext): Promise<void> {
  const store = await ctx.store();
  if (a.target && (looksLikePath(a.target) || findLoadPath(a.target, ctx.cwd))) {
    const { bytes } = readSessionFile(a.target, ctx.cwd);
    const r = await saveSession(store, { bytes, origin: a.target });
    if (a.json) return ctx.out.json({ id: r.id, created: r.created, redacted: r.redacted });
    ctx.out.err(`✔ Imported chat session state from ${a.target}`);
    reportRedactions(r.redacted, ctx);
    return;
  }
  let record;
  if (a.head || a.commit) record = await resolveSession(store, await sessionOfCommit(store, a.commit ?? 'HEAD'));
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
  } else process.stdout.write(bytes);
}
