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
 * included), newest session first. The store's search index says which conversations
 * can contain the text; only those are read (and the ones it has not seen yet, which
 * are indexed on the way), so a word in no session costs no conversation read.
 */
export async function searchSessions(store: SessionStore, text: string, opts: { all?: boolean; maxPerSession?: number } = {}): Promise<SearchHit[]> {
  const needle = text.toLowerCase();
  const max = opts.maxPerSession ?? 3;
  const entries = (await store.searchEntries(opts.all ? undefined : store.scope)).filter((e) => !e.share); // shares are not sessions
  const index = store.searchIndex;
  await indexSessions(store, entries.filter((e) => !index.has(e.blob)).map((e) => e.id));
  const maybe = index.candidates(needle);
  // Read: what the index says may match, the titles that match, and whatever it could not index.
  const read = new Set(entries.filter((e) => !maybe || !index.has(e.blob) || maybe.has(e.blob) || e.title.toLowerCase().includes(needle)).map((e) => e.id));
  if (!read.size) return [];
  const toRead = (await listSessions(store, opts)).filter((s) => read.has(s.id));
  const records = new Map((await Promise.all(toRead.map((s) => store.record(s.id)))).filter((r) => !!r).map((r) => [r.id, r]));
  // After a lean pull most conversations are still on the remote: one fetch, not one per session.
  if (records.size) await store.prefetch([...records.values()]);
  const hits = await Promise.all(
    toRead.map(async (s): Promise<SearchHit | undefined> => {
      const record = records.get(s.id);
      if (!record) return undefined;
      const matches: SearchHit['matches'] = [];
      if (s.title.toLowerCase().includes(needle)) matches.push({ message: null, role: 'title', snippet: s.title });
      searchTexts(record.source.format, await store.source(record)).forEach(({ hay, role }, i) => {
        if (matches.length >= max) return;
        const at = hay.toLowerCase().indexOf(needle);
        if (at >= 0) matches.push({ message: i + 1, role, snippet: snippet(hay, at, needle.length) });
      });
      return matches.length ? { session: s, matches } : undefined;
    }),
  );
  return hits.filter((h): h is SearchHit => !!h);
}

/**
 * Adds these sessions' conversations to the search index: one fetch of those a lean
 * pull left on the remote, then read a thousand at a time (all at once held every
 * conversation in memory together). One that cannot be read or understood is left
 * out: the search then reads it, and says what is wrong with it.
 */
async function indexSessions(store: SessionStore, ids: string[]): Promise<void> {
  if (!ids.length) return;
  const builder = store.searchIndex.builder();
  const records = (await Promise.all(ids.map((id) => store.record(id)))).filter((r) => !!r);
  await store.prefetch(records);
  for (let i = 0; i < records.length; i += 1000) {
    await Promise.all(
      records.slice(i, i + 1000).map(async (r) => {
        try {
          builder.add(r.source.blob, searchTexts(r.source.format, await store.source(r)).map((t) => t.hay).join('\n'));
        } catch {
          /* left out, so read by the search itself */
        }
      }),
    );
  }
  store.searchIndex.commit(builder);
}

/** Each message's searchable text, as one string: its text, its tool calls and their results. */
function searchTexts(format: string, bytes: Buffer): { hay: string; role: string }[] {
  return normaliseSource(format, bytes).messages.map((m) => ({
    role: m.role,
    hay: [m.text, ...(m.toolCalls ?? []).map((c) => `${c.name} ${argsText(c.args)}`), ...(m.toolResults ?? []).map((r) => r.text)].join('\n'),
  }));
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
