import { InvalidInputError } from '../../errors';
import type { Message } from '../../model/message';
import { isObj, str, type FormatAdapter, type Obj } from '../../formats/adapter';

/**
 * opencode's and Kilo CLI's session as `opencode export <id>` prints it (and as the
 * git-kiro plug-in hands it to capture): `{info: {id, directory, title, time},
 * messages: [{info: {id, role, time}, parts: [...]}]}`. Parts of type text, reasoning
 * and tool are read; step markers, snapshots and patches stay in the stored source.
 */
export function openCodeFormat(name: 'opencode' | 'kilo', label: string): FormatAdapter {
  return {
    name,
    extensions: ['.json'],
    detect: (_file, json) => isObj(json) && isObj(json.info) && Array.isArray(json.messages) && /^ses_/.test(str(json.info.id)) && agentOf(json) === name,
    parse(file, json) {
      if (!isObj(json) || !isObj(json.info) || !Array.isArray(json.messages)) throw new InvalidInputError(`is not a ${label} export (no info and messages)`, { file: file.name });
      const info = json.info;
      const time = isObj(info.time) ? info.time : {};
      return [
        {
          format: name,
          sourceBytes: file.bytes,
          conversation: this.normalise(file.bytes),
          meta: { id: str(info.id) || undefined, title: str(info.title) || undefined, createdAt: typeof time.created === 'number' ? new Date(time.created).toISOString() : undefined, cwd: str(info.directory) || undefined },
        },
      ];
    },
    normalise(bytes) {
      let doc: unknown;
      try {
        doc = JSON.parse(bytes.toString('utf8'));
      } catch {
        return { messages: [], agent: name };
      }
      if (!isObj(doc) || !Array.isArray(doc.messages)) return { messages: [], agent: name };
      const info = isObj(doc.info) ? doc.info : {};
      const messages: Message[] = [];
      let model: string | undefined;
      for (const m of doc.messages.filter(isObj)) {
        const mi = isObj(m.info) ? m.info : {};
        const parts = Array.isArray(m.parts) ? m.parts.filter(isObj) : [];
        const role = mi.role === 'assistant' ? 'assistant' : 'user';
        model ??= str(mi.modelID) || (isObj(mi.model) ? str(mi.model.modelID) : '') || undefined;
        const msg: Message = { role, text: parts.filter((p) => p.type === 'text' && !p.synthetic).map((p) => str(p.text)).filter(Boolean).join('\n') };
        const thinking = parts.filter((p) => p.type === 'reasoning').map((p) => str(p.text)).filter(Boolean).join('\n');
        if (thinking) msg.thinking = thinking;
        const tools = parts.filter((p) => p.type === 'tool');
        if (tools.length) {
          msg.toolCalls = tools.map((p) => ({ id: str(p.callID) || str(p.id), name: str(p.tool), args: isObj(p.state) ? p.state.input : undefined }));
          const results = tools.filter((p) => isObj(p.state) && (p.state.status === 'completed' || p.state.status === 'error'));
          if (results.length) msg.toolResults = results.map((p) => resultOf(p));
        }
        const t = isObj(mi.time) ? mi.time.created : undefined;
        if (typeof t === 'number') msg.timestamp = new Date(t).toISOString();
        if (msg.text || msg.toolCalls || msg.thinking) messages.push(msg);
      }
      const time = isObj(info.time) ? info.time : {};
      return { sourceId: str(info.id) || undefined, messages, agent: name, model, startedAt: typeof time.created === 'number' ? new Date(time.created).toISOString() : undefined };
    },
  };
}

function resultOf(p: Obj): { toolCallId: string; status: string; text: string } {
  const s = p.state as Obj;
  const out = s.status === 'error' ? str(s.error) : typeof s.output === 'string' ? s.output : JSON.stringify(s.output ?? '');
  return { toolCallId: str(p.callID) || str(p.id), status: s.status === 'error' ? 'error' : 'success', text: out };
}

/**
 * Kilo's export is opencode's shape; only its version tells them apart (Kilo CLI is
 * numbered from 7, opencode from 0). Capture does not need this: the plug-in names
 * its agent.
 */
function agentOf(doc: Obj): 'opencode' | 'kilo' {
  const major = Number(str((doc.info as Obj).version).split('.')[0]);
  return major >= 7 ? 'kilo' : 'opencode';
}
