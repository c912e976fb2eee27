import { InvalidInputError } from '../../errors';
import type { Message, ToolCall, ToolResult } from '../../model/message';
import { badLineWarnings, isObj, readJsonl, str, type FormatAdapter, type Obj } from '../../formats/adapter';

export const KIRO_EXPORT = 'kiro-session-export-v1';

/**
 * Kiro CLI 2.x sessions: `~/.kiro/sessions/cli/<id>.json` (metadata) beside
 * `<id>.jsonl` (log entries), and the single-file `kiro-session-export-v1` that
 * `/chat save` writes. Both are stored as the export document, which Kiro's own
 * `/chat load` reads: the metadata as it was and every log entry, line by line.
 */
export const kiroV2: FormatAdapter = {
  name: 'kiro-v2',
  extensions: ['.json'],
  detect(_file, json) {
    return isObj(json) && (json.format === KIRO_EXPORT || (typeof json.session_id === 'string' && 'session_state' in json));
  },
  parse(file, json) {
    if (!isObj(json)) throw new InvalidInputError('expected a Kiro 2.x session (a JSON object with session_id, or a kiro-session-export-v1 file)', { file: file.name });
    const doc = json;
    let exportDoc: Obj;
    const warnings: string[] = [];
    if (doc.format === KIRO_EXPORT) {
      if (!Array.isArray(doc.log_entries)) throw new InvalidInputError('expected an array', { file: file.name, field: 'log_entries' });
      exportDoc = doc;
    } else {
      if (!file.companion) throw new InvalidInputError(`the log ${str(doc.session_id)}.jsonl is missing beside this metadata file`, { file: file.name });
      const { records, bad } = readJsonl(file.companion);
      warnings.push(...badLineWarnings(bad).map((w) => `${str(doc.session_id)}.jsonl: ${w}`));
      exportDoc = { format: KIRO_EXPORT, metadata: doc, log_entries: records };
    }
    const bytes = doc.format === KIRO_EXPORT ? file.bytes : Buffer.from(`${JSON.stringify(exportDoc, null, 2)}\n`);
    const meta = isObj(exportDoc.metadata) ? exportDoc.metadata : {};
    return [
      {
        format: 'kiro-v2',
        sourceBytes: bytes,
        conversation: this.normalise(bytes),
        meta: { id: str(meta.session_id) || undefined, title: str(meta.title) || undefined, createdAt: str(meta.created_at) || undefined, cwd: str(meta.cwd) || undefined },
        warnings,
      },
    ];
  },
  normalise(bytes) {
    let doc: unknown;
    try {
      doc = JSON.parse(bytes.toString('utf8'));
    } catch {
      return { messages: [] };
    }
    const d = isObj(doc) ? doc : {};
    const meta = isObj(d.metadata) ? d.metadata : {};
    const messages: Message[] = [];
    for (const e of Array.isArray(d.log_entries) ? d.log_entries.filter(isObj) : []) {
      const data = isObj(e.data) ? e.data : {};
      const parts = Array.isArray(data.content) ? data.content.filter(isObj) : [];
      const text = parts.filter((p) => p.kind === 'text').map((p) => str(p.data)).join('\n');
      if (e.kind === 'Prompt') messages.push({ role: 'user', text });
      else if (e.kind === 'AssistantMessage') {
        const calls: ToolCall[] = parts.filter((p) => p.kind === 'toolUse' && isObj(p.data)).map((p) => {
          const t = p.data as Obj;
          return { id: str(t.toolUseId), name: str(t.name), args: t.input };
        });
        messages.push({ role: 'assistant', text, ...(calls.length ? { toolCalls: calls } : {}) });
      } else if (e.kind === 'ToolResults') {
        const results: ToolResult[] = parts.map((p) => {
          const t = isObj(p.data) ? p.data : {};
          return { toolCallId: str(t.toolUseId), status: str(t.status) || undefined, text: str(t.content) || (t.content !== undefined ? JSON.stringify(t.content) : text) };
        });
        messages.push({ role: 'tool', text: '', toolResults: results });
      }
    }
    const state = isObj(meta.session_state) ? meta.session_state : {};
    const rts = isObj(state.rts_model_state) ? state.rts_model_state : {};
    const model = isObj(rts.model_info) ? str(rts.model_info.model_id) : '';
    return { sourceId: str(meta.session_id) || undefined, messages, agent: 'kiro-cli', model: model || undefined, startedAt: str(meta.created_at) || undefined };
  },
};
