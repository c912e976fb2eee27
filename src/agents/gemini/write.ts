import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { v5 as uuidv5, validate as isUuid } from 'uuid';
import { isObj, readJsonl } from '../../formats/adapter';
import type { Message } from '../../model/message';
import type { ResumeInto, SessionToResume } from '../agent';
import { textTurns } from '../text-turns';
import { isoTime, readJsonObject, writeConfigFile } from '../files';

const NS = '4d8a1c3e-7f2b-4a9d-b6e0-3c5f8a2d1e97';

/** ~/.gemini/projects.json: `{projects: {<dir>: <short name>}}`, the folder under ~/.gemini/tmp/. */
function projects(home: string): Record<string, string> {
  try {
    const doc = JSON.parse(readFileSync(join(home, '.gemini', 'projects.json'), 'utf8'));
    return isObj(doc) && isObj(doc.projects) ? (doc.projects as Record<string, string>) : {};
  } catch {
    return {};
  }
}

/** The short name Gemini uses (or would use) for `cwd`: its entry, else the folder's name made unique. */
function shortName(home: string, cwd: string): string {
  const known = projects(home);
  if (typeof known[cwd] === 'string' && /^(?!\.+$)[\w.-]+$/.test(known[cwd])) return known[cwd];
  const base = basename(cwd).toLowerCase().replace(/[^a-z0-9_.-]+/g, '-') || 'project';
  const taken = new Set(Object.values(known));
  let name = base;
  for (let i = 1; taken.has(name); i++) name = `${base}-${i}`;
  return name;
}

/** Another agent's conversation as a Gemini CLI chat (JSONL): a header line, then user and gemini messages. */
function toChat(id: string, messages: Message[], cwd: string, started: string, model = 'imported'): Buffer {
  const lines: object[] = [{ sessionId: id, projectHash: createHash('sha256').update(cwd).digest('hex'), startTime: started, lastUpdated: started, kind: 'main' }];
  for (const t of textTurns(messages)) {
    const mid = uuidv5(`${id}/${lines.length}`, NS);
    const at = t.at ?? started;
    lines.push(t.role === 'user' ? { id: mid, timestamp: at, type: 'user', content: [{ text: t.text }] } : { id: mid, timestamp: at, type: 'gemini', content: t.text, thoughts: [], model });
  }
  return Buffer.from(`${lines.map((l) => JSON.stringify(l)).join('\n')}\n`);
}

/** A Gemini JSONL chat under another id (a fork): the header names it; every other line stays. */
function withId(bytes: Buffer, id: string): Buffer {
  const text = bytes.toString('utf8');
  const nl = text.indexOf('\n');
  try {
    const head = JSON.parse(nl < 0 ? text : text.slice(0, nl));
    if (!isObj(head) || typeof head.sessionId !== 'string' || head.sessionId === id) return bytes;
    return Buffer.from(JSON.stringify({ ...head, sessionId: id }) + (nl < 0 ? '' : text.slice(nl)));
  } catch {
    return bytes;
  }
}

/**
 * Gemini CLI keeps a project's chats at ~/.gemini/tmp/<short name>/chats/, the short
 * name from ~/.gemini/projects.json; `gemini --resume <id>` finds them there. Its own
 * JSONL chat goes back as it was (under the session's id); a chat in its older JSON
 * form and other agents' sessions are converted.
 */
export const geminiInto: ResumeInto = {
  program: 'gemini',
  place(s: SessionToResume, { home, cwd }) {
    const id = isUuid(s.id) ? s.id : uuidv5(s.id, NS);
    const own = s.source.format === 'gemini' ? readJsonl(s.source.bytes).records[0] : undefined;
    // The JSONL form starts with a header line; the older JSON form is one object holding `messages`.
    const jsonl = !!own && typeof own.sessionId === 'string' && !Array.isArray(own.messages);
    // Part of the file name: only a real time, re-formatted, ever reaches it.
    const started = isoTime(own?.startTime, ...s.messages.map((m) => m.timestamp));
    const bytes = jsonl ? withId(s.source.bytes, id) : toChat(id, s.messages, cwd, started, s.model);
    const file = `session-${started.slice(0, 16).replace(/:/g, '-')}-${id.slice(0, 8)}.jsonl`;
    return { agentSessionId: id, path: join(home, '.gemini', 'tmp', shortName(home, cwd), 'chats', file), bytes };
  },
  /** Registers this checkout in projects.json (and the folder's .project_root), as Gemini would on first run. */
  enter(path, { home, cwd }) {
    const name = basename(join(path, '..', '..'));
    // Read once, strictly: a projects.json that is not a JSON object is named and left untouched.
    const file = join(home, '.gemini', 'projects.json');
    const doc = readJsonObject(file);
    const known = isObj(doc.projects) ? doc.projects : {};
    if (known[cwd] !== name) writeConfigFile(file, `${JSON.stringify({ ...doc, projects: { ...known, [cwd]: name } }, null, 2)}\n`);
    const marker = join(home, '.gemini', 'tmp', name, '.project_root');
    if (!existsSync(marker)) writeConfigFile(marker, cwd);
    return true;
  },
  command: (id) => `gemini --resume ${id}`,
};
