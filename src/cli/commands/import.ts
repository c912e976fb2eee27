import { importSessions, type ImportItem } from '../../api/import-sessions';
import { paint } from '../output';
import type { CommandContext } from '../context';

/** `git kiro import PATH…`: a line per item, a progress bar on a terminal. */
export async function importCmd(a: { paths: string[]; format: string; json?: boolean }, ctx: CommandContext): Promise<void> {
  const store = await ctx.store();
  const tty = !!process.stderr.isTTY && !a.json;
  const items = await importSessions(store, a.paths, {
    cwd: ctx.cwd,
    format: a.format,
    onProgress: tty ? (done, total) => process.stderr.write(`\r${bar(done, total)} ${done}/${total} files`) : undefined,
  });
  if (tty) process.stderr.write('\r\u001b[2K');
  report(items, a.json, ctx);
}

export function report(items: ImportItem[], json: boolean | undefined, ctx: CommandContext): void {
  if (json) return ctx.out.json(items);
  const style = { imported: 'green', updated: 'cyan', skipped: 'dim', invalid: 'red' } as const;
  for (const i of items) {
    const what = i.status === 'invalid' ? i.reason : `${i.id} ${i.title ?? ''}`.trim();
    ctx.out.out(`${paint(ctx.out, style[i.status], i.status.padEnd(8))} ${i.path}: ${what}`);
    for (const w of i.warnings ?? []) ctx.out.out(`         ${paint(ctx.out, 'yellow', 'warning')}: ${w}`);
  }
  const n = (s: ImportItem['status']) => items.filter((i) => i.status === s).length;
  ctx.out.err(`${n('imported')} imported, ${n('updated')} updated, ${n('skipped')} skipped, ${n('invalid')} invalid`);
}

function bar(done: number, total: number): string {
  const width = 30;
  const full = total ? Math.round((done / total) * width) : width;
  return `[${'#'.repeat(full)}${'.'.repeat(width - full)}]`;
}
