import { runScript } from '../../api/run-script';
import { saveSession } from '../../api/save-session';
import type { CommandContext } from '../context';
import { reportRedactions } from './save';

/** Kiro's `/chat load-via-script`: the script prints a session; it is validated, stored and made active. */
export async function loadViaScript(a: { script: string; timeout: number; json?: boolean }, ctx: CommandContext): Promise<void> {
  const r = await runScript(a.script, { cwd: ctx.cwd, timeoutMs: a.timeout * 1000 });
  if (r.stderr) process.stderr.write(r.stderr);
  const saved = await saveSession(await ctx.store(), { bytes: r.stdout, origin: `output of ${a.script}` });
  if (a.json) return ctx.out.json({ id: saved.id, created: saved.created, redacted: saved.redacted });
  ctx.out.err(`✔ Loaded chat session via script ${a.script}`);
  reportRedactions(saved.redacted, ctx);
}
