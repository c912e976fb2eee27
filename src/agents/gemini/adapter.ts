import { InvalidInputError } from '../../errors';
import type { Message, ToolCall, ToolResult } from '../../model/message';
import { isObj, readJsonl, str, textOf, type FormatAdapter, type Obj } from '../../formats/adapter';

/**
 * Gemini CLI chats (~/.gemini/tmp/<project hash>/chats/session-*.json, newer .jsonl)
 * and `/chat save` checkpoints (checkpoint-<tag>.json: {history: [{role, parts}]}, or
 * the bare array in older versions). `info` and `error` entries stay in the source.
 */
export const gemini: FormatAdapter = {
  name: 'gemini',
  aliases: ['gemini-checkpoint'],
  extensions: ['.json', '.jsonl'],
  detect(file, json) {
    if (isObj(json)) return (Array.isArray(json.messages) && ('sessionId' in json || 'projectHash' in json)) || (Array.isArray(json.history) && isGeminiHistory(json.history));
    if (Array.isArray(json)) return isGeminiHistory(json);
    const head = file.bytes.toString('utf8', 0, 4096);
    // A JSONL chat: only Gemini has "projectHash" or messages of type "gemini".
    return /"projectHash"/.test(head) || /"type"\s*:\s*"gemini"/.test(head);
  },
  parse(file, json) {
    const conv = this.normalise(file.bytes);
    const doc = isObj(json) ? json : undefined;
    const lines = doc ? [] : readJsonl(file.bytes).records;
    const head = doc ?? lines.find((l) => 'sessionId' in l) ?? {};
    const checkpoint = !!doc?.history || Array.isArray(json);
    if (!conv.messages.length && !Array.isArray(doc?.messages) && !checkpoint && !lines.length) {
      throw new InvalidInputError('no Gemini messages', { file: file.name });
    }
    return [
      {
        format: checkpoint ? 'gemini-checkpoint' : 'gemini',
        sourceBytes: file.bytes,
        conversation: conv,
        meta: { id: str(head.sessionId) || undefined, createdAt: str(head.startTime) || undefined },
      },
    ];
  },
  normalise(bytes) {
    let json: unknown;
    try {
      json = JSON.parse(bytes.toString('utf8'));
    } catch {
      json = undefined;
    }
    const history = Array.isArray(json) ? json : isObj(json) && Array.isArray(json.history) ? json.history : undefined;
    if (history) return { messages: history.filter(isObj).map(fromContent).filter((m): m is Message => !!m), agent: 'gemini-cli' };
    const entries = isObj(json) && Array.isArray(json.messages) ? json.messages.filter(isObj) : latestById(readJsonl(bytes).records.filter((r) => 'type' in r && !('sessionId' in r && !('content' in r))));
    const messages: Message[] = [];
    let model: string | undefined;
    for (const e of entries) {
      if (e.type !== 'user' && e.type !== 'gemini') continue;
      // A function's response is also kept on the call that asked for it (toolCalls[].result).
      if (e.type === 'user' && Array.isArray(e.content) && e.content.length && e.content.every((p) => isObj(p) && p.functionResponse)) continue;
      model ??= str(e.model) || undefined;
      const msg: Message = { role: e.type === 'user' ? 'user' : 'assistant', text: textOf(e.content) };
      if (Array.isArray(e.toolCalls) && e.toolCalls.length) {
        msg.toolCalls = e.toolCalls.filter(isObj).map((c) => ({ id: str(c.id), name: str(c.name), args: c.args }));
        const results = e.toolCalls.filter((c) => isObj(c) && c.result !== undefined).map((c) => ({ toolCallId: str((c as Obj).id), status: str((c as Obj).status) || undefined, text: resultText((c as Obj).result) }));
        if (results.length) msg.toolResults = results;
      }
      if (str(e.timestamp)) msg.timestamp = str(e.timestamp);
      messages.push(msg);
    }
    const head = isObj(json) ? json : {};
    return { sourceId: str(head.sessionId) || undefined, messages, agent: 'gemini-cli', model, startedAt: str(head.startTime) || undefined };
  },
};

function isGeminiHistory(h: unknown[]): boolean {
  return h.length > 0 && h.every((c) => isObj(c) && (c.role === 'user' || c.role === 'model') && Array.isArray(c.parts));
}

function fromContent(c: Obj): Message | undefined {
  const parts = Array.isArray(c.parts) ? c.parts.filter(isObj) : [];
  const calls: ToolCall[] = parts.filter((p) => isObj(p.functionCall)).map((p) => {
    const f = p.functionCall as Obj;
    return { id: str(f.id), name: str(f.name), args: f.args };
  });
  const results: ToolResult[] = parts.filter((p) => isObj(p.functionResponse)).map((p) => {
    const f = p.functionResponse as Obj;
    return { toolCallId: str(f.id) || str(f.name), text: resultText(f.response) };
  });
  const text = parts.map((p) => str(p.text)).filter(Boolean).join('\n');
  if (!text && !calls.length && !results.length) return undefined;
  const m: Message = { role: c.role === 'model' ? 'assistant' : results.length && !text ? 'tool' : 'user', text };
  if (calls.length) m.toolCalls = calls;
  if (results.length) m.toolResults = results;
  return m;
}

function resultText(v: unknown): string {
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return v.map((x) => (isObj(x) && isObj(x.functionResponse) ? resultText((x.functionResponse as Obj).response) : resultText(x))).join('\n');
  if (isObj(v) && typeof v.output === 'string') return v.output;
  return v === undefined ? '' : JSON.stringify(v);
}

/**
 * The JSONL chat appends a message again each time it changes (a reply, then the same
 * reply with its tool calls): the last version of each id counts, in the place it first appeared.
 */
function latestById(records: Obj[]): Obj[] {
  const at = new Map<string, number>();
  const out: Obj[] = [];
  for (const r of records) {
    const id = str(r.id);
    const i = id ? at.get(id) : undefined;
    if (i === undefined) {
      if (id) at.set(id, out.length);
      out.push(r);
    } else out[i] = r;
  }
  return out;
}
