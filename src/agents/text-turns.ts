import type { Message } from '../model/message';
import { oneLine, safeJson } from '../model/text';

/** One turn of a conversation as plain text, for an agent that gets another agent's session. */
export interface TextTurn {
  role: 'user' | 'assistant';
  text: string;
  at?: string;
}

/**
 * A conversation as text turns every agent can carry: prompts and replies as they
 * were, tool calls and their results as one line each. A tool call is never handed
 * over as a call: the target's API would refuse a call it cannot pair with its own
 * result. Empty turns are left out.
 */
export function textTurns(messages: Message[]): TextTurn[] {
  const out: TextTurn[] = [];
  const add = (role: TextTurn['role'], text: string, at: string | undefined) => text.trim() && out.push({ role, text, at });
  for (const m of messages) {
    if (m.role === 'user' && m.text) add('user', m.text, m.timestamp);
    if (m.role === 'assistant') add('assistant', [m.text, ...(m.toolCalls ?? []).map((c) => `[tool call ${c.name}: ${oneLine(safeJson(c.args), 300)}]`)].filter(Boolean).join('\n\n'), m.timestamp);
    if (m.toolResults?.length && m.role !== 'assistant') add('user', m.toolResults.map((r) => `[tool result${r.status ? ` (${r.status})` : ''}: ${oneLine(r.text, 300)}]`).join('\n'), m.timestamp);
  }
  return out;
}
