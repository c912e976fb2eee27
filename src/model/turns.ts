import type { Message, ToolCall } from './message';

/** One turn: a prompt and everything the agent did until the next prompt. 1-based. */
export interface Turn {
  turn: number;
  prompt: string;
  /** The agent's text replies of the turn, joined. */
  reply: string;
  toolCalls: ToolCall[];
  /** Indexes into the messages: [first, last]. */
  messages: [number, number];
  /** The last time a message of the turn carries. */
  at?: string;
}

/** A conversation as turns (messages before the first prompt belong to no turn). */
export function turnsOf(messages: Message[]): Turn[] {
  const out: Turn[] = [];
  messages.forEach((m, i) => {
    if (m.role === 'user' && m.text) {
      out.push({ turn: out.length + 1, prompt: m.text, reply: '', toolCalls: [...(m.toolCalls ?? [])], messages: [i, i], ...(m.timestamp ? { at: m.timestamp } : {}) });
      return;
    }
    const t = out[out.length - 1];
    if (!t) return;
    t.messages[1] = i;
    if (m.role === 'assistant' && m.text) t.reply = t.reply ? `${t.reply}\n${m.text}` : m.text;
    if (m.toolCalls) t.toolCalls.push(...m.toolCalls);
    if (m.timestamp) t.at = m.timestamp;
  });
  return out;
}
