import { safeJson } from '../model/text';
import type { Message } from '../model/message';
import type { SessionRecord } from '../model/session-record';

const fence = (text: string, lang = '') => {
  const ticks = '`'.repeat(Math.max(3, ...[...text.matchAll(/`+/g)].map((m) => m[0].length + 1)));
  return `${ticks}${lang}\n${text}\n${ticks}`;
};

/** A readable Markdown transcript: prompts, replies, tool calls and their results. */
export function toMarkdown(record: SessionRecord, messages: Message[]): string {
  const out: string[] = [`# ${record.title}`, ''];
  const facts: [string, string | undefined][] = [
    ['Session', record.id],
    ['Directory', record.scope || '.'],
    ['Created', record.createdAt],
    ['Updated', record.updatedAt],
    ['Agent', [record.agent, record.model].filter(Boolean).join(' / ') || undefined],
    ['Branch', record.git?.branch],
    ['Commit', record.git?.head],
  ];
  for (const [k, v] of facts) if (v) out.push(`- **${k}:** ${v}`);
  out.push('');
  for (const m of messages) {
    out.push(m.role === 'user' ? '## User' : m.role === 'assistant' ? '## Assistant' : m.role === 'system' ? '## Context' : '## Tool results', '');
    if (m.text) out.push(m.text, '');
    for (const c of m.toolCalls ?? []) out.push(`**Tool call:** \`${c.name}\``, '', fence(safeJson(c.args, 2), 'json'), '');
    for (const r of m.toolResults ?? []) out.push(`**Result${r.status ? ` (${r.status})` : ''}:**`, '', fence(r.text), '');
  }
  return `${out.join('\n').trimEnd()}\n`;
}
