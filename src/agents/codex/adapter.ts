import { InvalidInputError } from '../../errors';
import type { Message } from '../../model/message';
import { badLineWarnings, firstRecord, isObj, readJsonl, str, textOf, type FormatAdapter, type Obj } from '../../formats/adapter';

/** Codex's own context injections, which are not what the person typed. */
const INJECTED = /^\s*<(environment_context|user_instructions|user_instructions_and_environment)>/;

/**
 * OpenAI Codex CLI rollouts (~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl): lines of
 * {timestamp, type, payload}. Messages, function calls and their outputs become the
 * transcript, reasoning summaries their thinking; turn contexts and events are kept
 * in the source only.
 */
export const codex: FormatAdapter = {
  name: 'codex',
  extensions: ['.jsonl'],
  detect(file) {
    const r = firstRecord(file.bytes);
    return !!r && typeof r.type === 'string' && ['session_meta', 'response_item', 'turn_context', 'event_msg'].includes(r.type) && 'payload' in r;
  },
  parse(file) {
    const { records, bad } = readJsonl(file.bytes);
    const meta = records.find((r) => r.type === 'session_meta' && isObj(r.payload))?.payload as Obj | undefined;
    if (!meta && !records.some((r) => r.type === 'response_item')) throw new InvalidInputError('no Codex session_meta or response_item records', { file: file.name });
    return [
      {
        format: 'codex',
        sourceBytes: file.bytes,
        conversation: this.normalise(file.bytes),
        meta: { id: str(meta?.id) || undefined, createdAt: str(meta?.timestamp) || str(records[0]?.timestamp) || undefined, cwd: str(meta?.cwd) || undefined },
        warnings: badLineWarnings(bad),
      },
    ];
  },
  normalise(bytes) {
    const { records } = readJsonl(bytes);
    const messages: Message[] = [];
    let model: string | undefined;
    let meta: Obj | undefined;
    let thinking = '';
    const think = (m: Message) => {
      if (thinking) m.thinking = thinking;
      thinking = '';
      return m;
    };
    for (const r of records) {
      const p = isObj(r.payload) ? r.payload : undefined;
      if (!p) continue;
      if (r.type === 'session_meta') meta = p;
      if (r.type === 'turn_context') model ??= str(p.model) || undefined;
      if (r.type !== 'response_item') continue;
      const ts = str(r.timestamp) || undefined;
      if (p.type === 'reasoning') {
        const t = Array.isArray(p.summary) ? textOf(p.summary) : '';
        if (t) thinking = thinking ? `${thinking}\n\n${t}` : t;
      } else if (p.type === 'message') {
        const text = textOf(p.content);
        if (p.role === 'user' && INJECTED.test(text)) continue;
        if (p.role === 'user') messages.push({ role: p.role, text, ...(ts ? { timestamp: ts } : {}) });
        if (p.role === 'assistant') messages.push(think({ role: p.role, text, ...(ts ? { timestamp: ts } : {}) }));
      } else if (p.type === 'function_call' || p.type === 'custom_tool_call' || p.type === 'local_shell_call') {
        let args: unknown = p.arguments ?? p.input ?? p.action;
        if (typeof args === 'string') {
          try {
            args = JSON.parse(args);
          } catch {
            /* keep the string */
          }
        }
        const call = { id: str(p.call_id) || str(p.id), name: str(p.name) || String(p.type), args };
        const last = messages[messages.length - 1];
        // Appended to the reply before it, as always (message counts do not change with
        // this reader); reasoning between them joins that reply's thinking.
        if (last?.role === 'assistant') {
          last.toolCalls = [...(last.toolCalls ?? []), call];
          if (thinking) last.thinking = last.thinking ? `${last.thinking}\n\n${thinking}` : thinking;
          thinking = '';
        } else messages.push(think({ role: 'assistant', text: '', toolCalls: [call] }));
      } else if (p.type === 'function_call_output' || p.type === 'custom_tool_call_output') {
        const out = isObj(p.output) ? str(p.output.content) || JSON.stringify(p.output) : str(p.output);
        messages.push({ role: 'tool', text: '', toolResults: [{ toolCallId: str(p.call_id), text: out }] });
      }
    }
    return { sourceId: str(meta?.id) || undefined, messages, agent: 'codex', model, startedAt: str(meta?.timestamp) || undefined };
  },
};
