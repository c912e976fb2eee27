import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isObj, str } from '../../formats/adapter';
import type { Message } from '../../model/message';
import { sessionIdOfSource } from '../../model/source-id';
import { oneLine } from '../../model/text';
import type { ResumeInto, SessionToResume } from '../agent';
import { textTurns } from '../text-turns';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * An id in opencode's own shape: 12 hex digits of time (ms × 4096 + n, the low 48
 * bits; inverted for sessions, which sort newest first), then 14 characters derived
 * from `seed`, so writing twice gives the same. The time part matters: opencode
 * orders a session's messages by id, and ids that sort after the next prompt's
 * made Kilo continue without them.
 */
function ocId(prefix: 'ses' | 'msg' | 'prt', ms: number, n: number, seed: string): string {
  const mask = (1n << 48n) - 1n;
  let t = (BigInt(Math.max(0, Math.floor(ms))) * 0x1000n + BigInt(n)) & mask;
  if (prefix === 'ses') t = ~t & mask;
  const h = createHash('sha256').update(seed).digest();
  const tail = Array.from(h.subarray(0, 14), (b) => BASE62[b % 62]).join('');
  return `${prefix}_${t.toString(16).padStart(12, '0')}${tail}`;
}

/**
 * The session as `<agent> import` takes it. An opencode session goes back as it was,
 * moved to this checkout (`directory`) and, when it is a fork, under its own id;
 * another agent's becomes text messages with tool calls summarised in a line each.
 */
function exportOf(name: string, s: SessionToResume, cwd: string, home: string): { id: string; bytes: Buffer } {
  if (s.source.format === name) {
    try {
      const doc = JSON.parse(s.source.bytes.toString('utf8'));
      if (isObj(doc) && isObj(doc.info) && Array.isArray(doc.messages)) {
        const own = str(doc.info.id);
        const created = isObj(doc.info.time) && typeof doc.info.time.created === 'number' ? doc.info.time.created : 0;
        // The source's own id names a file: only one in opencode's shape is kept.
        const id = /^ses_[0-9A-Za-z]{1,64}$/.test(own) && sessionIdOfSource(name, own) === s.id ? own : ocId('ses', created, 0, s.id);
        const text = JSON.stringify({ ...doc, info: { ...doc.info, id, directory: cwd }, messages: own === id ? doc.messages : retag(doc.messages, id) }, null, 2);
        return { id, bytes: Buffer.from(`${text}\n`) };
      }
    } catch {
      /* not JSON after all: converted below */
    }
  }
  const id = ocId('ses', startOf(s.messages), 0, s.id);
  return { id, bytes: Buffer.from(`${JSON.stringify(converted(name, id, s.messages, cwd, configuredModel(name, cwd, home) ?? { providerID: 'git-kiro', modelID: s.model ?? 'imported' }), null, 2)}\n`) };
}

/** When the conversation began (ms), for converted ids and times. */
const startOf = (messages: Message[]) => Date.parse(messages.find((m) => m.timestamp)?.timestamp ?? '') || 0;

/** Every record naming the old session names the new one. */
function retag(messages: unknown[], id: string): unknown[] {
  return messages.map((m) => {
    if (!isObj(m) || !isObj(m.info)) return m;
    const parts = Array.isArray(m.parts) ? m.parts.map((p) => (isObj(p) ? { ...p, sessionID: id } : p)) : m.parts;
    return { ...m, info: { ...m.info, sessionID: id }, parts };
  });
}

/**
 * The model this user's opencode (or Kilo) would use here: `model` ("provider/model")
 * in the project's config, else the user's. A converted session must name one it
 * knows, or the next turn fails ("Model not found").
 */
function configuredModel(name: string, cwd: string, home: string): { providerID: string; modelID: string } | undefined {
  for (const file of [join(cwd, `${name}.json`), join(cwd, `.${name}`, `${name}.json`), join(home, '.config', name, `${name}.json`), join(home, '.config', name, 'config.json')]) {
    try {
      const m = JSON.parse(readFileSync(file, 'utf8')).model;
      if (typeof m === 'string' && m.includes('/')) return { providerID: m.slice(0, m.indexOf('/')), modelID: m.slice(m.indexOf('/') + 1) };
    } catch {
      /* absent, or not plain JSON */
    }
  }
  return undefined;
}

function converted(name: string, id: string, messages: Message[], cwd: string, model: { providerID: string; modelID: string }): unknown {
  const out: unknown[] = [];
  let parent: string | undefined;
  let last = 0;
  const t0 = startOf(messages);
  const add = (role: 'user' | 'assistant', text: string, at: string | undefined) => {
    // Never before the previous message: ids and times must keep the conversation's order.
    const created = Math.max(Date.parse(at ?? '') || 0, last + 1, t0 + out.length);
    last = created;
    const mid = ocId('msg', created, 1, `${id}/${out.length}`);
    const info =
      role === 'user'
        ? { id: mid, sessionID: id, role, time: { created }, agent: 'build', model }
        : { id: mid, sessionID: id, role, parentID: parent, time: { created, completed: created }, ...model, mode: 'build', agent: 'build', path: { cwd, root: cwd }, cost: 0, tokens: { input: 0, output: 0, reasoning: 0, cache: { read: 0, write: 0 } }, finish: 'stop' };
    out.push({ info, parts: [{ id: ocId('prt', created, 2, `${id}/${out.length}`), sessionID: id, messageID: mid, type: 'text', text }] });
    if (role === 'user') parent = mid;
  };
  for (const t of textTurns(messages)) add(t.role, t.text, t.at);
  const first = messages.find((m) => m.role === 'user' && m.text)?.text ?? 'imported session';
  // import requires a version; Kilo numbers its versions from 7 (which is also how its exports are told apart).
  return { info: { id, slug: 'git-kiro', directory: cwd, title: oneLine(first, 60), version: name === 'kilo' ? '7.0.0' : '1.0.0', time: { created: t0, updated: Math.max(last, t0) } }, messages: out };
}

/**
 * opencode and Kilo keep sessions in their SQLite database: the session is written as
 * an export file under the agent's data folder, then handed to `<agent> import`,
 * which keeps its id. Where the program is not installed the command says to import first.
 */
export function openCodeInto(name: 'opencode' | 'kilo'): ResumeInto {
  return {
    program: name,
    place(s, { home, cwd }) {
      const { id, bytes } = exportOf(name, s, cwd, home);
      return { agentSessionId: id, path: join(home, '.local', 'share', name, 'git-kiro', `${id}.json`), bytes };
    },
    enter(path, { home, cwd }) {
      try {
        execFileSync(name, ['import', path], { cwd, env: { ...process.env, HOME: home }, stdio: ['ignore', 'ignore', 'pipe'] });
        return true;
      } catch {
        return false;
      }
    },
    command: (id, path) => (path ? `${name} import ${path} && ` : '') + `${name} run -s ${id}`,
  };
}
