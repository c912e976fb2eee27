import { normaliseSource } from '../agents/formats';
import type { SessionSummary } from '../model/session-record';
import type { SessionStore } from '../store/session-store';
import { listSessions } from './list-sessions';

export interface SearchHit {
  session: SessionSummary;
  /** `message` counts from 1, as people read it (null: the title matched). */
  matches: { message: number | null; role: string; snippet: string }[];
}

/**
 * Case-insensitive search through titles and message text (tool calls and results
 * included), newest session first. Reads each candidate's conversation once.
 */
export async function searchSessions(store: SessionStore, text: string, opts: { all?: boolean; maxPerSession?: number } = {}): Promise<SearchHit[]> {
  const needle = text.toLowerCase();
  const max = opts.maxPerSession ?? 3;
  const sessions = await listSessions(store, opts);
  const records = new Map((await Promise.all(sessions.map((s) => store.record(s.id)))).filter((r) => !!r).map((r) => [r.id, r]));
  // After a lean pull most conversations are still on the remote: one fetch, not one per session.
  await store.prefetch([...records.values()]);
  const hits = await Promise.all(
    sessions.map(async (s): Promise<SearchHit | undefined> => {
      const record = records.get(s.id);
      if (!record) return undefined;
      const { messages } = normaliseSource(record.source.format, await store.source(record));
      const matches: SearchHit['matches'] = [];
      if (s.title.toLowerCase().includes(needle)) matches.push({ message: null, role: 'title', snippet: s.title });
      messages.forEach((m, i) => {
        if (matches.length >= max) return;
        const hay = [m.text, ...(m.toolCalls ?? []).map((c) => `${c.name} ${argsText(c.args)}`), ...(m.toolResults ?? []).map((r) => r.text)].join('\n');
        const at = hay.toLowerCase().indexOf(needle);
        if (at >= 0) matches.push({ message: i + 1, role: m.role, snippet: snippet(hay, at, needle.length) });
      });
      return matches.length ? { session: s, matches } : undefined;
    }),
  );
  return hits.filter((h): h is SearchHit => !!h);
}

/** A tool call's arguments as the text in them (no JSON quoting or escapes), bounded in depth. */
function argsText(v: unknown, depth = 0): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  if (!v || typeof v !== 'object' || depth > 20) return '';
  return (Array.isArray(v) ? v : Object.values(v)).map((x) => argsText(x, depth + 1)).filter(Boolean).join(' ');
}

function snippet(hay: string, at: number, len: number): string {
  const start = Math.max(0, at - 40);
  const end = Math.min(hay.length, at + len + 40);
  return `${start > 0 ? '…' : ''}${hay.slice(start, end).replace(/\s+/g, ' ')}${end < hay.length ? '…' : ''}`;
}
