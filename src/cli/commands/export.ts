import { exportSession, type ExportFormat } from '../../api/export-session';
import { writeSessionFile } from '../../api/file-transfer';
import type { CommandContext } from '../context';

export async function exportCmd(a: { id: string; format: ExportFormat; output?: string; force?: boolean }, ctx: CommandContext): Promise<void> {
  const { bytes } = await exportSession(await ctx.store(), a.id, a.format);
  if (!a.output) {
    process.stdout.write(bytes);
    return;
  }
  writeSessionFile(a.output, ctx.cwd, bytes, !!a.force);
  ctx.out.err(`✔ Exported chat session to ${a.output}`);
}
