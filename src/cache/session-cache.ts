import { writeAtomic } from '../fs/write-atomic';
import { createHash } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { toSummary, type SessionRecord, type SessionSummary } from '../model/session-record';
import type { NotesStore } from '../store/notes-store';

/**
 * Cache format version. History:
 *   1: state.json + one file per directory scope under scopes-<n>/.
 *   2: the same; a note whose id does not make its key is invalid (rebuilt once).
 */
export const CACHE_VERSION = 2;

interface State {
  version: number;
  objectFormat: string;
  /** The notes commit the cache reflects; null: the ref did not exist. */
  tip: string | null;
  /** The directory holding the scope files (replaced whole on a rebuild). */
  dir: string;
  /** Scope file name -> number of sessions, so a missing file is noticed. */
  scopes: Record<string, number>;
  /** Notes that did not parse, by key, skipped so the rest works. */
  invalid: string[];
}

interface ScopeFile {
  scope: string;
  sessions: Record<string, SessionSummary>;
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
  async summaries(tip: string | undefined, scope?: string): Promise<SessionSummary[]> {
    const state = await this.fresh(tip);
    if (!state) return this.fromNotes(tip, scope);
    const names = scope === undefined ? Object.keys(state.scopes) : [scopeFile(scope)].filter((n) => n in state.scopes);
    const out: SessionSummary[] = [];
    for (const name of names) {
      const f = this.readScope(state, name);
      if (!f) return this.fromNotes(tip, scope); // vanished under us: answer from git
      out.push(...Object.values(f.sessions));
    }
    return out;
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
      if (s && s.tip && tip && (await this.notes.exists(s.tip))) s = await this.refresh(s, tip);
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
    const files = new Map<string, ScopeFile>();
    const invalid: string[] = [];
    if (tip) {
      const notes = [...(await this.notes.listNotes(tip))];
      // A thousand reads in flight at a time: all 50,000 at once held every record in
      // memory together (600 MB measured); in chunks only the summaries stay.
      for (let i = 0; i < notes.length; i += 1000) {
        const reads = notes.slice(i, i + 1000).map(async ([key, blob]) => {
          const r = await this.notes.sessionFromBlob(blob, key);
          if (r === 'invalid') invalid.push(key);
          return r && r !== 'invalid' ? toSummary(r) : undefined;
        });
        for (const s of await Promise.all(reads)) if (s) addTo(files, s);
      }
    }
    const state: State = { version: CACHE_VERSION, objectFormat: this.notes.repo.objectFormat, tip: tip ?? null, dir, scopes: {}, invalid };
    for (const [name, f] of files) {
      writeAtomic(join(this.dir, dir, name), JSON.stringify(f));
      state.scopes[name] = Object.keys(f.sessions).length;
    }
    writeAtomic(join(this.dir, 'state.json'), JSON.stringify(state));
    if (old?.dir && old.dir !== dir && /^scopes-/.test(old.dir)) rmSync(join(this.dir, old.dir), { recursive: true, force: true });
    return state;
  }

  private async refresh(state: State, tip: string): Promise<State> {
    const changes = await this.notes.diffNotes(state.tip!, tip);
    const touched = new Map<string, ScopeFile>();
    const file = (name: string, scope: string) => {
      let f = touched.get(name);
      if (!f) {
        f = (name in state.scopes ? this.readScope(state, name) : undefined) ?? { scope, sessions: {} };
        touched.set(name, f);
      }
      return f;
    };
    const invalid = new Set(state.invalid);
    for (const [key, [oldBlob, newBlob]] of changes) {
      invalid.delete(key);
      const old = oldBlob ? await this.notes.sessionFromBlob(oldBlob, key) : undefined;
      if (old && old !== 'invalid') delete file(scopeFile(old.scope), old.scope).sessions[old.id];
      const now = newBlob ? await this.notes.sessionFromBlob(newBlob, key) : undefined;
      if (now === 'invalid') invalid.add(key);
      else if (now) file(scopeFile(now.scope), now.scope).sessions[now.id] = toSummary(now);
    }
    const next: State = { ...state, tip, scopes: { ...state.scopes }, invalid: [...invalid] };
    for (const [name, f] of touched) {
      const n = Object.keys(f.sessions).length;
      if (n) {
        writeAtomic(join(this.dir, state.dir, name), JSON.stringify(f));
        next.scopes[name] = n;
      } else {
        rmSync(join(this.dir, state.dir, name), { force: true });
        delete next.scopes[name];
      }
    }
    writeAtomic(join(this.dir, 'state.json'), JSON.stringify(next));
    return next;
  }

  /** The slow, always-correct path: summaries straight from the notes. */
  private async fromNotes(tip: string | undefined, scope?: string): Promise<SessionSummary[]> {
    if (!tip) return [];
    const notes = await this.notes.listNotes(tip);
    const all = await Promise.all([...notes].map(([k, b]) => this.notes.sessionFromBlob(b, k)));
    return all
      .filter((r): r is SessionRecord => !!r && r !== 'invalid' && (scope === undefined || r.scope === scope))
      .map(toSummary);
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
      if (s.version !== CACHE_VERSION || s.objectFormat !== this.notes.repo.objectFormat || typeof s.dir !== 'string' || !s.scopes) return undefined;
      return s;
    } catch {
      return undefined;
    }
  }

  private readScope(state: State, name: string): ScopeFile | undefined {
    try {
      const f = JSON.parse(readFileSync(join(this.dir, state.dir, name), 'utf8')) as ScopeFile;
      return f && typeof f.sessions === 'object' ? f : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * One cache writer at a time (O_EXCL lock file). Waits up to 2 s; a lock older than
   * 30 s is left from a killed process and is taken over. Returns the release function,
   * or undefined when the cache cannot be written (read-only, busy): callers then read
   * from git directly, which is slower but always right.
   */
  private lock(): (() => void) | undefined {
    const path = join(this.dir, 'lock');
    try {
      mkdirSync(this.dir, { recursive: true });
    } catch {
      return undefined;
    }
    const deadline = Date.now() + 2000;
    for (;;) {
      try {
        closeSync(openSync(path, 'wx'));
        return () => rmSync(path, { force: true });
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') return undefined;
      }
      try {
        if (Date.now() - statSync(path).mtimeMs > 30_000) unlinkSync(path);
      } catch {
        /* gone already */
      }
      if (Date.now() > deadline) return undefined;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 10);
    }
  }
}

function addTo(files: Map<string, ScopeFile>, s: SessionSummary): void {
  const name = scopeFile(s.scope);
  let f = files.get(name);
  if (!f) files.set(name, (f = { scope: s.scope, sessions: {} }));
  f.sessions[s.id] = s;
}

/** A file name for a scope: a hash, since scopes are arbitrary paths. */
export function scopeFile(scope: string): string {
  return `${createHash('sha1').update(scope).digest('hex').slice(0, 16)}.json`;
}

/** Write-then-rename: a reader sees the old file or the new one, never half of one. */
