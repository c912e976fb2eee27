import { renderLoad } from '../../api/load-session';
import { defaultSession } from '../../api/pick-session';
import { resolveSession } from '../../api/resolve-id';
import { saveSession } from '../../api/save-session';
import { readSessionFile, writeSessionFile } from '../../api/file-transfer';
import { NotFoundError, UsageError } from '../../errors';
import type { InputFormat } from '../../formats/parse-input';
import { readStdin, type CommandContext } from '../context';
import { countFindings, describeFindings, type Findings } from '../../redact/redact';

export interface SaveArgs {
  path?: string;
  file?: string;
  stdin?: boolean;
  format: InputFormat;
  title?: string;
  id?: string;
  snapshot?: boolean;
  private?: boolean;
  redact?: boolean;
  force?: boolean;
  json?: boolean;
}

/**
 * `save --file F | --stdin`: store a session. `save PATH`: write this directory's
 * session to a file, as Kiro's `/chat save PATH` does.
 */
export async function save(a: SaveArgs, ctx: CommandContext): Promise<void> {
  if (a.path) return exportToPath(a, ctx);
  let bytes: Buffer;
  let origin: string;
  let file: string | undefined;
  if (a.file) {
    ({ bytes, abs: file } = readSessionFile(a.file, ctx.cwd));
    origin = a.file;
  }
  else if (a.stdin || !process.stdin.isTTY) {
    bytes = await readStdin();
    origin = 'stdin';
  } else throw new UsageError('nothing to save: give --file FILE, --stdin, or pipe the session JSON in');
  const store = await ctx.store();
  const r = await saveSession(store, { bytes, origin, file, format: a.format, title: a.title, id: a.id, snapshot: a.snapshot, private: a.private, noRedact: a.redact === false });
  if (a.json) return ctx.out.json({ id: r.id, created: r.created, redacted: r.redacted });
  ctx.out.out(r.id);
  reportRedactions(r.redacted, ctx);
}

async function exportToPath(a: SaveArgs, ctx: CommandContext): Promise<void> {
  if (a.file || a.stdin) throw new UsageError('give either a PATH to export to, or --file/--stdin to store, not both');
  const store = await ctx.store();
  const target = a.id ? { id: (await resolveSession(store, a.id)).id } : await defaultSession(store);
  if (!target) throw new NotFoundError(`No saved chat sessions for ${store.displayDir}`);
  const record = await resolveSession(store, target.id);
  const abs = writeSessionFile(a.path!, ctx.cwd, await renderLoad(store, record, a.format === 'native' ? 'native' : 'source'), !!a.force);
  if (a.json) ctx.out.json({ id: record.id, path: abs });
  else ctx.out.err(`✔ Exported chat session state to ${a.path}`);
}

/** Says how many secrets of which kind were replaced, never the secrets. */
export function reportRedactions(found: Findings, ctx: CommandContext): void {
  const n = countFindings(found);
  if (n) ctx.out.err(`redacted ${n} secret${n > 1 ? 's' : ''}: ${describeFindings(found)}`);
}
