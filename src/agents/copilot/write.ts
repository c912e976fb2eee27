import { join } from 'node:path';
import { v5 as uuidv5, validate as isUuid } from 'uuid';
import { isObj } from '../../formats/adapter';
import type { Message } from '../../model/message';
import type { ResumeInto, SessionToResume } from '../agent';
import { editJsonl } from '../files';
import { textTurns } from '../text-turns';

const NS = '5e3b9d17-2a6c-4f0e-8b4d-1c7a9e3f6b28';

/** Another agent's conversation as a Copilot CLI event log: session.start, then user and assistant messages. */
function toEvents(id: string, messages: Message[], cwd: string, model = 'imported'): Buffer {
  const started = messages.find((m) => m.timestamp)?.timestamp ?? new Date(0).toISOString();
  const events: object[] = [];
  let parent: string | null = null;
  const push = (type: string, data: object, at: string) => {
    const eid = uuidv5(`${id}/${events.length}`, NS);
    events.push({ type, data, id: eid, timestamp: at, parentId: parent });
    parent = eid;
  };
  push('session.start', { sessionId: id, version: 1, producer: 'copilot-agent', copilotVersion: '0.0.0', startTime: started, selectedModel: model, context: { cwd } }, started);
  for (const t of textTurns(messages)) {
    const messageId = uuidv5(`${id}/m${events.length}`, NS);
    push(t.role === 'user' ? 'user.message' : 'assistant.message', t.role === 'user' ? { content: t.text, messageId } : { messageId, model, content: t.text, toolRequests: [] }, t.at ?? started);
  }
  return Buffer.from(`${events.map((e) => JSON.stringify(e)).join('\n')}\n`);
}

/** A Copilot event log under another id (a fork): session.start names it; every other line stays. */
function withId(bytes: Buffer, id: string): Buffer {
  return editJsonl(bytes, (r) => (r.type === 'session.start' && isObj(r.data) && r.data.sessionId !== id ? { ...r, data: { ...r.data, sessionId: id } } : undefined));
}

/**
 * Copilot CLI keeps a session in ~/.copilot/session-state/<id>/; its events.jsonl
 * alone resumes it on a new machine (`copilot --resume=<id>`).
 */
export const copilotInto: ResumeInto = {
  program: 'copilot',
  place(s: SessionToResume, { home, cwd }) {
    const id = isUuid(s.id) ? s.id : uuidv5(s.id, NS);
    const bytes = s.source.format === 'copilot' ? withId(s.source.bytes, id) : toEvents(id, s.messages, cwd, s.model);
    return { agentSessionId: id, path: join(home, '.copilot', 'session-state', id, 'events.jsonl'), bytes };
  },
  command: (id) => `copilot --resume=${id}`,
};
