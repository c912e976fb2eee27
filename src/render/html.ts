import type { Message, ToolResult } from '../model/message';
import type { SessionRecord } from '../model/session-record';
import { escapeHtml } from './escape';
import { inlineMarkdownHtml, markdownHtml } from './markdown-html';
import { PAGE_CSS } from './page-css';
import { timeHtml } from './time';
import { toolCallHtml } from './tool-call';

export { escapeHtml, inlineMarkdownHtml, PAGE_CSS };
const e = escapeHtml;

/** What a directory is called on a page: the root has the empty scope, and is named. */
export const scopeName = (scope: string) => scope || 'the root directory';

const ROLE: Record<Message['role'], string> = { user: 'User', assistant: 'Assistant', system: 'Context', tool: 'Tool results' };

/**
 * The conversation as HTML: prompts and replies as Markdown, each tool call summarised
 * by what it did (a shell command with its output, a written file, an edit as a diff)
 * with its result beside it, thinking folded. Shared by export, serve and publish.
 * Every prompt starts a turn with a stable anchor (#turn-N) that blame, show --turn
 * and the commit page link to; N counts prompts exactly as `turnsOf` does.
 */
export function messagesHtml(messages: Message[]): string {
  const results = new Map<string, ToolResult>();
  for (const m of messages) for (const r of m.toolResults ?? []) if (r.toolCallId && !results.has(r.toolCallId)) results.set(r.toolCallId, r);
  const shown = new Set<ToolResult>();
  for (const m of messages) for (const c of m.toolCalls ?? []) if (c.id && results.has(c.id)) shown.add(results.get(c.id)!);
  let turn = 0;
  const out: string[] = [];
  for (const m of messages) {
    const rest = (m.toolResults ?? []).filter((r) => !shown.has(r));
    if (!m.text && !m.thinking && !m.toolCalls?.length && !rest.length) continue; // its results are shown with their calls
    const anchor = m.role === 'user' && m.text ? ++turn : 0;
    const label = anchor ? `<a href="#turn-${anchor}">Turn ${anchor}</a><span>User</span>` : `<span>${ROLE[m.role]}</span>`;
    const thinking = m.thinking ? `<details class="thinking"><summary>Thinking</summary><div class="md">${markdownHtml(m.thinking)}</div></details>` : '';
    const calls = (m.toolCalls ?? []).map((c) => toolCallHtml(c, c.id ? results.get(c.id) : undefined)).join('');
    const orphans = rest.map((r) => `<details class="result"${r.text.length > 1500 ? '' : ' open'}><summary>Result${r.status ? ` · ${e(r.status)}` : ''}</summary><pre class="out" tabindex="0">${e(r.text)}</pre></details>`).join('');
    const cls = m.role === 'tool' ? 'tool-results' : m.role;
    out.push(
      `<article class="msg ${cls}"${anchor ? ` id="turn-${anchor}"` : ''}><div class="role">${label}${timeHtml(m.timestamp, e)}</div>${thinking}${m.text ? `<div class="md">${markdownHtml(m.text)}</div>` : ''}${calls}${orphans}</article>`,
    );
  }
  return out.join('\n');
}

export function metaHtml(record: SessionRecord): string {
  const facts: [string, string | undefined, boolean?][] = [
    ['Session', e(record.id)],
    ['Directory', e(scopeName(record.scope))],
    ['Created', timeHtml(record.createdAt, e)],
    ['Updated', timeHtml(record.updatedAt, e)],
    ['Messages', String(record.messageCount)],
    ['Agent', e([record.agent, record.model].filter(Boolean).join(' / ')) || undefined],
    ['Branch', record.git?.branch && e(record.git.branch)],
    ['Commit', record.git?.head && `<code>${e(record.git.head)}</code>`],
    ['Remote', record.git?.remote && e(record.git.remote)],
  ];
  return `<dl class="meta">${facts.filter(([, v]) => v).map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>`;
}

/**
 * A self-contained page: inline CSS, no scripts, no external resources, and a CSP that
 * forbids both, so opening it makes no network request and runs nothing. `nav` comes
 * before the main content, which a skip link reaches from the keyboard.
 */
export function page(title: string, main: string, nav = ''): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'; img-src data:">
<meta name="viewport" content="width=device-width,initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)}</title><style>${PAGE_CSS}</style></head>
<body>
<a class="skip-link" href="#main">Skip to the content</a>
${nav}<main id="main">
${main}
</main>
</body></html>
`;
}

export function toHtml(record: SessionRecord, messages: Message[]): string {
  return page(record.title, `<h1>${inlineMarkdownHtml(record.title)}</h1>\n${metaHtml(record)}\n${messagesHtml(messages)}`);
}
