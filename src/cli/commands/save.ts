import { renderLoad } from '../../api/load-session';
import { defaultSession } from '../../api/pick-session';
import { resolveSession } from '../../api/resolve-id';
import { saveSession } from '../../api/save-session';
import { readSessionFile, writeSessionFile } from '../../api/file-transfer';
import { FORMAT_NAMES } from '../../agents/formats';
import { NotFoundError, UsageError } from '../../errors';
import { countFindings, describeFindings, type Findings } from '../../redact/redact';
import { defineCommand, jsonFlag, redactFlag } from '../command';
import { readStdin, type CommandContext } from '../context';

/**
 * `save --file F | --stdin`: store a session. `save PATH`: write this directory's
 * session to a file, as Kiro's `/chat save PATH` does.
 */
export const saveCommand = defineCommand({
  command: 'save [path]',
  describe: 'store a session (--file, --stdin), or write this directory\'s session to PATH',
  builder: (y) =>
    y
      .positional('path', { type: 'string', describe: 'export to this file (Kiro\'s /chat save PATH)' })
      .option('file', { alias: 'F', type: 'string', describe: 'read the session from this file' })
      .option('stdin', { type: 'boolean', describe: 'read the session JSON from stdin' })
      .option('format', { type: 'string', default: 'auto', describe: `input format: auto, native, ${FORMAT_NAMES.join(', ')}` })
      .option('title', { type: 'string', describe: 'set the title' })
      .option('id', { type: 'string', describe: 'store under (or export) this session id' })
      .option('snapshot', { type: 'boolean', describe: 'also store uncommitted changes (git diff HEAD, untracked included)' })
      .option('private', { type: 'boolean', describe: 'keep it on this machine only (default: git config kiro.private)' })
      .options(redactFlag)
      .option('force', { alias: 'f', type: 'boolean', describe: 'overwrite PATH' })
      .options(jsonFlag),
  run: async (a, ctx) => {
    if (a.path) {
      if (a.file || a.stdin) throw new UsageError('give either a PATH to export to, or --file/--stdin to store, not both');
      const store = await ctx.sessions();
      const target = a.id ? { id: (await resolveSession(store, a.id)).id } : await defaultSession(store);
      if (!target) throw new NotFoundError(`No saved chat sessions for ${store.displayDir}`);
      const record = await resolveSession(store, target.id);
      const abs = writeSessionFile(a.path, ctx.cwd, await renderLoad(store, record, a.format === 'native' ? 'native' : 'source'), !!a.force);
      if (a.json) return ctx.out.json({ id: record.id, path: abs });
      return ctx.out.err(`✔ Exported chat session state to ${a.path}`);
    }
    let bytes: Buffer;
    let origin: string;
    let file: string | undefined;
    if (a.file) {
      ({ bytes, abs: file } = readSessionFile(a.file, ctx.cwd));
      origin = a.file;
    } else if (a.stdin || !ctx.stdin.isTTY) {
      bytes = await readStdin(ctx);
      origin = 'stdin';
    } else throw new UsageError('nothing to save: give --file FILE, --stdin, or pipe the session JSON in');
    const r = await saveSession(await ctx.workspace(), { bytes, origin, file, format: a.format, title: a.title, id: a.id, snapshot: a.snapshot, private: a.private, noRedact: a.redact === false });
    if (a.json) return ctx.out.json({ id: r.id, created: r.created, redacted: r.redacted });
    ctx.out.out(r.id);
    reportRedactions(r.redacted, ctx);
  },
});

/** Says how many secrets of which kind were replaced, never the secrets. */
export function reportRedactions(found: Findings, ctx: CommandContext): void {
  const n = countFindings(found);
  if (n) ctx.out.err(`redacted ${n} secret${n > 1 ? 's' : ''}: ${describeFindings(found)}`);
}
