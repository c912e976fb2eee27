import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { writeAtomic } from '../fs/write-atomic';
import { SearchIndex } from '../cache/search-index';
import { NotFoundError } from '../errors';
import { parseRecord, serialiseRecord, toSummary, type SessionRecord, type SessionSummary } from '../model/session-record';
import { readActive, writeActive } from './active-file';
import type { Build, NewSession, SearchEntry, SessionStore, UpsertOptions, UpsertResult } from './session-store';
import { blobId } from '../git/objects';

/** `$XDG_DATA_HOME/git-kiro`, else `~/.local/share/git-kiro`. */
export function dataDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(env.XDG_DATA_HOME || join(env.HOME || homedir(), '.local', 'share'), 'git-kiro');
}

/**
 * The fallback outside a git repository: one record file and one source file per
 * session, scoped by absolute directory as Kiro does. Writes are write-then-rename,
 * source first, so a killed save leaves the previous record intact.
 */
export class FileSessionStore implements SessionStore {
  readonly scope: string;
  readonly displayDir: string;
  private readonly root: string;
  readonly searchIndex: SearchIndex;
  private readonly now: () => Date;
  private readonly scopeFn: (dir: string) => string | undefined;

  /**
   * `root`: the folder holding sessions/ and sources/. The fallback outside git scopes
   * by absolute directory; inside a repository the same store keeps private sessions
   * (scoped like the notes, by path in the worktree).
   */
  constructor(opts: { root: string; scope: string; displayDir: string; now?: () => Date; scopeOf?: (dir: string) => string | undefined }) {
    this.root = opts.root;
    this.scope = opts.scope;
    this.displayDir = opts.displayDir;
    this.now = opts.now ?? (() => new Date());
    this.scopeFn = opts.scopeOf ?? ((dir) => resolve(dir));
    this.searchIndex = new SearchIndex(join(this.root, 'search'));
  }

  /** The fallback store of a directory outside any repository. */
  static outside(cwd: string, env: NodeJS.ProcessEnv = process.env, now?: () => Date): FileSessionStore {
    return new FileSessionStore({ root: dataDir(env), scope: resolve(cwd), displayDir: resolve(cwd), now });
  }

  private path(kind: 'sessions' | 'sources', id: string): string {
    return join(this.root, kind, kind === 'sessions' ? `${id}.json` : `${id}.src`);
  }

  async summaries(scope?: string): Promise<SessionSummary[]> {
    return this.records(scope).map(toSummary);
  }

  async searchEntries(scope?: string): Promise<SearchEntry[]> {
    return this.records(scope).map((r) => ({ id: r.id, blob: r.source.blob, title: r.title, share: !!r.share }));
  }

  private records(scope?: string): SessionRecord[] {
    let names: string[] = [];
    // Usually absent (no private session): asked first, since a thrown ENOENT cost 1.5 ms of `list`.
    if (!existsSync(join(this.root, 'sessions'))) return [];
    try {
      names = readdirSync(join(this.root, 'sessions')).filter((n) => n.endsWith('.json'));
    } catch {
      return [];
    }
    const out: SessionRecord[] = [];
    for (const n of names) {
      try {
        const r = parseRecord(readFileSync(join(this.root, 'sessions', n)), n);
        if (scope === undefined || r.scope === scope) out.push(r);
      } catch {
        /* a damaged file does not hide the others */
      }
    }
    return out;
  }

  async record(id: string): Promise<SessionRecord | undefined> {
    if (!/^[0-9A-Za-z-]+$/.test(id)) return undefined;
    try {
      return parseRecord(readFileSync(this.path('sessions', id)), `${id}.json`);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw e;
    }
  }

  async stage(): Promise<void> {
    /* files: written with their record */
  }

  warm(): void {
    /* files: nothing to start */
  }

  async prefetch(): Promise<void> {
    /* every source is a file here */
  }

  async source(record: SessionRecord): Promise<Buffer> {
    try {
      return readFileSync(this.path('sources', record.id));
    } catch {
      throw new NotFoundError(`the conversation of session ${record.id} is missing from ${this.root}`);
    }
  }

  async upsert(id: string, build: Build, _message?: string, _opts?: UpsertOptions) {
    const [r] = await this.upsertMany([{ id, build }]);
    return { ...r, record: r.record! };
  }

  async upsertMany(items: { id: string; build: Build }[]): Promise<UpsertResult[]> {
    mkdirSync(join(this.root, 'sessions'), { recursive: true });
    mkdirSync(join(this.root, 'sources'), { recursive: true });
    const out: UpsertResult[] = [];
    for (const { id, build } of items) {
      const existing = await this.record(id);
      const n = await build(existing, existing && (() => this.source(existing)));
      if (!n) {
        out.push({ id, status: 'unchanged', record: existing });
        continue;
      }
      // A diverged stored version is written first, as its fork: a crash between the
      // two writes leaves both conversations, never neither.
      const also = (n.also ?? []).map((a) => this.write(a.id, a.session));
      const record = this.write(id, n);
      out.push({ id, status: existing ? 'updated' : 'created', record, ...(also.length ? { also } : {}) });
    }
    return out;
  }

  /** Source first, then the record: a killed write leaves the previous record whole. */
  private write(id: string, n: NewSession): SessionRecord {
    // The same content id as in git, so "unchanged" is decided the same way in both stores.
    const record = { ...n.record, source: { format: n.format, blob: blobId(n.sourceBytes, 'sha1'), size: n.sourceBytes.length } } as SessionRecord;
    writeAtomic(this.path('sources', id), n.sourceBytes);
    writeAtomic(this.path('sessions', id), serialiseRecord(record));
    return record;
  }

  contentId(bytes: Buffer): string {
    return blobId(bytes, 'sha1');
  }

  scopeOf(dir: string): string | undefined {
    return this.scopeFn(dir);
  }

  has(id: string): boolean {
    return /^[0-9A-Za-z-]+$/.test(id) && existsSync(this.path('sessions', id));
  }

  async remove(id: string): Promise<boolean> {
    const existed = !!(await this.record(id));
    rmSync(this.path('sessions', id), { force: true });
    rmSync(this.path('sources', id), { force: true });
    return existed;
  }

  private activePath(): string {
    return join(this.root, 'active', `${createHash('sha1').update(this.scope).digest('hex').slice(0, 16)}.json`);
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


  close(): void {}
}
