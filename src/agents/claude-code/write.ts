import { join } from 'node:path';
import { v5 as uuidv5 } from 'uuid';
import type { Message } from '../../model/message';
import type { ResumeInto, SessionToResume } from '../agent';
import { editJsonl } from '../files';
import { textTurns } from '../text-turns';
import { claudeProjectName } from './project-name';

/** uuid v5 namespace for the record ids of converted sessions (the same session gives the same file). */
const NS = '6f1d3c52-0b8e-4c1a-9d67-2f7a3b9e5c41';

/**
 * A conversation from another agent as a Claude Code transcript: prompts and replies
 * as they were; tool calls and their results as short text lines, because a tool_use
 * that Claude's API cannot pair with its own tool_result would make the next request
 * fail. Records chain by parentUuid; ids are derived from the session id, so writing
 * the same session twice gives the same bytes.
 */
export function toClaudeTranscript(id: string, messages: Message[], cwd: string, model = 'unknown'): Buffer {
  const lines: string[] = [];
  let parent: string | null = null;
  const push = (type: 'user' | 'assistant', text: string, at: string | undefined) => {
    const uuid = uuidv5(`${id}/${lines.length}`, NS);
    const message = type === 'user' ? { role: 'user', content: text } : { id: `msg_${uuid.replace(/-/g, '').slice(0, 24)}`, type: 'message', role: 'assistant', model, content: [{ type: 'text', text }], stop_reason: 'end_turn', stop_sequence: null };
    lines.push(JSON.stringify({ parentUuid: parent, isSidechain: false, userType: 'external', cwd, sessionId: id, version: '2.0.0', type, message, uuid, timestamp: at ?? new Date(0).toISOString() }));
    parent = uuid;
  };
  for (const t of textTurns(messages)) push(t.role, t.text, t.at);
  return Buffer.from(lines.length ? `${lines.join('\n')}\n` : '');
}

/**
 * A Claude Code transcript under another session id (a fork, or an id git-kiro chose):
 * the records that name a session name this one; every other line stays as it was.
 */
export function withSessionId(bytes: Buffer, id: string): Buffer {
  return editJsonl(bytes, (r) => (typeof r.sessionId === 'string' && r.sessionId !== id ? { ...r, sessionId: id } : undefined));
}

/** Claude Code keeps a session at ~/.claude/projects/<escaped cwd>/<session id>.jsonl; `claude --resume <id>` reads it there. */
export const claudeInto: ResumeInto = {
  program: 'claude',
  place(s: SessionToResume, { home, cwd }) {
    // Claude's own transcript goes back as it was (every record, thinking and tool pairs
    // included), under the session's id; another agent's is converted.
    const bytes = s.source.format === 'claude-code' ? withSessionId(s.source.bytes, s.id) : toClaudeTranscript(s.id, s.messages, cwd, s.model);
    return { agentSessionId: s.id, path: join(home, '.claude', 'projects', claudeProjectName(cwd), `${s.id}.jsonl`), bytes };
  },
  command: (id) => `claude --resume ${id}`,
};
