import { readFileSync, rmSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import { SessionCache } from '../cache/session-cache';
import { NotFoundError } from '../errors';
import { blobId, casRef, commitTree, writeBlob, writeBlobs } from '../git/objects';
import { NOTES_REF } from '../git/repo';
import { ConflictError } from '../errors';
import type { RepoInfo } from '../git/repo';
import { runGit } from '../git/run-git';
import { serialiseRecord, type GitContext, type SessionRecord, type SessionSummary } from '../model/session-record';
import { readActive, writeActive } from './active-file';
import { keyBlobContent } from './notes-layout';
import { NotesStore } from './notes-store';
import { editNotesTree, findNote, type KeyEdit } from './notes-tree';
import { parseAttachments, serialiseAttachments, type Attachment } from '../model/attachment';
import { serialiseTombstone } from '../model/tombstone';
import type { NewSession, SessionStore, UpsertOptions, UpsertResult } from './session-store';
import { FileSessionStore } from './file-session-store';

/** Sessions in refs/notes/kiro, listed through the cache. */
export class GitSessionStore implements SessionStore {
  readonly kind = 'git';
  readonly scope: string;
  readonly displayDir: string;
  readonly notes: NotesStore;
  readonly cache: SessionCache;
  /** Private sessions: files in <common git dir>/kiro-private, never git objects, so nothing can push them. */
  readonly privateStore: FileSessionStore;
  private tipKnown: boolean;
  private currentTip?: string;

  constructor(readonly repo: RepoInfo, private readonly now: () => Date = () => new Date()) {
    this.scope = repo.prefix;
    this.displayDir = repo.cwd;
    this.notes = new NotesStore(repo);
    this.cache = new SessionCache(this.notes);
    this.privateStore = new FileSessionStore({ root: join(repo.commonDir, 'kiro-private'), scope: repo.prefix, displayDir: repo.cwd, now, scopeOf: (d) => this.scopeOf(d) });
    // Discovery already read the ref: reuse it for the first read of this process.
    this.tipKnown = true;
    this.currentTip = repo.notesTip;
  }

  private async tip(): Promise<string | undefined> {
    if (!this.tipKnown) this.currentTip = await this.notes.tip();
    this.tipKnown = true;
    return this.currentTip;
  }

  /** The ref moved under this process (a merge by ref update): read it again next time. */
  forgetTip(): void {
    this.tipKnown = false;
  }

  /** The tip this process last saw, for the first compare-and-swap attempt. */
  private known(): { knownTip?: string | null } {
    return this.tipKnown ? { knownTip: this.currentTip ?? null } : {};
  }

  async summaries(scope?: string): Promise<SessionSummary[]> {
    return [...(await this.cache.summaries(await this.tip(), scope)), ...(await this.privateStore.summaries(scope))];
  }

  /** Sessions and shares stored, counted without reading them (sync's "unchanged"). */
  async sessionCount(): Promise<number> {
    return (await this.cache.count(await this.tip())) + (await this.privateStore.summaries()).length;
  }

  async record(id: string): Promise<SessionRecord | undefined> {
    return (await this.notes.recordAt(await this.tip(), id))?.record ?? (await this.privateStore.record(id));
  }

  async source(record: SessionRecord): Promise<Buffer> {
    if (record.private) return this.privateStore.source(record);
    const b = await this.notes.blob(record.source.blob);
    if (!b) throw new NotFoundError(`the conversation of session ${record.id} (blob ${record.source.blob}) is missing from this repository`, { hint: 'fetch it: git kiro pull' });
    return b;
  }

  async upsert(id: string, build: (existing?: SessionRecord) => NewSession, message = `git-kiro: save ${id}`, opts: UpsertOptions = {}) {
    const [r] = await this.upsertMany([{ id, build }], message, opts);
    return { record: r.record!, created: r.status === 'created' };
  }

  async upsertMany(items: { id: string; build: (existing?: SessionRecord) => NewSession | null }[], message: string, opts: UpsertOptions = {}): Promise<UpsertResult[]> {
    // Private sessions (new ones saved private, or ones already private) never touch git.
    const isPrivate = (id: string) => opts.private || this.privateStore.has(id);
    const priv = items.filter((i) => isPrivate(i.id));
    if (priv.length) {
      const mark = (b: (e?: SessionRecord) => NewSession | null) => (e?: SessionRecord) => {
        const n = b(e);
        return n && { ...n, record: { ...n.record, private: true } };
      };
      const pub = items.filter((i) => !isPrivate(i.id));
      const byId = new Map((await this.privateStore.upsertMany(priv.map((i) => ({ id: i.id, build: mark(i.build) })))).map((r) => [r.id, r]));
      const rest = new Map((pub.length ? await this.upsertPublic(pub, message) : []).map((r) => [r.id, r]));
      return items.map((i) => byId.get(i.id) ?? rest.get(i.id)!);
    }
    return this.upsertPublic(items, message);
  }

  private async upsertPublic(items: { id: string; build: (existing?: SessionRecord) => NewSession | null }[], message: string): Promise<UpsertResult[]> {
    const fmt = this.repo.objectFormat;
    const written = new Set<string>(); // blob ids already written by an earlier round
    let results: UpsertResult[] = [];
    this.currentTip = await this.notes.update(
      message,
      async (tip) => {
        results = [];
        const tree = tip ? await this.notes.treeOf(tip) : undefined;
        const pending: Buffer[] = [];
        const blob = (data: Buffer | string) => {
          const b = typeof data === 'string' ? Buffer.from(data) : data;
          const oid = blobId(b, fmt);
          if (!written.has(oid)) {
            written.add(oid);
            pending.push(b);
          }
          return oid;
        };
        const edits = new Map<string, KeyEdit | null>();
        for (const { id, build } of items) {
          const key = this.notes.key(id);
          const noteBlob = tree ? await findNote(this.notes.ctx, tree, key) : undefined;
          const existing = noteBlob ? await this.notes.recordFromBlob(noteBlob) : undefined;
          const n = build(existing);
          if (!n) {
            results.push({ id, status: 'unchanged', record: existing });
            continue;
          }
          const src = blob(n.sourceBytes);
          const record = { ...n.record, source: { format: n.format, blob: src, size: n.sourceBytes.length } } as SessionRecord;
          const sidecars: KeyEdit['sidecars'] = { id: key, src };
          if (n.diff) {
            sidecars.diff = blob(n.diff);
            record.git = { ...record.git, diff: sidecars.diff };
          } else if (record.git) delete record.git.diff;
          if (!existing) blob(keyBlobContent(id)); // the annotated object must exist
          edits.set(key, { note: blob(serialiseRecord(record)), sidecars });
          results.push({ id, status: existing ? 'updated' : 'created', record });
        }
        if (!edits.size) return null;
        await writeBlobs(this.repo.root, pending, fmt);
        return edits;
      },
      this.known(),
    );
    this.tipKnown = true;
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
    this.currentTip = await this.notes.update(`git-kiro: delete ${id}`, async (tip) => {
      const found = await this.notes.recordAt(tip, id);
      existed = !!found;
      if (!found) return null;
      const tomb = serialiseTombstone({ version: 1, id, deleted: true, deletedAt: this.now().toISOString(), lastUpdatedAt: found.record.updatedAt });
      return new Map([[key, { note: await writeBlob(this.repo.root, tomb), sidecars: { id: key } }]]);
    }, this.known());
    this.tipKnown = true;
    return existed;
  }

  /** The sessions attached to a commit (full id), from the current notes. */
  async attachments(commit: string): Promise<Attachment[]> {
    const tip = await this.tip();
    if (!tip) return [];
    const blob = await findNote(this.notes.ctx, await this.notes.treeOf(tip), commit);
    const data = blob ? await this.notes.blob(blob) : undefined;
    return data ? parseAttachments(data) : [];
  }

  /**
   * Changes the attachments of several commits in one compare-and-swap write. Each
   * function gets the commit's current list and returns the new one (empty: the note
   * goes). `maxAttempts` bounds the retries (hooks must not stall a commit).
   */
  async editAttachments(edits: Map<string, (list: Attachment[]) => Attachment[]>, message: string, opts: { maxAttempts?: number; maxLocked?: number } = {}): Promise<void> {
    this.currentTip = await this.notes.update(
      message,
      async (tip) => {
        const tree = tip ? await this.notes.treeOf(tip) : undefined;
        const out = new Map<string, KeyEdit | null>();
        for (const [commit, edit] of edits) {
          const blob = tree ? await findNote(this.notes.ctx, tree, commit) : undefined;
          const data = blob ? await this.notes.blob(blob) : undefined;
          const before = data ? parseAttachments(data) : [];
          const after = edit(before);
          const bytes = serialiseAttachments(after);
          // Compared with the raw note, so a note git combined (duplicate lines of one
          // session after amend or squash) is rewritten in its canonical form.
          if (data ? bytes === data.toString('utf8') : !after.length) continue;
          out.set(commit, after.length ? { note: await writeBlob(this.repo.root, bytes), sidecars: {} } : null);
        }
        return out.size ? out : null;
      },
      { ...this.known(), ...opts },
    );
    this.tipKnown = true;
  }

  /** Tips of the remotes' sessions as last fetched or pushed (refs/notes/kiro-remote/*). */
  async trackingTips(): Promise<{ ref: string; tip: string }[]> {
    const r = await runGit(['for-each-ref', '--format=%(objectname) %(refname)', 'refs/notes/kiro-remote/'], { cwd: this.repo.root });
    return r.stdout.toString().split('\n').filter(Boolean).map((l) => ({ tip: l.split(' ')[0], ref: l.split(' ')[1] }));
  }

  /** The remotes (by tracking ref) that already hold this session. */
  async pushedTo(id: string): Promise<string[]> {
    const key = this.notes.key(id);
    const out: string[] = [];
    for (const t of await this.trackingTips()) if (await findNote(this.notes.ctx, await this.notes.treeOf(t.tip), key)) out.push(t.ref.replace('refs/notes/kiro-remote/', ''));
    return out;
  }

  /**
   * Takes a session out of refs/notes/kiro so that no push can ever send it: the
   * unpushed part of the notes history (everything after what the remotes already
   * have) is squashed into one commit without it. Only history that never left this
   * machine is rewritten; every other session keeps its current state. The caller has
   * checked that no remote holds the session.
   */
  async dropFromUnpushedHistory(id: string, message: string): Promise<void> {
    for (let attempt = 1; attempt <= 20; attempt++) {
      const tip = await this.notes.tip();
      if (!tip) return;
      const tree = await editNotesTree(this.notes.ctx, await this.notes.treeOf(tip), new Map([[this.notes.key(id), null]]));
      const bases: string[] = [];
      for (const t of await this.trackingTips()) {
        const r = await runGit(['merge-base', '--is-ancestor', t.tip, tip], { cwd: this.repo.root, okCodes: [0, 1] });
        if (r.code === 0) bases.push(t.tip);
      }
      const parents = bases.length ? (await runGit(['merge-base', '--independent', ...bases], { cwd: this.repo.root })).stdout.toString().split('\n').filter(Boolean) : [];
      const commit = await commitTree(this.repo.root, tree, parents.sort(), message);
      if ((await casRef(this.repo.root, NOTES_REF, commit, tip, message)) === 'ok') {
        this.currentTip = commit;
        this.tipKnown = true;
        return;
      }
    }
    throw new ConflictError('refs/notes/kiro kept changing; try again');
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

  private configCache?: Promise<Map<string, string[]>>;

  /**
   * The git config this tool reads (remote URLs and kiro.*), in one process per
   * command instead of one per key. Keys are lower-cased as git reports them.
   */
  config(): Promise<Map<string, string[]>> {
    this.configCache ??= runGit(['config', '--get-regexp', '^(kiro\\.|remote\\..*\\.url$)'], { cwd: this.repo.root, okCodes: [0, 1] }).then((r) => {
      const out = new Map<string, string[]>();
      for (const line of r.stdout.toString().split('\n').filter(Boolean)) {
        const sp = line.indexOf(' ');
        const key = (sp < 0 ? line : line.slice(0, sp)).toLowerCase();
        out.set(key, [...(out.get(key) ?? []), sp < 0 ? '' : line.slice(sp + 1)]);
      }
      return out;
    });
    return this.configCache;
  }

  async gitContext(snapshot: boolean): Promise<{ context?: GitContext; diff?: Buffer }> {
    const cwd = this.repo.root;
    const [head, config] = await Promise.all([runGit(['rev-parse', '-q', '--verify', 'HEAD'], { cwd, okCodes: [0, 1, 128] }), this.config()]);
    const context: GitContext = {};
    const urls = new Map([...config].filter(([k]) => k.startsWith('remote.') && k.endsWith('.url')).map(([k, v]) => [k.slice('remote.'.length, -'.url'.length), v[0]] as const));
    const url = urls.get('origin') ?? urls.values().next().value;
    if (url) context.remote = stripCredentials(url);
    // The branch from this worktree's HEAD file: no process needed.
    try {
      const m = /^ref: refs\/heads\/(.+)$/m.exec(readFileSync(join(this.repo.gitDir, 'HEAD'), 'utf8'));
      if (m) context.branch = m[1].trim();
    } catch {
      /* no HEAD file: no branch */
    }
    if (head.code === 0) context.head = head.stdout.toString().trim();
    return { context, diff: snapshot ? await this.workingDiff(context.head) : undefined };
  }

  /**
   * `git diff HEAD` including untracked files (Kilo's snapshot), without touching the
   * user's index: the diff is taken through a temporary index file.
   */
  private async workingDiff(head: string | undefined): Promise<Buffer | undefined> {
    const index = join(this.repo.gitDir, `kiro-snapshot-${process.pid}.index`);
    const env = { ...process.env, GIT_INDEX_FILE: index };
    const cwd = this.repo.root;
    try {
      if (head) await runGit(['read-tree', head], { cwd, env });
      await runGit(['add', '-A'], { cwd, env });
      const d = await runGit(['diff', '--cached', '--binary', ...(head ? [head] : [])], { cwd, env });
      return d.stdout.length ? d.stdout : undefined;
    } finally {
      rmSync(index, { force: true });
    }
  }

  close(): void {
    this.notes.close();
  }
}

/** https://user:token@host/x -> https://host/x; scp-style user@host:x is not a secret. */
export function stripCredentials(url: string): string {
  return url.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^/@]*@/i, '$1');
}
