import { resolve } from 'node:path';
import { sharesToPublish } from '../../api/publish-shares';
import { writeSite } from '../../api/write-site';
import { agentsToContinueIn } from '../../agents/registry';
import { defineCommand, jsonFlag, redactFlag } from '../command';

/** `git kiro publish [SHARE_ID…] -o DIR`: a static site of shares, for any static host. */
export const publishCommand = defineCommand({
  command: 'publish [shareIds..]',
  describe: 'write a static site of shares (an index and a page each; no script, no external resource) into a folder',
  builder: (y) =>
    y
      .positional('shareIds', { type: 'string', array: true, default: [] as string[], describe: 'the shares to publish (every share when none is named)' })
      .option('output', { alias: 'o', type: 'string', demandOption: true, describe: 'the folder to write (new, empty, or written by publish before)' })
      .options(redactFlag)
      .options(jsonFlag),
  run: async (a, ctx) => {
    const ws = await ctx.workspace();
    const { shares, skipped } = await sharesToPublish(ws, a.shareIds, { noRedact: a.redact === false });
    // Rendering loads the Markdown and highlighting libraries: only now.
    const { siteFiles } = await import('../../server/site');
    const dir = resolve(ctx.cwd, a.output);
    const { written, removed } = writeSite(dir, siteFiles(shares, agentsToContinueIn(false)));
    const redacted = shares.filter((s) => Object.keys(s.redacted).length).map((s) => ({ shareId: s.record.id, redacted: s.redacted }));
    if (a.json) return ctx.out.json({ dir, shares: shares.map((s) => s.record.id), files: written, removed, skipped, redacted });
    for (const s of skipped) ctx.out.err(`Left out share ${s.id}: ${s.reason}`);
    for (const r of redacted) ctx.out.err(`Redacted in ${r.shareId}: ${Object.entries(r.redacted).map(([k, n]) => `${n} ${k}`).join(', ')}`);
    ctx.out.out(`${dir}/index.html`);
    ctx.out.err(`✔ Published ${shares.length} share${shares.length === 1 ? '' : 's'} to ${dir} (${written.length} pages${removed.length ? `, ${removed.length} old removed` : ''}); serve the folder with any static host`);
  },
});
