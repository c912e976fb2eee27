import { relative, resolve } from 'node:path';
import { blameFile } from '../../api/blame';
import { UsageError } from '../../errors';
import { oneLine, safeJson } from '../../model/text';
import { defineCommand, jsonFlag } from '../command';
import { paint } from '../output';
import { paged, pagerFlag } from '../pager';
import { turnUrl } from './show';

/** `git kiro blame FILE[:LINE[,LINE]]`: from lines of code to the turns that wrote them. */
export const blameCommand = defineCommand({
  command: 'blame <target>',
  describe: 'which turn of which conversation wrote these lines: FILE, FILE:LINE or FILE:FROM,TO',
  builder: (y) => y.positional('target', { type: 'string', demandOption: true, describe: 'a file, with an optional line or line range' }).options(pagerFlag).options(jsonFlag),
  run: async (a, ctx) => {
    const git = await ctx.git('blame');
    const m = /^(.*?)(?::(\d+)(?:,(\d+))?)?$/.exec(a.target)!;
    const from = m[2] ? Number(m[2]) : undefined;
    const to = m[3] ? Number(m[3]) : from;
    if (from !== undefined && (from < 1 || to! < from)) throw new UsageError(`${a.target}: lines are counted from 1, FROM before TO`);
    const file = relative(git.repo.root, resolve(ctx.cwd, m[1]));
    if (file.startsWith('..')) throw new UsageError(`${m[1]} is outside this repository`);
    const hunks = await blameFile(git, file, from !== undefined ? [[from, to!]] : []);
    if (a.json) return ctx.out.json(hunks);
    await paged(ctx.out, { enabled: a.pager, cwd: ctx.cwd }, (o) => {
      for (const h of hunks) {
        const lines = h.lines[0] === h.lines[1] ? `${h.lines[0]}` : `${h.lines[0]}-${h.lines[1]}`;
        o.out(`${paint(o, 'bold', `${h.file}:${lines}`)}  ${paint(o, 'dim', h.commit ? h.commit.slice(0, 12) : 'uncommitted')} ${h.subject}`);
        if (!h.commit) continue;
        if (!h.sessions.length) o.out('  no session is attached to this commit, and none wrote this file meanwhile');
        for (const s of h.sessions) {
          o.out(`  ${paint(o, 'yellow', s.id.slice(0, 8))} "${s.title}"${s.guess ? paint(o, 'magenta', '  (a guess: no session is attached; this one wrote the file between the parent commit and this one)') : ''}`);
          if (!s.turns.length) o.out('    no turn of it wrote this file (attached, but the file was changed by hand or another way)');
          for (const t of s.turns) {
            o.out(`    turn ${t.turn} · ${t.toolCall.name} ${oneLine(safeJson(t.toolCall.args), 60)}`);
            o.out(`      > ${oneLine(t.prompt, 100)}`);
            if (t.reply) o.out(`      ${oneLine(t.reply, 100)}`);
            o.out(`      ${paint(o, 'dim', turnUrl(s.id, t.turn))}`);
          }
        }
      }
    });
  },
});
