import type { Conversation, Message, ToolCall, ToolResult } from '../../../model/message';

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/**
 * Kiro v1 history to messages. Rust enums arrive externally tagged
 * (`{"Prompt":{"prompt":"…"}}`); variants we do not know still yield a message whose
 * text names the variant, so nothing silently disappears from transcripts.
 * Lenient by design: it never throws on a document the schema accepted.
 */
export function normaliseKiroV1(doc: Obj): Conversation {
  const messages: Message[] = [];
  let startedAt: string | undefined;
  for (const entry of Array.isArray(doc.history) ? doc.history : []) {
    if (!isObj(entry)) continue;
    const user = isObj(entry.user) ? entry.user : {};
    const ts = typeof user.timestamp === 'string' ? user.timestamp : undefined;
    startedAt ??= ts;
    const u = userMessage(user.content, ts);
    if (u) messages.push(u);
    const a = assistantMessage(entry.assistant);
    // An empty reply (Kiro writes one when a turn was cut short) says nothing.
    if (a && (a.text || a.toolCalls?.length)) messages.push(a);
  }
  const modelInfo = isObj(doc.model_info) ? doc.model_info : {};
  return {
    sourceId: str(doc.conversation_id) || undefined,
    messages,
    agent: 'kiro-cli',
    model: str(modelInfo.model_id) || str(modelInfo.model_name) || undefined,
    startedAt,
  };
}

function userMessage(content: unknown, timestamp?: string): Message | undefined {
  if (!isObj(content)) return undefined;
  const [variant, body] = Object.entries(content)[0] ?? [];
  if (!variant) return undefined;
  const b = isObj(body) ? body : {};
  const base = timestamp ? { timestamp } : {};
  switch (variant) {
    case 'Prompt':
      return { role: 'user', text: str(b.prompt), ...base };
    case 'ToolUseResults':
      return { role: 'tool', text: '', toolResults: toolResults(b.tool_use_results), ...base };
    case 'CancelledToolUses':
      return { role: 'user', text: str(b.prompt), toolResults: toolResults(b.tool_use_results), ...base };
    default:
      return { role: 'user', text: `[${variant}]`, ...base };
  }
}

function assistantMessage(assistant: unknown): Message | undefined {
  if (!isObj(assistant)) return undefined;
  const [variant, body] = Object.entries(assistant)[0] ?? [];
  if (!variant) return undefined;
  const b = isObj(body) ? body : {};
  const msg: Message = { role: 'assistant', text: str(b.content) };
  if (variant === 'ToolUse' && Array.isArray(b.tool_uses)) {
    msg.toolCalls = b.tool_uses.filter(isObj).map(
      (t): ToolCall => ({ id: str(t.id), name: str(t.name) || str(t.orig_name), args: t.args ?? t.orig_args }),
    );
  } else if (variant !== 'Response' && variant !== 'ToolUse') {
    msg.text = msg.text || `[${variant}]`;
  }
  return msg;
}

function toolResults(v: unknown): ToolResult[] {
  if (!Array.isArray(v)) return [];
  return v.filter(isObj).map((r) => ({
    toolCallId: str(r.tool_use_id),
    status: str(r.status) || undefined,
    text: (Array.isArray(r.content) ? r.content : [])
      .map((c) => {
        if (!isObj(c)) return '';
        if (typeof c.Text === 'string') return c.Text;
        if ('Json' in c) return JSON.stringify(c.Json, null, 2);
        return JSON.stringify(c);
      })
      .join('\n'),
  }));
}
