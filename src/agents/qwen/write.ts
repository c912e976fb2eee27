import { join } from 'node:path';
import { v5 as uuidv5, validate as isUuid } from 'uuid';
import type { Message } from '../../model/message';
import type { ResumeInto, SessionToResume } from '../agent';
import { editJsonl, escapedDirName } from '../files';
import { textTurns } from '../text-turns';

const NS = '9a4e2c71-3b5d-4f8e-a1c6-7d2e9b0f4a53';

/** Another agent's conversation as a Qwen Code chat: user and assistant records chained by parentUuid, text parts. */
function toQwenChat(id: string, messages: Message[], cwd: string, model = 'imported'): Buffer {
  const lines: string[] = [];
  let parent: string | null = null;
  for (const t of textTurns(messages)) {
    const uuid = uuidv5(`${id}/${lines.length}`, NS);
    const message = { role: t.role === 'user' ? 'user' : 'model', parts: [{ text: t.text }] };
    lines.push(JSON.stringify({ uuid, parentUuid: parent, sessionId: id, timestamp: t.at ?? new Date(0).toISOString(), type: t.role, cwd, version: '0.0.0', ...(t.role === 'assistant' ? { model } : {}), message }));
    parent = uuid;
  }
  return Buffer.from(lines.length ? `${lines.join('\n')}\n` : '');
}

/**
 * A Qwen chat for this checkout: Qwen resumes only a session whose records' `cwd` is
 * the directory it runs in, so the records of the directory it ran in on the other
 * machine name this one (and the session's id, for a fork). Other lines stay as they were.
 */
function movedChat(bytes: Buffer, id: string, cwd: string): Buffer {
  let from: unknown;
  return editJsonl(bytes, (r) => {
    if (typeof r.sessionId !== 'string') return undefined;
    from ??= r.cwd;
    const move = r.cwd === from && r.cwd !== cwd;
    return r.sessionId !== id || move ? { ...r, sessionId: id, ...(move ? { cwd } : {}) } : undefined;
  });
}

/** Qwen Code keeps a session at ~/.qwen/projects/<escaped cwd>/chats/<id>.jsonl; `qwen --resume <id>` reads it there. */
export const qwenInto: ResumeInto = {
  program: 'qwen',
  place(s: SessionToResume, { home, cwd }) {
    const id = isUuid(s.id) ? s.id : uuidv5(s.id, NS);
    const bytes = s.source.format === 'qwen' ? movedChat(s.source.bytes, id, cwd) : toQwenChat(id, s.messages, cwd, s.model);
    return { agentSessionId: id, path: join(home, '.qwen', 'projects', escapedDirName(cwd), 'chats', `${id}.jsonl`), bytes };
  },
  command: (id) => `qwen --resume ${id}`,
};
