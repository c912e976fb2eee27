import { safeJson } from '../../model/text';
import { resolveSession } from '../../api/resolve-id';
import { listShares, shareSession, unshareSession } from '../../api/share-session';
import { viewOf } from '../../api/show-session';
import { scanSecrets } from '../../redact/scan';
import { defineCommand, jsonFlag, redactFlag, yesFlag } from '../command';
import { confirmOrRefuse } from '../context';
import { paint } from '../output';
import { ago } from '../render';

/** The page address `git kiro serve` gives a share (its default port). */
export const shareUrl = (shareId: string) => `http://127.0.0.1:7433/share/${shareId}`;

/** `git kiro share ID`: shows what will be shared, asks (unless --yes), shares. */
export const shareCommand = defineCommand({
  command: 'share <id>',
  describe: 'a frozen, read-only copy with its own SHARE_ID, pushed with the sessions',
  builder: (y) => y.positional('id', { type: 'string', demandOption: true }).options(yesFlag).options(redactFlag).options(jsonFlag),
  run: async (a, ctx) => {
    const git = await ctx.git('share');
    const record = await resolveSession(git.sessions, a.id);
    if (!a.yes) {
      const { messages } = await viewOf(git.sessions, record);
      const findings = scanSecrets(messages.map((m) => [m.text, ...(m.toolCalls ?? []).map((c) => safeJson(c.args)), ...(m.toolResults ?? []).map((r) => r.text)].join('\n')).join('\n'));
      ctx.out.err(`About to share "${record.title}" (${record.id}): ${record.messageCount} messages, first prompt: ${record.preview || '(none)'}`);
      ctx.out.err(findings.length ? `Secrets found (they will be redacted${a.redact === false ? ': NOT, --no-redact was given' : ''}): ${findings.map((f) => `${f.count} ${f.kind}`).join(', ')}` : 'Secrets found: none');
      ctx.out.err('A share is kept in refs/notes/kiro and travels with git kiro push.');
    }
    if (!(await confirmOrRefuse(ctx, { yes: a.yes, question: 'Share it?', refusal: 'refusing to share without confirmation' }))) return ctx.out.err('Not shared.');
    const { shareId } = await shareSession(git, record.id, new Date(), { noRedact: a.redact === false });
    if (a.json) return ctx.out.json({ shareId, session: record.id, url: shareUrl(shareId) });
    ctx.out.out(shareId);
    ctx.out.err(`✔ Shared "${record.title}" as ${shareId}`);
    ctx.out.err(`  fork it:   git kiro fork ${shareId}`);
    ctx.out.err(`  read it:   git kiro serve, then ${shareUrl(shareId)}`);
    ctx.out.err(`  send it:   git kiro push`);
  },
});

export const unshareCommand = defineCommand({
  command: 'unshare <shareId>',
  describe: 'remove a share (the removal travels with push)',
  builder: (y) => y.positional('shareId', { type: 'string', demandOption: true }).options(yesFlag).options(jsonFlag),
  run: async (a, ctx) => {
    const store = await ctx.sessions();
    const r = await resolveSession(store, a.shareId);
    if (!(await confirmOrRefuse(ctx, { yes: a.yes, question: `Remove share ${r.id} ("${r.title}")?`, refusal: `refusing to unshare ${r.id} without confirmation` }))) return ctx.out.err('Not removed.');
    const { shareId } = await unshareSession(store, r.id);
    if (a.json) return ctx.out.json({ shareId, removed: true });
    ctx.out.err(`✔ Removed share ${shareId} (git kiro push sends the removal)`);
  },
});

export const sharesCommand = defineCommand({
  command: 'shares',
  describe: 'the shares in this repository',
  builder: (y) => y.options(jsonFlag),
  run: async (a, ctx) => {
    const list = await listShares(await ctx.sessions());
    if (a.json) return ctx.out.json(list.map((s) => ({ shareId: s.id, title: s.title, session: s.share!.session, sharedBy: s.share!.sharedBy, sharedAt: s.share!.sharedAt, messageCount: s.messageCount })));
    if (!list.length) return ctx.out.err('No shares in this repository.');
    for (const s of list) ctx.out.out(`${paint(ctx.out, 'yellow', s.id)}  ${s.title}  ${paint(ctx.out, 'dim', `by ${s.share!.sharedBy.name} ${ago(s.share!.sharedAt)}, ${s.messageCount} msgs`)}`);
  },
});
