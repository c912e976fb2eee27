import { join } from 'node:path';
import { v5 as uuidv5 } from 'uuid';
import { isObj } from '../../formats/adapter';
import type { ResumeInto, SessionToResume } from '../agent';
import { textTurns } from '../text-turns';
import { KIRO_EXPORT } from './v2-adapter';

const NS = '1f6b3e92-4c7a-4d58-9e2b-6a0c8d3f7b14';

/** The session state Kiro 2.x writes for a new session (from its own fixture), which a resumed one starts from. */
function freshState(id: string): Record<string, unknown> {
  return {
    version: 'v1',
    conversation_metadata: { user_turn_metadatas: [], user_turn_start_request: null, last_request: null },
    rts_model_state: { conversation_id: id, model_info: null, context_usage_percentage: null },
    permissions: { filesystem: { allowed_read_paths: [], allowed_write_paths: [], denied_read_paths: [], denied_write_paths: [] }, trusted_tools: [], denied_tools: [] },
    agent_name: null,
  };
}

/** Kiro 2.x's own export as its two files; anything else as text prompts and replies. */
function sessionFiles(s: SessionToResume, cwd: string): { meta: Record<string, unknown>; log: unknown[] } {
  if (s.source.format === 'kiro-v2') {
    try {
      const doc = JSON.parse(s.source.bytes.toString('utf8'));
      if (isObj(doc) && doc.format === KIRO_EXPORT && isObj(doc.metadata) && Array.isArray(doc.log_entries)) return { meta: { ...doc.metadata, session_id: s.id, cwd }, log: doc.log_entries };
    } catch {
      /* converted below */
    }
  }
  const at = (m?: string) => m ?? s.messages.find((x) => x.timestamp)?.timestamp ?? new Date(0).toISOString();
  const log = textTurns(s.messages).map((t, i) => ({ version: 'v1', kind: t.role === 'user' ? 'Prompt' : 'AssistantMessage', data: { message_id: uuidv5(`${s.id}/${i}`, NS), content: [{ kind: 'text', data: t.text }] } }));
  const last = [...s.messages].reverse().find((m) => m.timestamp)?.timestamp;
  return { meta: { session_id: s.id, cwd, created_at: at(), updated_at: at(last), title: null, session_state: freshState(s.id) }, log };
}

/**
 * Kiro CLI 2.x keeps a session as ~/.kiro/sessions/cli/<id>.json (metadata) beside
 * <id>.jsonl (the log); `kiro-cli chat --resume-id <id>` resumes it from any
 * directory. The log is written first, so Kiro never lists a session without one.
 */
export const kiroInto: ResumeInto = {
  program: 'kiro-cli',
  place(s, { home, cwd }) {
    const { meta, log } = sessionFiles(s, cwd);
    const dir = join(home, '.kiro', 'sessions', 'cli');
    return {
      agentSessionId: s.id,
      path: join(dir, `${s.id}.json`),
      bytes: Buffer.from(`${JSON.stringify(meta, null, 2)}\n`),
      companion: { path: join(dir, `${s.id}.jsonl`), bytes: Buffer.from(log.map((e) => `${JSON.stringify(e)}\n`).join('')) },
    };
  },
  command: (id) => `kiro-cli chat --resume-id ${id}`,
};
