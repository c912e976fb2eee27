import { EXPORT_FORMATS, exportRecord } from '../../api/export-session';
import { resolveRef } from './load';
import { writeSessionFile } from '../../api/file-transfer';
import { defineCommand } from '../command';

export const exportCommand = defineCommand({
  command: 'export <id>',
  describe: 'a session (ID@{N}: as it was N versions back) as Markdown, HTML, JSON, Kiro v1 JSON, or its source',
  builder: (y) =>
    y
      .positional('id', { type: 'string', demandOption: true })
      .option('format', { choices: EXPORT_FORMATS, default: 'md' as const })
      .option('output', { alias: 'o', type: 'string', describe: 'write to this file instead of stdout' })
      .option('force', { alias: 'f', type: 'boolean', describe: 'overwrite the output file' }),
  run: async (a, ctx) => {
    const bytes = await exportRecord(await ctx.sessions(), await resolveRef(ctx, a.id), a.format);
    if (!a.output) return ctx.out.raw(bytes);
    writeSessionFile(a.output, ctx.cwd, bytes, !!a.force);
    ctx.out.err(`✔ Exported chat session to ${a.output}`);
  },
});
