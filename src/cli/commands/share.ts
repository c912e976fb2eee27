import { resolveSession } from '../../api/resolve-id';
import { listShares, shareSession, unshareSession } from '../../api/share-session';
import { viewOf } from '../../api/show-session';
import { UsageError } from '../../errors';
import { scanSecrets } from '../../redact/scan';
import { confirm } from '../prompt';
import { ago } from '../render';
import { paint } from '../output';
import type { CommandContext } from '../context';

/** The page address `git kiro serve` gives a share (its default port). */
export const shareUrl = (shareId: string) => `http://127.0.0.1:7433/share/${shareId}`;

/** `git kiro share ID`: shows what will be shared, asks (unless --yes), shares. */
export async function share(a: { id: string; yes?: boolean; redact?: boolean; json?: boolean }, ctx: CommandContext): Promise<void> {
  const store = await ctx.store();
  const record = await resolveSession(store, a.id);
  if (!a.yes) {
    const { messages } = await viewOf(store, record);
    const findings = scanSecrets(messages.map((m) => [m.text, ...(m.toolCalls ?? []).map((c) => JSON.stringify(c.args)), ...(m.toolResults ?? []).map((r) => r.text)].join('\n')).join('\n'));
    ctx.out.err(`About to share "${record.title}" (${record.id}): ${record.messageCount} messages, first prompt: ${record.preview || '(none)'}`);
    ctx.out.err(findings.length ? `Secrets found (they will be redacted${a.redact === false ? ': NOT, --no-redact was given' : ''}): ${findings.map((f) => `${f.count} ${f.kind}`).join(', ')}` : 'Secrets found: none');
    ctx.out.err('A share is kept in refs/notes/kiro and travels with git kiro push.');
    if (!process.stdin.isTTY) throw new UsageError('refusing to share without confirmation', { hint: 'add --yes when not on a terminal' });
    if (!(await confirm('Share it?'))) return ctx.out.err('Not shared.');
  }
  const { shareId } = await shareSession(store, record.id, new Date(), { noRedact: a.redact === false });
  if (a.json) return ctx.out.json({ shareId, session: record.id, url: shareUrl(shareId) });
  ctx.out.out(shareId);
  ctx.out.err(`✔ Shared "${record.title}" as ${shareId}`);
  ctx.out.err(`  fork it:   git kiro fork ${shareId}`);
  ctx.out.err(`  read it:   git kiro serve, then ${shareUrl(shareId)}`);
  ctx.out.err(`  send it:   git kiro push`);
}

export async function unshare(a: { id: string; yes?: boolean; json?: boolean }, ctx: CommandContext): Promise<void> {
  const store = await ctx.store();
  const r = await resolveSession(store, a.id);
  if (!a.yes) {
    if (!process.stdin.isTTY) throw new UsageError(`refusing to unshare ${r.id} without confirmation`, { hint: 'add --yes when not on a terminal' });
    if (!(await confirm(`Remove share ${r.id} ("${r.title}")?`))) return ctx.out.err('Not removed.');
  }
  const { shareId } = await unshareSession(store, r.id);
  if (a.json) return ctx.out.json({ shareId, removed: true });
  ctx.out.err(`✔ Removed share ${shareId} (git kiro push sends the removal)`);
}

export async function shares(a: { json?: boolean }, ctx: CommandContext): Promise<void> {
  const list = await listShares(await ctx.store());
  if (a.json) return ctx.out.json(list.map((s) => ({ shareId: s.id, title: s.title, session: s.share!.session, sharedBy: s.share!.sharedBy, sharedAt: s.share!.sharedAt, messageCount: s.messageCount })));
  if (!list.length) return ctx.out.err('No shares in this repository.');
  for (const s of list) ctx.out.out(`${paint(ctx.out, 'yellow', s.id)}  ${s.title}  ${paint(ctx.out, 'dim', `by ${s.share!.sharedBy.name} ${ago(s.share!.sharedAt)}, ${s.messageCount} msgs`)}`);
}
