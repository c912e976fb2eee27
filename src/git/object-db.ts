import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, renameSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ExternalError } from '../errors';
import { blobId, commitTree, FAST_IMPORT, writeBlob, writeBlobs, writeTree, writeTrees, type TreeEntry } from './objects';
import { spawn, type ChildProcessByStdio } from 'node:child_process';
import type { Readable, Writable } from 'node:stream';
import type { RepoInfo } from './repo';

/** What a commit is signed with: `Name <email>`, as git would write it. */
interface Ident {
  name: string;
  email: string;
}

/**
 * Where a save's objects go. A save used to start a git process for each blob, each
 * tree and the commit (8 processes, each 2-5 ms, most of them one after the other);
 * here they are written as git writes loose objects (the zlib-deflated object under
 * objects/xx/, named by its hash), in this process. The ref still moves through
 * `git update-ref`, which is the compare-and-swap.
 *
 * Only where that is exactly what git would do: not when the environment redirects
 * objects (GIT_OBJECT_DIRECTORY, a quarantine during a push), shares the repository
 * between users (core.sharedRepository: modes), keeps a second hash
 * (extensions.compatObjectFormat) or a commit encoding, dates commits through the
 * environment, or when no identity is configured (git's own fallbacks, which read
 * the password file and the host name, then apply). There, the git processes serve.
 */
export class ObjectDb {
  private readonly objectsDir: string;
  private readonly level: number;
  /** undefined: objects go through git processes. */
  private readonly loose: boolean;
  private readonly idents?: { author: Ident; committer: Ident };

  constructor(
    private readonly repo: Pick<RepoInfo, 'root' | 'commonDir' | 'objectFormat'>,
    config: Map<string, string[]>,
    env: NodeJS.ProcessEnv = process.env,
  ) {
    this.objectsDir = join(repo.commonDir, 'objects');
    const get = (k: string) => config.get(k)?.at(-1);
    this.loose =
      !env.GIT_OBJECT_DIRECTORY &&
      !env.GIT_QUARANTINE_PATH &&
      get('core.sharedrepository') === undefined &&
      get('extensions.compatobjectformat') === undefined &&
      existsSync(this.objectsDir);
    // git's levels: core.looseCompression, else core.compression, else 1 (best speed).
    const level = Number(get('core.loosecompression') ?? get('core.compression') ?? 1);
    this.level = Number.isInteger(level) && level >= -1 && level <= 9 ? level : 1;
    const encoding = get('i18n.commitencoding');
    if (this.loose && !env.GIT_AUTHOR_DATE && !env.GIT_COMMITTER_DATE && (!encoding || /^utf-?8$/i.test(encoding))) {
      const author = ident(env.GIT_AUTHOR_NAME ?? get('author.name') ?? get('user.name'), env.GIT_AUTHOR_EMAIL ?? get('author.email') ?? get('user.email') ?? env.EMAIL);
      const committer = ident(env.GIT_COMMITTER_NAME ?? get('committer.name') ?? get('user.name'), env.GIT_COMMITTER_EMAIL ?? get('committer.email') ?? get('user.email') ?? env.EMAIL);
      if (author && committer) this.idents = { author, committer };
    }
  }

  /** Whether objects are written in this process (for tests and `doctor`). */
  get inProcess(): boolean {
    return this.loose;
  }

  async writeBlob(data: Buffer | string): Promise<string> {
    return this.loose ? this.write('blob', typeof data === 'string' ? Buffer.from(data) : data) : writeBlob(this.repo.root, data);
  }

  /** Many blobs: a handful written loose here, more through one `git fast-import` (one pack). */
  async writeBlobs(blobs: Buffer[]): Promise<string[]> {
    if (this.loose && blobs.length <= 16) return blobs.map((b) => this.write('blob', b));
    return writeBlobs(this.repo.root, blobs, this.repo.objectFormat);
  }

  /**
   * Blobs an import stores ahead of the notes write that names them: they stream into
   * one `git fast-import` while the next files are parsed (the import waited 1.2 s for
   * fast-import after parsing 1,000 files). `flushStaged` ends it: the objects exist
   * once it resolves, and only then may a ref name them.
   */
  async stageBlob(data: Buffer): Promise<string> {
    const oid = blobId(data, this.repo.objectFormat);
    if (this.staged.has(oid)) return oid;
    this.staged.add(oid);
    if (!this.stream) {
      const child = spawn('git', FAST_IMPORT, { cwd: this.repo.root, stdio: ['pipe', 'ignore', 'pipe'] });
      let stderr = '';
      child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
      child.stdin.on('error', () => undefined); // reported by the exit below
      const done = new Promise<void>((resolve, reject) => {
        child.on('error', (e) => reject(new ExternalError(`could not run git fast-import: ${e.message}`)));
        child.on('close', (code) => (code === 0 ? resolve() : reject(new ExternalError(`git fast-import failed: ${stderr.trim().split('\n')[0] || `exit ${code}`}`))));
      });
      done.catch(() => undefined); // awaited by flushStaged
      this.stream = { child, done };
    }
    const stdin = this.stream.child.stdin;
    if (!stdin.write(Buffer.concat([Buffer.from(`blob\ndata ${data.length}\n`), data, Buffer.from('\n')]))) await new Promise((r) => stdin.once('drain', r));
    return oid;
  }

  /** Waits until every staged blob is written (see stageBlob). */
  async flushStaged(): Promise<void> {
    const s = this.stream;
    if (!s) return;
    this.stream = undefined;
    s.child.stdin.end('done\n');
    try {
      await s.done;
    } catch (e) {
      this.staged.clear(); // not written after all
      throw e;
    }
  }

  /** Ends a staging fast-import without waiting for it (the command is ending). */
  close(): void {
    const s = this.stream;
    if (!s) return;
    this.stream = undefined;
    s.child.stdin.end('done\n');
    s.child.unref();
    for (const pipe of [s.child.stdin, s.child.stderr]) (pipe as unknown as { unref?: () => void }).unref?.();
  }

  /** Whether a blob was staged (and so need not be written again). */
  isStaged(oid: string): boolean {
    return this.staged.has(oid);
  }

  private readonly staged = new Set<string>();
  private stream?: { child: ChildProcessByStdio<Writable, null, Readable>; done: Promise<void> };

  async writeTree(entries: TreeEntry[]): Promise<string> {
    return this.loose ? this.write('tree', treeBytes(entries, this.repo.objectFormat)) : writeTree(this.repo.root, entries);
  }

  async writeTrees(trees: TreeEntry[][]): Promise<string[]> {
    return this.loose ? trees.map((t) => this.write('tree', treeBytes(t, this.repo.objectFormat))) : writeTrees(this.repo.root, trees);
  }

  async commitTree(tree: string, parents: string[], message: string): Promise<string> {
    if (!this.idents) return commitTree(this.repo.root, tree, parents, message);
    const when = stamp(new Date());
    const body =
      `tree ${tree}\n${parents.map((p) => `parent ${p}\n`).join('')}` +
      `author ${this.idents.author.name} <${this.idents.author.email}> ${when}\n` +
      `committer ${this.idents.committer.name} <${this.idents.committer.email}> ${when}\n\n` +
      `${message.endsWith('\n') ? message : `${message}\n`}`;
    return this.write('commit', Buffer.from(body));
  }

  /**
   * One loose object, as git writes it: a temporary file in the fan-out directory,
   * renamed into place, read-only. One already there is only touched (as git freshens
   * it), so a concurrent `git prune` does not take it for unreferenced and old.
   */
  private write(type: 'blob' | 'tree' | 'commit', body: Buffer): string {
    const header = Buffer.from(`${type} ${body.length}\0`);
    const oid = createHash(this.repo.objectFormat).update(header).update(body).digest('hex');
    const dir = join(this.objectsDir, oid.slice(0, 2));
    const path = join(dir, oid.slice(2));
    if (existsSync(path)) {
      try {
        const now = new Date();
        utimesSync(path, now, now);
      } catch {
        /* read-only objects: it is there, which is what matters */
      }
      return oid;
    }
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `tmp_obj_${process.pid}_${randomBytes(4).toString('hex')}`);
    try {
      // zlib required here: loaded at start-up, it cost every command (list included) 1 ms.
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      const { deflateSync } = require('node:zlib') as typeof import('node:zlib');
      writeFileSync(tmp, deflateSync(Buffer.concat([header, body]), { level: this.level }), { mode: 0o444, flag: 'wx' });
      renameSync(tmp, path);
    } catch (e) {
      rmSync(tmp, { force: true });
      throw new ExternalError(`could not write object ${oid} in ${this.objectsDir}: ${(e as Error).message}`);
    }
    return oid;
  }
}

/**
 * A tree object's bytes: entries in git's order (by name as bytes, a directory's name
 * compared as if it ended in "/"), each `mode name\0<binary id>`, modes without the
 * leading zero. A name git would refuse (empty, with "/" or NUL, twice) is refused.
 */
export function treeBytes(entries: TreeEntry[], format: 'sha1' | 'sha256'): Buffer {
  const hexLen = format === 'sha256' ? 64 : 40;
  const rows = entries.map((e) => {
    const mode = e.mode.replace(/^0+/, '');
    if (!e.name || e.name.includes('/') || e.name.includes('\0') || e.name === '.' || e.name === '..') throw new ExternalError(`invalid tree entry name ${JSON.stringify(e.name)}`);
    if (!MODES.has(mode) || e.oid.length !== hexLen || !HEX.test(e.oid)) throw new ExternalError(`invalid tree entry ${mode} ${e.oid} ${e.name}`);
    return { mode, name: e.name, oid: e.oid, key: mode === '40000' ? `${e.name}/` : e.name };
  });
  // Names of printable ASCII (every name git-kiro writes) sort as strings, as bytes do;
  // any other name is compared as its UTF-8 bytes.
  const ascii = rows.every((r) => ASCII.test(r.name));
  if (ascii) rows.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  else rows.sort((a, b) => Buffer.compare(Buffer.from(a.key), Buffer.from(b.key)));
  // Two names are one if their bytes are (a lone surrogate becomes U+FFFD in UTF-8).
  if (new Set(rows.map((r) => (ascii ? r.name : Buffer.from(r.name).toString('hex')))).size !== rows.length) throw new ExternalError('duplicate tree entry');
  let size = 0;
  for (const r of rows) size += r.mode.length + 1 + Buffer.byteLength(r.name) + 1 + hexLen / 2;
  const out = Buffer.allocUnsafe(size);
  let at = 0;
  rows.forEach((r) => {
    at += out.write(`${r.mode} ${r.name}`, at, 'utf8');
    out[at++] = 0;
    at += out.write(r.oid, at, 'hex');
  });
  return out;
}

const MODES = new Set(['40000', '100644', '100755', '120000', '160000']);
const HEX = /^[0-9a-f]+$/;
const ASCII = /^[\x20-\x7e]*$/;

/**
 * git's identity cleanup (ident.c): the characters <, > and newline removed, and
 * "crud" (spaces, control characters and . , : ; < > " \ ') trimmed from both ends.
 * undefined when a part is missing or nothing is left (git would then fall back or fail).
 */
function ident(name: string | undefined, email: string | undefined): Ident | undefined {
  if (name === undefined || email === undefined) return undefined;
  const clean = (s: string) => s.replace(/[<>\n]/g, '').replace(/^[\x00-\x20.,:;<>"\\']+|[\x00-\x20.,:;<>"\\']+$/g, '');
  const n = clean(name);
  const e = clean(email);
  return n && e ? { name: n, email: e } : undefined;
}

/** `<seconds> <±hhmm>` in this machine's zone, as git stamps a commit. */
function stamp(d: Date): string {
  const off = -d.getTimezoneOffset();
  const a = Math.abs(off);
  return `${Math.floor(d.getTime() / 1000)} ${off < 0 ? '-' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}${String(a % 60).padStart(2, '0')}`;
}
