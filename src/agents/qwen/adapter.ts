import { InvalidInputError } from '../../errors';
import type { Message } from '../../model/message';
import { badLineWarnings, isObj, readJsonl, str, type FormatAdapter, type Obj } from '../../formats/adapter';

const parts = (r: Obj): Obj[] => (isObj(r.message) && Array.isArray(r.message.parts) ? r.message.parts.filter(isObj) : []);

/**
 * Qwen Code chats (~/.qwen/projects/<escaped cwd>/chats/<sessionId>.jsonl): Claude
 * Code's record envelope (uuid, parentUuid, sessionId, cwd) around Gemini's content
 * parts (`message.parts`: text, functionCall, functionResponse). `system` records
 * (telemetry, snapshots) stay in the source.
 */
export const qwen: FormatAdapter = {
  name: 'qwen',
  extensions: ['.jsonl'],
  detect(file) {
    const head = file.bytes.toString('utf8', 0, 65536);
    return /"sessionId"/.test(head) && /"message":\{"role":"(user|model)","parts":/.test(head);
  },
  parse(file) {
    const { records, bad } = readJsonl(file.bytes);
    const first = records.find((r) => typeof r.sessionId === 'string');
    if (!first) throw new InvalidInputError('no Qwen Code records (sessionId)', { file: file.name });
    return [
      {
        format: 'qwen',
        sourceBytes: file.bytes,
        conversation: this.normalise(file.bytes),
        meta: { id: str(first.sessionId), createdAt: str(first.timestamp) || undefined, cwd: str(first.cwd) || undefined, branch: str(first.gitBranch) || undefined },
        warnings: badLineWarnings(bad),
      },
    ];
  },
  normalise(bytes) {
    const { records } = readJsonl(bytes);
    const messages: Message[] = [];
    let model: string | undefined;
    for (const r of records) {
      if (r.type !== 'user' && r.type !== 'assistant' && r.type !== 'tool_result') continue;
      const ps = parts(r);
      const text = ps.map((p) => str(p.text)).filter(Boolean).join('\n');
      const calls = ps.filter((p) => isObj(p.functionCall)).map((p) => p.functionCall as Obj);
      const responses = ps.filter((p) => isObj(p.functionResponse)).map((p) => p.functionResponse as Obj);
      const m: Message = { role: r.type === 'assistant' ? 'assistant' : responses.length && !text ? 'tool' : 'user', text };
      if (calls.length) m.toolCalls = calls.map((c) => ({ id: str(c.id), name: str(c.name), args: c.args }));
      if (responses.length) {
        m.toolResults = responses.map((f) => {
          const out = isObj(f.response) ? f.response.output ?? f.response.error ?? f.response : f.response;
          return { toolCallId: str(f.id) || str(f.name), text: typeof out === 'string' ? out : JSON.stringify(out ?? '') };
        });
      }
      const thoughts = ps.filter((p) => p.thought === true).map((p) => str(p.text)).join('\n');
      if (thoughts) {
        m.thinking = thoughts;
        m.text = ps.filter((p) => p.thought !== true).map((p) => str(p.text)).filter(Boolean).join('\n');
      }
      if (str(r.timestamp)) m.timestamp = str(r.timestamp);
      if (r.type === 'assistant') model ??= str(r.model) || undefined;
      if (m.text || m.toolCalls || m.toolResults) messages.push(m);
    }
    const first = records.find((r) => typeof r.sessionId === 'string');
    return { sourceId: first ? str(first.sessionId) : undefined, messages, agent: 'qwen', model, startedAt: first ? str(first.timestamp) || undefined : undefined };
  },
};
