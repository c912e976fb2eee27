import type { SessionView } from '../api/show-session';
import type { Message } from '../model/message';
import type { SessionSummary } from '../model/session-record';
import { oneLine, safeJson } from '../model/text';
import { paint, type Output } from './output';

/** Kiro's relative time: "just now", "5 minutes ago", "3 days ago". */
export function ago(iso: string, now = Date.now()): string {
  const s = Math.max(0, Math.round((now - Date.parse(iso)) / 1000));
  const units: [number, string][] = [[31536000, 'year'], [2592000, 'month'], [604800, 'week'], [86400, 'day'], [3600, 'hour'], [60, 'minute']];
  for (const [secs, name] of units) {
    const n = Math.floor(s / secs);
    if (n >= 1) return `${n} ${name}${n > 1 ? 's' : ''} ago`;
  }
  return 'just now';
}

/** Kiro's `{ago} | {first prompt} | {n} msgs`. */
export function kiroLine(s: SessionSummary): string {
  return `${ago(s.updatedAt)} | ${s.preview || '(no prompt)'} | ${s.messageCount} msgs`;
}

export function renderSessionList(o: Output, dir: string, list: SessionSummary[], deleteHint: string, showScope: boolean): void {
  // One write, not four a session: 800 writes to a pipe cost 2.5 ms of `list`.
  const lines = [`Chat sessions for ${dir}:`, ''];
  for (const s of list) {
    lines.push(`Chat SessionId: ${paint(o, 'yellow', s.id)}`);
    // Kiro's own line follows; a title that is only the first prompt again is not shown.
    const sameAsPrompt = !!s.preview && s.preview.startsWith(s.title.replace(/…$/, ''));
    if (!sameAsPrompt || showScope) lines.push(`  ${paint(o, 'bold', sameAsPrompt ? '' : s.title)}${showScope ? paint(o, 'dim', `${sameAsPrompt ? '' : '  '}[${s.scope || '.'}]`) : ''}`);
    lines.push(`  ${kiroLine(s)}`, '');
  }
  o.out(`${lines.join('\n')}\n`);
  o.out(`To delete a session, use: ${deleteHint} <SESSION_ID>`);
}

export function renderMessages(o: Output, messages: Message[]): void {
  // One write (see renderSessionList); a text ending in a newline ends its line, as o.out does.
  const lines: string[] = [];
  const line = (t: string) => lines.push(t.endsWith('\n') ? t.slice(0, -1) : t);
  for (const m of messages) {
    if (m.role === 'user') line(`${paint(o, 'green', '>')} ${m.text}`);
    else if (m.text) line(m.text.replace(/^\n+/, ''));
    for (const c of m.toolCalls ?? []) line(paint(o, 'cyan', `  ⚙ ${c.name} ${oneLine(safeJson(c.args), 100)}`));
    for (const r of m.toolResults ?? []) line(paint(o, 'dim', `  ↳ ${r.status ?? 'result'}: ${oneLine(r.text, 100)}`));
    line('');
  }
  if (lines.length) o.out(`${lines.join('\n')}\n`);
}

export function renderSession(o: Output, v: SessionView): void {
  const r = v.record;
  o.out(`${paint(o, 'bold', r.title)}`);
  o.out(paint(o, 'dim', `Chat SessionId: ${r.id}`));
  const facts = [
    ['directory', r.scope || '.'],
    ['created', `${r.createdAt} (${ago(r.createdAt)})`],
    ['updated', `${r.updatedAt} (${ago(r.updatedAt)})`],
    ['messages', String(r.messageCount)],
    ['agent', [r.agent, r.model].filter(Boolean).join(' / ')],
    ['branch', r.git?.branch],
    ['commit', r.git?.head],
    ['remote', r.git?.remote],
  ].filter((f): f is [string, string] => !!f[1]);
  for (const [k, v] of facts) o.out(paint(o, 'dim', `${k.padEnd(10)}${v}`));
  o.out('');
  renderMessages(o, v.messages);
}
