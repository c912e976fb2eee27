import { renderLoad } from '../../api/load-session';
import { defaultSession } from '../../api/pick-session';
import { resolveSession } from '../../api/resolve-id';
import { runScript } from '../../api/run-script';
import { NotFoundError } from '../../errors';
import type { CommandContext } from '../context';

/** Kiro's `/chat save-via-script`: this directory's session as JSON on the script's stdin. */
export async function saveViaScript(a: { script: string; id?: string; timeout: number; json?: boolean }, ctx: CommandContext): Promise<void> {
  const store = await ctx.store();
  const target = a.id ?? (await defaultSession(store))?.id;
  if (!target) throw new NotFoundError(`No saved chat sessions for ${store.displayDir}`);
  const record = await resolveSession(store, target);
  const r = await runScript(a.script, { cwd: ctx.cwd, input: await renderLoad(store, record, 'source'), timeoutMs: a.timeout * 1000 });
  if (r.stderr) process.stderr.write(r.stderr);
  if (a.json) ctx.out.json({ id: record.id, script: a.script });
  else ctx.out.err(`✔ Saved chat session via script ${a.script}`);
}
