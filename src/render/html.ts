import { safeJson } from '../model/text';
import type { Message } from '../model/message';
import type { SessionRecord } from '../model/session-record';

/** Every piece of session content goes through this: nothing a session says can become markup. */
export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

export const PAGE_CSS = `
body{font:15px/1.5 system-ui,sans-serif;max-width:52rem;margin:2rem auto;padding:0 1rem;color:#1f2328;background:#fff}
h1{font-size:1.5rem;margin-bottom:.25rem}.meta{color:#59636e;font-size:.85rem;margin:0 0 1.5rem}.meta dt{float:left;clear:left;width:7rem}
.msg{border-radius:8px;padding:.6rem .9rem;margin:.7rem 0;white-space:pre-wrap;word-wrap:break-word}
.user{background:#ddf4ff}.assistant{background:#f6f8fa}.tool{background:#fff8c5}
.role{font-weight:600;font-size:.8rem;text-transform:uppercase;color:#59636e;display:block;margin-bottom:.2rem}
details{margin:.3rem 0}summary{cursor:pointer;color:#0969da;font-size:.9rem}pre{background:#fff;border:1px solid #d1d9e0;border-radius:6px;padding:.5rem;overflow:auto;white-space:pre-wrap;font-size:.85rem}
a{color:#0969da}code{font-size:.9em}
`;

/** The conversation as HTML, tool calls and results folded. Shared by export and the web viewer. */
export function messagesHtml(messages: Message[]): string {
  let turn = 0;
  return messages
    .map((m) => {
      // Every prompt starts a turn with a stable anchor (#turn-N): blame and commit pages link to it.
      const anchor = m.role === 'user' && m.text ? ++turn : 0;
      const label = m.role === 'user' ? (anchor ? `<a href="#turn-${anchor}">Turn ${anchor}</a> · User` : 'User') : m.role === 'assistant' ? 'Assistant' : m.role === 'system' ? 'Context' : 'Tool results';
      const calls = (m.toolCalls ?? []).map((c) => `<details class="call"><summary>Tool call: ${escapeHtml(c.name)}</summary><pre>${escapeHtml(safeJson(c.args, 2))}</pre></details>`).join('');
      const results = (m.toolResults ?? []).map((r) => `<details class="result"><summary>Result${r.status ? ` (${escapeHtml(r.status)})` : ''}</summary><pre>${escapeHtml(r.text)}</pre></details>`).join('');
      return `<div class="msg ${m.role}"${anchor ? ` id="turn-${anchor}"` : ''}><span class="role">${label}</span>${escapeHtml(m.text)}${calls}${results}</div>`;
    })
    .join('\n');
}

export function metaHtml(record: SessionRecord): string {
  const facts: [string, string | undefined][] = [
    ['Session', record.id],
    ['Directory', record.scope || '.'],
    ['Created', record.createdAt],
    ['Updated', record.updatedAt],
    ['Messages', String(record.messageCount)],
    ['Agent', [record.agent, record.model].filter(Boolean).join(' / ') || undefined],
    ['Branch', record.git?.branch],
    ['Commit', record.git?.head],
    ['Remote', record.git?.remote],
  ];
  return `<dl class="meta">${facts.filter(([, v]) => v).map(([k, v]) => `<dt>${k}</dt><dd>${escapeHtml(v!)}</dd>`).join('')}</dl>`;
}

/**
 * A self-contained page: inline CSS, no scripts, no external resources, and a CSP that
 * forbids both, so opening it makes no network request and runs nothing.
 */
export function page(title: string, body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width,initial-scale=1">
<title>${escapeHtml(title)}</title><style>${PAGE_CSS}</style></head>
<body>
${body}
</body></html>
`;
}

export function toHtml(record: SessionRecord, messages: Message[]): string {
  return page(record.title, `<h1>${escapeHtml(record.title)}</h1>\n${metaHtml(record)}\n${messagesHtml(messages)}`);
}
