import { InvalidInputError } from '../../errors';
import type { Message } from '../../model/message';
import { badLineWarnings, firstRecord, isObj, readJsonl, str, type FormatAdapter, type Obj } from '../../formats/adapter';

const dataOf = (r: Obj): Obj => (isObj(r.data) ? r.data : {});

/**
 * GitHub Copilot CLI's session log (~/.copilot/session-state/<id>/events.jsonl): one
 * event per line. `session.start` names the session and its directory;
 * `user.message`, `assistant.message` (with `toolRequests`) and
 * `tool.execution_complete` are the conversation; hooks, usage and turn markers stay in
 * the source.
 */
export const copilot: FormatAdapter = {
  name: 'copilot',
  extensions: ['.jsonl'],
  detect(file) {
    const r = firstRecord(file.bytes);
    return !!r && r.type === 'session.start' && isObj(r.data) && ('copilotVersion' in r.data || r.data.producer === 'copilot-agent');
  },
  parse(file) {
    const { records, bad } = readJsonl(file.bytes);
    const start = records.find((r) => r.type === 'session.start');
    if (!start) throw new InvalidInputError('no Copilot CLI session.start event', { file: file.name });
    const d = dataOf(start);
    const context = isObj(d.context) ? d.context : {};
    return [
      {
        format: 'copilot',
        sourceBytes: file.bytes,
        conversation: this.normalise(file.bytes),
        meta: { id: str(d.sessionId) || undefined, createdAt: str(d.startTime) || undefined, cwd: str(context.cwd) || undefined, branch: str(context.branch) || undefined },
        warnings: badLineWarnings(bad),
      },
    ];
  },
  normalise(bytes) {
    const { records } = readJsonl(bytes);
    const messages: Message[] = [];
    let model: string | undefined;
    for (const r of records) {
      const d = dataOf(r);
      const at = str(r.timestamp) || undefined;
      if (r.type === 'user.message') messages.push({ role: 'user', text: str(d.content), ...(at ? { timestamp: at } : {}) });
      if (r.type === 'assistant.message') {
        model ??= str(d.model) || undefined;
        const calls = Array.isArray(d.toolRequests) ? d.toolRequests.filter(isObj) : [];
        const m: Message = { role: 'assistant', text: str(d.content), ...(at ? { timestamp: at } : {}) };
        if (calls.length) m.toolCalls = calls.map((c) => ({ id: str(c.toolCallId), name: str(c.name), args: c.arguments }));
        if (str(d.reasoningText)) m.thinking = str(d.reasoningText);
        if (m.text || m.toolCalls) messages.push(m);
      }
      if (r.type === 'tool.execution_complete') {
        const result = isObj(d.result) ? d.result : {};
        const text = str(result.content) || str(result.detailedContent) || (isObj(d.error) ? str(d.error.message) : '');
        messages.push({ role: 'tool', text: '', toolResults: [{ toolCallId: str(d.toolCallId), status: d.success === false ? 'error' : 'success', text }], ...(at ? { timestamp: at } : {}) });
      }
    }
    const start = records.find((r) => r.type === 'session.start');
    return { sourceId: start ? str(dataOf(start).sessionId) || undefined : undefined, messages, agent: 'copilot', model, startedAt: start ? str(dataOf(start).startTime) || undefined : undefined };
  },
};
