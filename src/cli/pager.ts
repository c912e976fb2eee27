import { spawn } from 'node:child_process';
import { runGit } from '../git/run-git';
import { forTerminal, type Output } from './output';

/**
 * Long output through the user's pager, as git does: only when stdout is a terminal,
 * with the pager git would use (`git var GIT_PAGER`: $GIT_PAGER, core.pager, $PAGER,
 * less) and git's default LESS=FRX (quit if one screen, keep colour, no clear). `cat`
 * or an empty pager prints directly. `body` writes to the Output it is given.
 */
export async function paged(out: Output, opts: { enabled: boolean; cwd: string }, body: (o: Output) => void | Promise<void>): Promise<void> {
  if (!opts.enabled || !process.stdout.isTTY) return body(out);
  const pager = (await runGit(['var', 'GIT_PAGER'], { cwd: opts.cwd, okCodes: [0, 128] })).stdout.toString().trim();
  if (!pager || pager === 'cat') return body(out);
  const chunks: (string | Buffer)[] = [];
  const line = (t: string) => chunks.push(forTerminal(t.endsWith('\n') ? t : `${t}\n`));
  await body({ ...out, out: line, json: (v) => line(JSON.stringify(v, null, 2)), raw: (b) => chunks.push(forTerminal(b.toString('utf8'))) });
  const env = { ...process.env, LESS: process.env.LESS ?? 'FRX', LV: process.env.LV ?? '-c' };
  await new Promise<void>((resolve) => {
    const child = spawn('sh', ['-c', pager], { stdio: ['pipe', 'inherit', 'inherit'], env });
    child.on('error', () => resolve());
    child.on('close', () => resolve());
    child.stdin.on('error', () => undefined); // the reader quit early (q in less)
    for (const c of chunks) child.stdin.write(c);
    child.stdin.end();
  });
}

/** The flag of the commands that page. */
export const pagerFlag = { pager: { type: 'boolean', default: true, describe: 'long output through your pager on a terminal (--no-pager: straight out)' } } as const;
