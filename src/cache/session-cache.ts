import { writeAtomic } from '../fs/write-atomic';
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { lockFile } from '../fs/lock-file';
import { join } from 'node:path';
import { toSummary, type SessionRecord, type SessionSummary } from '../model/session-record';
import type { NotesStore } from '../store/notes-store';

/**
 * Cache format version. History:
 *   1: state.json + one file per directory scope under scopes-<n>/.
 *   2: the same; a note whose id does not make its key is invalid (rebuilt once).
 *   3: beside each scope file, NAME.ids: a line per session with its conversation's blob id
 *      (search); state.json holds a checksum of each file, which is written without fsync.
 */
export const CACHE_VERSION = 3;

interface State {
  version: number;
  objectFormat: string;
  /** The notes commit the cache reflects; null: the ref did not exist. */
  tip: string | null;
  /** The directory holding the scope files (replaced whole on a rebuild). */
  dir: string;
  /** Scope file name -> number of sessions, so a missing file is noticed. */
  scopes: Record<string, number>;
  /**
   * File name -> sha1 of its content: the scope and ids files are written without fsync
   * (only state.json is durable), so one a crash left short or stale is told by this,
   * and the cache is rebuilt.
   */
  sums: Record<string, string>;
  /** Notes that did not parse, by key, skipped so the rest works. */
  invalid: string[];
}

interface ScopeFile {
  scope: string;
  sessions: Record<string, SessionSummary>;
}

/**
 * What `search` needs of every session before it knows which to read: the blob id of
 * its conversation (what the search index is keyed by), its title and whether it is a
 * share. Kept apart from the summaries (NAME.ids, a line each) because parsing the
 * summaries of 10,000 sessions cost more than the whole search of a word in none.
 */
export interface SearchEntry {
  id: string;
  blob: string;
  title: string;
  share: boolean;
}

/**
 * The derived cache in <common git dir>/kiro-sessions/: one small JSON file per
 * directory scope, so `list` reads only its own directory's sessions. It is never the
 * truth: missing, corrupt, outdated or from another version, it is rebuilt from the
 * notes; when the ref moved it is brought up to date from the diff of the two notes
 * trees, at a cost that grows with the change, not the store.
 */
export class SessionCache {
  readonly dir: string;

  constructor(private readonly notes: NotesStore) {
    this.dir = join(notes.repo.commonDir, 'kiro-sessions');
  }

  /** Summaries of one scope, or of all scopes; brought up to date with `tip` first. */
  summaries(tip: string | undefined, scope?: string): Promise<SessionSummary[]> {
    return this.collect(tip, scope, toSummary, (state, name) => {
      const f = this.readScope(state, name);
      return f && Object.values(f.sessions);
    });
  }

  /** The search entries of one scope, or of all (see SearchEntry). */
  searchEntries(tip: string | undefined, scope?: string): Promise<SearchEntry[]> {
    return this.collect(tip, scope, searchEntry, (state, name) => {
      const ids = this.readIds(state, name);
      return ids && [...ids.values()];
    });
  }

  /** What `read` gives for each scope file; from the notes when the cache cannot answer. */
  private async collect<T>(tip: string | undefined, scope: string | undefined, ofRecord: (r: SessionRecord) => T, read: (state: State, name: string) => T[] | undefined): Promise<T[]> {
    let rebuilt = false;
    for (let attempt = 1; attempt <= 3; attempt++) {
      const state = await this.fresh(tip);
      if (!state) break;
      const out: T[] = [];
      let whole = true;
      for (const name of scopeNames(state, scope)) {
        const items = read(state, name);
        if (!items) {
          whole = false;
          break;
        }
        for (const x of items) out.push(x); // not push(...items): one directory may hold more than a call's arguments
      }
      if (whole) return out;
      // A file gone or not what state.json says: another process moved the cache on under
      // us (state.json changed: read again), else a crash cut it short: rebuilt, once.
      const now = this.readState();
      const seen = (s: State) => JSON.stringify([s.dir, s.tip, s.sums]);
      if (now && seen(now) !== seen(state)) continue;
      if (rebuilt) break;
      await this.rebuildNow(tip);
      rebuilt = true;
    }
    return (await this.fromNotes(tip, scope)).map(ofRecord); // the cache cannot answer: git can
  }

  /** How many sessions there are at `tip`, from the per-scope counts (no scope file is read). */
  async count(tip: string | undefined): Promise<number> {
    const state = await this.fresh(tip);
    if (!state) return (await this.fromNotes(tip)).length;
    return Object.values(state.scopes).reduce((a, b) => a + b, 0);
  }

  /** The cache state for `tip`, updating it if needed; undefined if it cannot be written. */
  private async fresh(tip: string | undefined): Promise<State | undefined> {
    const state = this.readState();
    if (state && state.tip === (tip ?? null)) return state;
    const unlock = this.lock();
    if (!unlock) return undefined;
    try {
      let s = this.readState(); // another process may have done it meanwhile
      if (s && s.tip === (tip ?? null)) return s;
      if (s && s.tip && tip && (await this.notes.exists(s.tip))) s = await this.refresh(s, tip).catch((e) => (e instanceof StaleScope ? this.rebuild(tip) : Promise.reject(e)));
      else s = await this.rebuild(tip);
      return s;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code && ['EACCES', 'EROFS', 'ENOSPC', 'EPERM'].includes((e as NodeJS.ErrnoException).code!)) {
        return undefined; // a read-only or full disk: answer from git, uncached
      }
      throw e;
    } finally {
      unlock();
    }
  }

  private async rebuild(tip: string | undefined): Promise<State> {
    const old = this.readState();
    const dir = `scopes-${process.pid}-${Date.now()}`;
    mkdirSync(join(this.dir, dir), { recursive: true });
    const files = new Map<string, Scope>();
    const invalid: string[] = [];
    if (tip) {
      const notes = [...(await this.notes.listNotes(tip))];
      // A thousand reads in flight at a time: all 50,000 at once held every record in
      // memory together (600 MB measured); in chunks only the summaries stay. The next
      // chunk is asked for before this one is taken in, so git is never left waiting.
      const chunk = (i: number) =>
        Promise.all(
          notes.slice(i, i + 1000).map(async ([key, blob]) => {
            const r = await this.notes.sessionFromBlob(blob, key);
            if (r === 'invalid') invalid.push(key);
            return r && r !== 'invalid' ? r : undefined;
          }),
        );
      let next = notes.length ? chunk(0) : undefined;
      for (let i = 0; next; i += 1000) {
        const now = next;
        next = i + 1000 < notes.length ? chunk(i + 1000) : undefined;
        for (const r of await now) if (r) addTo(files, r);
      }
    }
    const state: State = { version: CACHE_VERSION, objectFormat: this.notes.repo.objectFormat, tip: tip ?? null, dir, scopes: {}, sums: {}, invalid };
    for (const [name, f] of files) {
      Object.assign(state.sums, writeScope(join(this.dir, dir), name, f, { fresh: true }));
      state.scopes[name] = f.ids.size;
    }
    writeAtomic(join(this.dir, 'state.json'), JSON.stringify(state));
    if (old?.dir && old.dir !== dir && /^scopes-/.test(old.dir)) rmSync(join(this.dir, old.dir), { recursive: true, force: true });
    return state;
  }

  private async refresh(state: State, tip: string): Promise<State> {
    const changes = await this.notes.diffNotes(state.tip!, tip);
    const touched = new Map<string, Scope>();
    const file = (name: string, scope: string) => {
      let f = touched.get(name);
      if (!f) {
        const [old, ids] = name in state.scopes ? [this.readScope(state, name), this.readIds(state, name)] : [];
        // A scope the state lists but whose files are not what it says (a write cut short):
        // starting it empty would drop its sessions, so the whole cache is rebuilt instead.
        if (name in state.scopes && (!old || !ids)) throw new StaleScope();
        // Copies: the parsed files are shared with this process's readers of the old state.
        f = old && ids ? { scope: old.scope, sessions: { ...old.sessions }, ids: new Map(ids) } : { scope, sessions: {}, ids: new Map() };
        touched.set(name, f);
      }
      return f;
    };
    const invalid = new Set(state.invalid);
    for (const [key, [oldBlob, newBlob]] of changes) {
      invalid.delete(key);
      const old = oldBlob ? await this.notes.sessionFromBlob(oldBlob, key) : undefined;
      if (old && old !== 'invalid') {
        const f = file(scopeFile(old.scope), old.scope);
        delete f.sessions[old.id];
        f.ids.delete(old.id);
      }
      const now = newBlob ? await this.notes.sessionFromBlob(newBlob, key) : undefined;
      if (now === 'invalid') invalid.add(key);
      else if (now) put(file(scopeFile(now.scope), now.scope), now);
    }
    const next: State = { ...state, tip, scopes: { ...state.scopes }, sums: { ...state.sums }, invalid: [...invalid] };
    for (const [name, f] of touched) {
      if (f.ids.size) {
        Object.assign(next.sums, writeScope(join(this.dir, state.dir), name, f));
        next.scopes[name] = f.ids.size;
      } else {
        for (const n of [name, idsFile(name)]) rmSync(join(this.dir, state.dir, n), { force: true });
        delete next.scopes[name];
        delete next.sums[name];
        delete next.sums[idsFile(name)];
      }
    }
    writeAtomic(join(this.dir, 'state.json'), JSON.stringify(next));
    return next;
  }

  /** The slow, always-correct path: the records straight from the notes. */
  private async fromNotes(tip: string | undefined, scope?: string): Promise<SessionRecord[]> {
    if (!tip) return [];
    const notes = await this.notes.listNotes(tip);
    const all = await Promise.all([...notes].map(([k, b]) => this.notes.sessionFromBlob(b, k)));
    return all.filter((r): r is SessionRecord => !!r && r !== 'invalid' && (scope === undefined || r.scope === scope));
  }

  /** Rebuilds from the notes now, whatever the state says (doctor --repair). */
  async rebuildNow(tip: string | undefined): Promise<void> {
    const unlock = this.lock();
    if (!unlock) return;
    try {
      await this.rebuild(tip);
    } finally {
      unlock();
    }
  }

  /** Notes skipped because they did not parse (for doctor and warnings). */
  invalidKeys(): string[] {
    return this.readState()?.invalid ?? [];
  }

  private readState(): State | undefined {
    try {
      const s = JSON.parse(readFileSync(join(this.dir, 'state.json'), 'utf8')) as State;
      if (s.version !== CACHE_VERSION || s.objectFormat !== this.notes.repo.objectFormat || typeof s.dir !== 'string' || !s.scopes || !s.sums) return undefined;
      return s;
    } catch {
      return undefined;
    }
  }

  /**
   * A scope's files, parsed once per state in a process (`search` reads the entries,
   * then the summaries of the same scopes).
   */
  private readScope(state: State, name: string): ScopeFile | undefined {
    return this.parsedOnce(state, name, (text) => {
      const f = JSON.parse(text) as ScopeFile;
      return f && typeof f.sessions === 'object' ? f : undefined;
    });
  }

  private readIds(state: State, name: string): Map<string, SearchEntry> | undefined {
    return this.parsedOnce(state, idsFile(name), parseIds);
  }

  private parsedOnce<T>(state: State, name: string, parse: (text: string) => T | undefined): T | undefined {
    const gen = `${state.dir}/${state.tip}`;
    if (this.parsed?.gen !== gen) this.parsed = { gen, files: new Map() };
    if (this.parsed.files.has(name)) return this.parsed.files.get(name) as T;
    let v: T | undefined;
    try {
      const text = readFileSync(join(this.dir, state.dir, name), 'utf8');
      v = sum(text) === state.sums[name] ? parse(text) : undefined;
    } catch {
      v = undefined;
    }
    if (v) this.parsed.files.set(name, v);
    return v;
  }
  private parsed?: { gen: string; files: Map<string, unknown> };

  /** One cache writer at a time (see lockFile). */
  private lock(): (() => void) | undefined {
    return lockFile(join(this.dir, 'lock'));
  }
}

/** A scope file that is not what state.json says, met while bringing the cache up to date. */
class StaleScope extends Error {}

/** A scope's two files in memory while they are written. */
interface Scope extends ScopeFile {
  ids: Map<string, SearchEntry>;
}

function addTo(files: Map<string, Scope>, r: SessionRecord): void {
  const name = scopeFile(r.scope);
  let f = files.get(name);
  if (!f) files.set(name, (f = { scope: r.scope, sessions: {}, ids: new Map() }));
  put(f, r);
}

function put(f: Scope, r: SessionRecord): void {
  f.sessions[r.id] = toSummary(r);
  f.ids.set(r.id, searchEntry(r));
}

function searchEntry(r: SessionRecord): SearchEntry {
  return { id: r.id, blob: r.source.blob, title: r.title, share: !!r.share };
}

/** The ids file second: a reader that finds the scope file without it reads the notes. */
/**
 * Writes a scope's two files (not durable: see State.sums) and returns their checksums.
 * `fresh`: a rebuild's new directory, which no state.json names yet, so the files are
 * written in place, without a temporary file and a rename each.
 */
function writeScope(dir: string, name: string, f: Scope, opts: { fresh?: boolean } = {}): Record<string, string> {
  const json = JSON.stringify({ scope: f.scope, sessions: f.sessions });
  // id, blob, s (share) or -, then the title as JSON (a title may hold a tab or a newline).
  const ids = [...f.ids.values()].map((e) => `${e.id}\t${e.blob}\t${e.share ? 's' : '-'}\t${JSON.stringify(e.title)}\n`).join('');
  const write = (path: string, text: string) => (opts.fresh ? writeFileSync(path, text) : writeAtomic(path, text, { durable: false }));
  write(join(dir, name), json);
  write(join(dir, idsFile(name)), ids);
  return { [name]: sum(json), [idsFile(name)]: sum(ids) };
}

const sum = (text: string) => createHash('sha1').update(text).digest('hex');

function parseIds(text: string): Map<string, SearchEntry> {
  const out = new Map<string, SearchEntry>();
  for (const line of text.split('\n')) {
    if (!line) continue;
    const [id, blob, share, title] = line.split('\t', 4);
    if (title === undefined) throw new Error('a cut line');
    out.set(id, { id, blob, share: share === 's', title: JSON.parse(title) as string });
  }
  return out;
}

function idsFile(scopeName: string): string {
  return scopeName.replace(/\.json$/, '.ids');
}

function scopeNames(state: State, scope: string | undefined): string[] {
  return scope === undefined ? Object.keys(state.scopes) : [scopeFile(scope)].filter((n) => n in state.scopes);
}

/** A file name for a scope: a hash, since scopes are arbitrary paths. */
export function scopeFile(scope: string): string {
  return `${createHash('sha1').update(scope).digest('hex').slice(0, 16)}.json`;
}

/** Write-then-rename: a reader sees the old file or the new one, never half of one. */
