import { renderLoad } from '../../api/load-session';
import { afterAutosave } from '../auto-push';
import { defaultSession } from '../../api/pick-session';
import { resolveSession } from '../../api/resolve-id';
import { saveSession, type SaveResult } from '../../api/save-session';
import { readSessionFile, writeSessionFile } from '../../api/file-transfer';
import { FORMAT_NAMES } from '../../agents/formats';
import { NotFoundError, UsageError } from '../../errors';
import { countFindings, describeFindings } from '../../redact/redact';
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
    const ws = await ctx.workspace();
    // Outside a repository everything stays on this machine: --private changes nothing there.
    const priv = ws.kind === 'git' ? a.private : undefined;
    const r = await saveSession(ws, { bytes, origin, file, format: a.format, title: a.title, id: a.id, snapshot: a.snapshot, private: priv, noRedact: a.redact === false, here: true });
    if (r.status !== 'unchanged') await afterAutosave(ws);
    if (a.json) return ctx.out.json(saveJson(r));
    ctx.out.out(r.id);
    reportSave(r, ctx);
  },
});

/** What a save's --json says (save, load PATH, load-via-script). */
export const saveJson = (r: SaveResult) => ({ id: r.id, created: r.created, status: r.status, redacted: r.redacted, forked: r.forked.map((f) => ({ id: f.id, title: f.title })) });

/** Says what a save did beyond the obvious: secrets replaced (never the secrets), a diverged version kept. */
export function reportSave(r: Pick<SaveResult, 'redacted' | 'forked' | 'id' | 'warnings'>, ctx: CommandContext): void {
  for (const w of r.warnings) ctx.out.err(`warning: ${w}`);
  const n = countFindings(r.redacted);
  if (n) ctx.out.err(`redacted ${n} secret${n > 1 ? 's' : ''}: ${describeFindings(r.redacted)}`);
  for (const f of r.forked) ctx.out.err(`kept both: this conversation does not continue the stored ${r.id.slice(0, 8)}, so the stored one is now ${f.id} "${f.title}"`);
}
