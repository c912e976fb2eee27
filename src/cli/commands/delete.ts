import { deleteSession } from '../../api/delete-session';
import { resolveOwnSession } from '../../api/resolve-id';
import { UsageError } from '../../errors';
import { confirm } from '../prompt';
import type { CommandContext } from '../context';

/** Deletes a session after confirmation (or --yes). Answering "no" is a normal exit. */
export async function del(a: { id: string; yes?: boolean; json?: boolean }, ctx: CommandContext): Promise<void> {
  const store = await ctx.store();
  const record = await resolveOwnSession(store, a.id);
  if (!a.yes) {
    if (!process.stdin.isTTY) throw new UsageError(`refusing to delete session ${record.id} without confirmation`, { hint: 'add --yes when not on a terminal' });
    if (!(await confirm(`Delete chat session ${record.id} (${record.title})?`))) return ctx.out.err('Not deleted.');
  }
  const r = await deleteSession(store, record.id);
  if (a.json) ctx.out.json({ id: r.id, deleted: true });
  else ctx.out.err(`✔ Deleted chat session ${r.id}`);
}
