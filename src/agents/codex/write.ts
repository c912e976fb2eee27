import { join } from 'node:path';
import { v5 as uuidv5, validate as isUuid } from 'uuid';
import { isObj, readJsonl } from '../../formats/adapter';
import type { Message } from '../../model/message';
import type { ResumeInto, SessionToResume } from '../agent';
import { editJsonl, isoTime } from '../files';
import { textTurns } from '../text-turns';

const NS = '0c9e7d2a-5b1f-4e3c-8a6d-9f2b4c7e1a30';

/**
 * A conversation from another agent as a Codex rollout: a session_meta line, then the
 * prompts and replies as response items; tool calls and results as one-line text
 * (a function_call Codex cannot pair with its output would break the next request).
 */
function toRollout(id: string, messages: Message[], cwd: string, started: string): Buffer {
  const lines: object[] = [{ timestamp: started, type: 'session_meta', payload: { id, session_id: id, timestamp: started, cwd, originator: 'git-kiro', cli_version: '0.0.0', source: 'exec' } }];
  for (const t of textTurns(messages)) {
    lines.push({ timestamp: t.at ?? started, type: 'response_item', payload: { type: 'message', role: t.role, content: [{ type: t.role === 'user' ? 'input_text' : 'output_text', text: t.text }] } });
  }
  return Buffer.from(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
}

/** A Codex rollout under another id (a fork): the session_meta names it; every other line stays. */
function withId(bytes: Buffer, id: string): Buffer {
  return editJsonl(bytes, (r) => (r.type === 'session_meta' && isObj(r.payload) && r.payload.id !== id ? { ...r, payload: { ...r.payload, id, ...(r.payload.session_id ? { session_id: id } : {}) } } : undefined));
}

/** `rollout-2026-11-22T21-10-21` from an ISO time (Codex names its files by local start time; any time it can parse will do). */
const stamp = (iso: string) => iso.slice(0, 19).replace(/:/g, '-');

/**
 * Codex keeps a session at ~/.codex/sessions/YYYY/MM/DD/rollout-<time>-<id>.jsonl;
 * `codex exec resume <id>` finds it there (the file alone is enough on a new machine).
 */
export const codexInto: ResumeInto = {
  program: 'codex',
  place(s: SessionToResume, { home, cwd }) {
    const id = isUuid(s.id) ? s.id : uuidv5(s.id, NS);
    const own = s.source.format === 'codex' ? readJsonl(s.source.bytes).records.find((r) => r.type === 'session_meta') : undefined;
    // Part of the path: only a real time, re-formatted, ever reaches it.
    const started = isoTime(own && isObj(own.payload) ? own.payload.timestamp : undefined, ...s.messages.map((m) => m.timestamp));
    const bytes = own ? withId(s.source.bytes, id) : toRollout(id, s.messages, cwd, started);
    const [y, mo, d] = started.slice(0, 10).split('-');
    return { agentSessionId: id, path: join(home, '.codex', 'sessions', y, mo, d, `rollout-${stamp(started)}-${id}.jsonl`), bytes };
  },
  command: (id) => `codex exec resume ${id}`,
};
