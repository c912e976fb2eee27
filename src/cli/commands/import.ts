import { importFromAgent } from '../../api/import-from-agent';
import { importSessions, type ImportItem } from '../../api/import-sessions';
import { FORMAT_NAMES } from '../../agents/formats';
import { agentNames } from '../../agents/registry';
import { UsageError } from '../../errors';
import { describeFindings } from '../../redact/redact';
import { defineCommand, jsonFlag, redactFlag } from '../command';
import type { CommandContext } from '../context';
import { paint } from '../output';

/** `git kiro import PATH…`: a line per item, a progress bar on a terminal. */
export const importCommand = defineCommand({
  command: 'import [paths..]',
  describe: 'import sessions from files and folders, or --from an agent\'s own store',
  builder: (y) =>
    y
      .positional('paths', { type: 'string', array: true })
      .option('from', { choices: agentNames('sessions'), describe: 'find that agent\'s sessions of this repository on this machine' })
      .option('home', { type: 'string', describe: 'the home directory to look in (default: yours)' })
      .option('format', { type: 'string', default: 'auto', describe: `auto, native, ${FORMAT_NAMES.join(', ')}` })
      .options(redactFlag)
      .options(jsonFlag),
  run: async (a, ctx) => {
    const tty = !!process.stderr.isTTY && !a.json;
    const paths = a.paths as string[] | undefined;
    if (!a.from && !paths?.length) throw new UsageError('name files or folders to import, or --from AGENT');
    const opts = {
      cwd: ctx.cwd,
      format: a.format,
      home: a.home,
      noRedact: a.redact === false,
      onProgress: tty ? (done: number, total: number) => process.stderr.write(`\r${bar(done, total)} ${done}/${total} files`) : undefined,
    };
    const items = a.from ? await importFromAgent(await ctx.git('import --from'), a.from, opts) : await importSessions(await ctx.workspace(), paths!, opts);
    if (tty) process.stderr.write('\r\u001b[2K');
    report(items, a.json, ctx);
  },
});

export function report(items: ImportItem[], json: boolean | undefined, ctx: CommandContext): void {
  if (json) return ctx.out.json(items);
  const style = { imported: 'green', updated: 'cyan', skipped: 'dim', invalid: 'red' } as const;
  for (const i of items) {
    const what = i.status === 'invalid' ? i.reason : `${i.id} ${i.title ?? ''}`.trim();
    ctx.out.out(`${paint(ctx.out, style[i.status], i.status.padEnd(8))} ${i.path}: ${what}`);
    for (const w of i.warnings ?? []) ctx.out.out(`         ${paint(ctx.out, 'yellow', 'warning')}: ${w}`);
    if (i.redacted) ctx.out.out(`         redacted: ${describeFindings(i.redacted)}`);
    for (const f of i.forked ?? []) ctx.out.out(`         kept both: the stored version did not lead here; it is now ${f.id} "${f.title}"`);
  }
  const n = (s: ImportItem['status']) => items.filter((i) => i.status === s).length;
  ctx.out.err(`${n('imported')} imported, ${n('updated')} updated, ${n('skipped')} skipped, ${n('invalid')} invalid`);
}

function bar(done: number, total: number): string {
  const width = 30;
  const full = total ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}
