import { isAbsolute, join, relative, sep } from 'node:path';
import { SearchIndex } from '../cache/search-index';
import { SessionCache } from '../cache/session-cache';
import { NotFoundError } from '../errors';
import { blobId } from '../git/objects';
import { fetchMissing } from '../git/remote';
import type { RepoInfo } from '../git/repo';
import { serialiseRecord, type SessionRecord, type SessionSummary } from '../model/session-record';
import { serialiseTombstone } from '../model/tombstone';
import { readActive, writeActive } from './active-file';
import { FileSessionStore } from './file-session-store';
import { keyBlobContent } from './notes-layout';
import { NotesStore } from './notes-store';
import { findNote, type KeyEdit } from './notes-tree';
import type { Build, NewSession, SearchEntry, SessionStore, UpsertOptions, UpsertResult } from './session-store';

export class GitSessionStore implements SessionStore {
  readonly scope: string;
  readonly displayDir: string;
  readonly notes: NotesStore;
  readonly cache: SessionCache;
  readonly searchIndex: SearchIndex;
  /** Private sessions: files in <common git dir>/kiro-private, never git objects, so nothing can push them. */
  readonly privateStore: FileSessionStore;

  constructor(
    readonly repo: RepoInfo,
    private readonly now: () => Date = () => new Date(),
    config?: () => Promise<Map<string, string[]>>,
  ) {
    this.scope = repo.prefix;
    this.displayDir = repo.cwd;
    this.notes = new NotesStore(repo, config);
    this.cache = new SessionCache(this.notes);
    this.searchIndex = new SearchIndex(join(this.cache.dir, 'search'));
    this.privateStore = new FileSessionStore({ root: join(repo.commonDir, 'kiro-private'), scope: repo.prefix, displayDir: repo.cwd, now, scopeOf: (d) => this.scopeOf(d) });
  }

  private tip(): Promise<string | undefined> {
    return this.notes.knownTip();
  }

  async summaries(scope?: string): Promise<SessionSummary[]> {
    const priv = await this.privateStore.summaries(scope);
    const isPrivate = new Set(priv.map((s) => s.id)); // one id, one entry, even mid-move
    return [...(await this.cache.summaries(await this.tip(), scope)).filter((s) => !isPrivate.has(s.id)), ...priv];
  }

  async stage(id: string, bytes: Buffer, opts: UpsertOptions = {}): Promise<void> {
    if (opts.private || this.privateStore.has(id)) return;
    await (await this.notes.objects()).stageBlob(bytes);
  }

  async searchEntries(scope?: string): Promise<SearchEntry[]> {
    const priv = await this.privateStore.searchEntries(scope);
    const isPrivate = new Set(priv.map((e) => e.id));
    return [...(await this.cache.searchEntries(await this.tip(), scope)).filter((e) => !isPrivate.has(e.id)), ...priv];
  }

  warm(): void {
    const quiet = () => undefined; // failures are met again, and reported, by the write itself
    this.notes.objects().catch(quiet);
    // Read now, not after a tick: the caller's parsing runs before any promise settles.
    const tip = this.notes.seenTip();
    if (tip) this.notes.cat.read(tip).then(() => this.notes.treeOf(tip).then((tree) => this.notes.cat.read(tree)), quiet).catch(quiet);
  }

  /** Sessions and shares stored, counted without reading them (sync's "unchanged"). */
  async sessionCount(): Promise<number> {
    return (await this.cache.count(await this.tip())) + (await this.privateStore.summaries()).length;
  }

  async record(id: string): Promise<SessionRecord | undefined> {
    // Private first: a session caught in both stores (a move cut short) is private.
    return (await this.privateStore.record(id)) ?? (await this.notes.recordAt(await this.tip(), id))?.record;
  }

  async prefetch(records: SessionRecord[]): Promise<void> {
    await fetchMissing(this.repo.root, await this.tip(), records.filter((r) => !r.private).map((r) => r.source.blob));
  }

  async source(record: SessionRecord): Promise<Buffer> {
    if (record.private) return this.privateStore.source(record);
    const b = await this.notes.blob(record.source.blob);
    if (!b) throw new NotFoundError(`the conversation of session ${record.id} (blob ${record.source.blob}) is missing from this repository`, { hint: 'fetch it: git kiro pull' });
    return b;
  }

  async upsert(id: string, build: Build, message = `git-kiro: save ${id}`, opts: UpsertOptions = {}) {
    const [r] = await this.upsertMany([{ id, build }], message, opts);
    return { ...r, record: r.record! };
  }

  async upsertMany(items: { id: string; build: Build }[], message: string, opts: UpsertOptions = {}): Promise<UpsertResult[]> {
    if (opts.public) return this.upsertPublic(items, message, { evenIfPrivate: true });
    // Private sessions (new ones saved private, or ones already private) never touch git.
    // `private` is for new sessions: one already in the notes stays there (one id, one
    // place; `git kiro private ID on` moves it).
    const tip = opts.private ? await this.tip() : undefined;
    const inNotes = new Set<string>();
    if (opts.private) for (const i of items) if (await this.notes.recordAt(tip, i.id)) inNotes.add(i.id);
    const isPrivate = (id: string) => this.privateStore.has(id) || (!!opts.private && !inNotes.has(id));
    const priv = items.filter((i) => isPrivate(i.id));
    if (priv.length) {
      const mark = (b: Build): Build => async (e, src) => {
        const n = await b(e, src);
        return n && { ...n, record: { ...n.record, private: true }, also: n.also?.map((a) => ({ ...a, session: { ...a.session, record: { ...a.session.record, private: true } } })) };
      };
      const pub = items.filter((i) => !isPrivate(i.id));
      const byId = new Map((await this.privateStore.upsertMany(priv.map((i) => ({ id: i.id, build: mark(i.build) })))).map((r) => [r.id, r]));
      const rest = new Map((pub.length ? await this.upsertPublic(pub, message) : []).map((r) => [r.id, r]));
      return items.map((i) => byId.get(i.id) ?? rest.get(i.id)!);
    }
    return this.upsertPublic(items, message);
  }

  private async upsertPublic(items: { id: string; build: Build }[], message: string, opts: { evenIfPrivate?: boolean } = {}): Promise<UpsertResult[]> {
    const fmt = this.repo.objectFormat;
    const written = new Set<string>(); // blob ids already written by an earlier round
    let results: UpsertResult[] = [];
    let gonePrivate: { id: string; build: Build }[] = [];
    await this.notes.update(
      message,
      async (tip) => {
        results = [];
        gonePrivate = [];
        const tree = tip ? await this.notes.treeOf(tip) : undefined;
        const pending: Buffer[] = [];
        const db = await this.notes.objects();
        const blob = (data: Buffer | string) => {
          const b = typeof data === 'string' ? Buffer.from(data) : data;
          const oid = blobId(b, fmt);
          if (!written.has(oid) && !db.isStaged(oid)) {
            written.add(oid);
            pending.push(b);
          }
          return oid;
        };
        const edits = new Map<string, KeyEdit | null>();
        const write = (id: string, n: NewSession, existed: boolean): SessionRecord => {
          const key = this.notes.key(id);
          const src = blob(n.sourceBytes);
          const record = { ...n.record, source: { format: n.format, blob: src, size: n.sourceBytes.length } } as SessionRecord;
          const sidecars: KeyEdit['sidecars'] = { id: key, src };
          if (n.diff) {
            sidecars.diff = blob(n.diff);
            record.git = { ...record.git, diff: sidecars.diff };
          } else if (record.git) delete record.git.diff;
          if (!existed) blob(keyBlobContent(id)); // the annotated object must exist
          edits.set(key, { note: blob(serialiseRecord(record)), sidecars });
          return record;
        };
        for (const { id, build } of items) {
          // Checked on every attempt: a `private on` may have finished since the last one,
          // and then this write belongs in the private store.
          if (!opts.evenIfPrivate && this.privateStore.has(id)) {
            gonePrivate.push({ id, build });
            continue;
          }
          const noteBlob = tree ? await findNote(this.notes.ctx, tree, this.notes.key(id)) : undefined;
          const existing = noteBlob && tree ? await this.notes.recordIn(tree, this.notes.key(id), noteBlob) : undefined;
          const n = await build(existing, existing && (() => this.source(existing)));
          if (!n) {
            results.push({ id, status: 'unchanged', record: existing });
            continue;
          }
          const record = write(id, n, !!existing);
          const also = (n.also ?? []).map((a) => write(a.id, a.session, false));
          results.push({ id, status: existing ? 'updated' : 'created', record, ...(also.length ? { also } : {}) });
        }
        // Staged blobs (an import's conversations) exist before the commit names them;
        // ended even when nothing is written (every session unchanged).
        await Promise.all([db.writeBlobs(pending), db.flushStaged()]);
        return edits.size ? edits : null;
      },
    );
    if (gonePrivate.length) {
      const byId = new Map((await this.privateStore.upsertMany(gonePrivate)).map((r) => [r.id, r]));
      return items.map((i) => byId.get(i.id) ?? results.find((r) => r.id === i.id)!);
    }
    return results;
  }

  contentId(bytes: Buffer): string {
    return blobId(bytes, this.repo.objectFormat);
  }

  scopeOf(dir: string): string | undefined {
    const rel = relative(this.repo.root, dir);
    if (rel.startsWith('..') || isAbsolute(rel)) return undefined;
    return rel.split(sep).join('/');
  }

  /**
   * Replaces the session with a tombstone: the note says it was deleted, the
   * conversation leaves the tree, and the `.id` blob stays so `notes prune` keeps the
   * tombstone. Sync needs the tombstone to keep the deletion on other clones.
   */
  async remove(id: string): Promise<boolean> {
    if (this.privateStore.has(id)) return this.privateStore.remove(id);
    let existed = false;
    const key = this.notes.key(id);
    await this.notes.update(`git-kiro: delete ${id}`, async (tip) => {
      const found = await this.notes.recordAt(tip, id);
      existed = !!found;
      if (!found) return null;
      const tomb = serialiseTombstone({ version: 1, id, deleted: true, deletedAt: this.now().toISOString(), lastUpdatedAt: found.record.updatedAt, deletedNote: found.blob });
      return new Map([[key, { note: await (await this.notes.objects()).writeBlob(tomb), sidecars: { id: key } }]]);
    });
    return existed;
  }

  private activePath(): string {
    return join(this.repo.gitDir, 'kiro-active.json');
  }

  async active(): Promise<string | undefined> {
    return readActive(this.activePath())?.id;
  }

  async activeInfo() {
    return readActive(this.activePath());
  }

  async setActive(id: string | undefined, file?: string): Promise<void> {
    writeActive(this.activePath(), id, this.now(), file);
  }

  close(): void {
    this.notes.close();
  }
}
