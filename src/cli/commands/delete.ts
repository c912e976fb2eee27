import { deleteSession } from '../../api/delete-session';
import { resolveOwnSession } from '../../api/resolve-id';
import { UsageError } from '../../errors';
import { defineCommand, jsonFlag, yesFlag } from '../command';
import { confirmOrRefuse, type CommandContext } from '../context';
import { purgeAfterConfirm } from './purge';

/** Deletes a session after confirmation (or --yes). Answering "no" is a normal exit. */
export const deleteCommand = defineCommand({
  command: ['delete <id>', 'rm <id>'],
  describe: 'delete a session',
  builder: (y) =>
    y
      .positional('id', { type: 'string', demandOption: true })
      .options(yesFlag)
      .option('purge', { type: 'boolean', describe: 'also remove its content from the notes history (see purge)' })
      .options(jsonFlag),
  run: (a, ctx) => (a.purge ? purgeAfterConfirm(ctx, a) : deleteAfterConfirm(ctx, a)),
});

export async function deleteAfterConfirm(ctx: CommandContext, a: { id: string; yes?: boolean; json?: boolean }): Promise<void> {
  // Like git's short ids: a destructive command wants at least four characters.
  if (a.id.trim().length < 4) throw new UsageError(`'${a.id}' is too short to name a session to delete; give at least 4 characters of its id`);
  const store = await ctx.sessions();
  const record = await resolveOwnSession(store, a.id);
  const ok = await confirmOrRefuse(ctx, { yes: a.yes, question: `Delete chat session ${record.id} (${record.title})?`, refusal: `refusing to delete session ${record.id} without confirmation` });
  if (!ok) return ctx.out.err('Not deleted.');
  const r = await deleteSession(store, record.id);
  if (a.json) ctx.out.json({ id: r.id, deleted: true });
  else ctx.out.err(`✔ Deleted chat session ${r.id}`);
}
