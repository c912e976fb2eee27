import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { ExternalError } from '../errors';

export interface GitObject {
  oid: string;
  type: string;
  data: Buffer;
}

interface Pending {
  resolve: (o: GitObject | undefined) => void;
  reject: (e: Error) => void;
}

/**
 * One long-lived `git cat-file --batch` for all object reads of a command: one process
 * instead of one per object. Requests are answered in order, so a FIFO of pending
 * promises is enough. `read` resolves undefined for a missing object.
 */
export class CatFile {
  private proc?: BatchProcess;
  private failed?: Error;
  private closed = false;

  constructor(private readonly cwd: string) {}

  /**
   * Trees and commits by full id, kept for the command: an object never changes under
   * its id, and a save reads the root and fan-out trees once to find the stored record
   * and again to edit them. Small ones only, and at most a few thousand.
   */
  private readonly kept = new Map<string, Promise<GitObject | undefined>>();

  read(spec: string): Promise<GitObject | undefined> {
    const hit = this.kept.get(spec);
    if (hit) return hit;
    const p = this.fetch(spec);
    // Remembered once known to be a small tree or commit; a blob is not kept.
    if (OID.test(spec) && this.kept.size < 4096) {
      p.then((o) => void (o && (o.type === 'tree' || o.type === 'commit') && o.data.length < 1 << 20 && this.kept.set(spec, p)), () => undefined);
    }
    return p;
  }

  private fetch(spec: string): Promise<GitObject | undefined> {
    if (this.failed) return Promise.reject(this.failed);
    // One request per line: a spec with a line break would answer the wrong requests
    // from then on (the ids come from notes a remote wrote).
    if (/[\r\n\0]/.test(spec) || !spec) return Promise.reject(new ExternalError(`not an object name: ${JSON.stringify(spec.slice(0, 80))}`));
    // deltaBaseCacheLimit: bulk reads of many small notes from one pack hit the same
    // delta bases again and again; a larger cache avoids re-inflating them.
    this.proc ??= new BatchProcess(this.cwd, this.closed, (e, proc) => {
      // Only the process in use makes later reads fail at once; a closed one fails its own.
      if (proc === this.proc) this.failed = e;
    });
    return this.proc.read(spec);
  }

  /**
   * Ends the process; its pending reads still complete. A read after that (a sibling
   * of a failed Promise.all, still under way when the command ended) gets a process of
   * its own, which does not keep the program from exiting.
   */
  close(): void {
    this.closed = true;
    this.proc?.end();
    this.proc = undefined;
  }
}

const OID = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;

/** One `git cat-file --batch` process and the reads it owes answers to. */
class BatchProcess {
  private readonly child: ChildProcessWithoutNullStreams;
  private readonly pending: Pending[] = [];
  private buf: Buffer = Buffer.alloc(0);

  constructor(cwd: string, detached: boolean, onFail: (e: Error, proc: BatchProcess) => void) {
    const child = spawn('git', ['-c', 'core.deltaBaseCacheLimit=256m', 'cat-file', '--batch'], { cwd, stdio: ['pipe', 'pipe', 'pipe'] });
    let stderr = '';
    const fail = (e: Error) => {
      onFail(e, this);
      for (const p of this.pending.splice(0)) p.reject(e);
    };
    child.stderr.on('data', (b: Buffer) => (stderr += b.toString()));
    child.stdout.on('data', (b: Buffer) => this.onData(b));
    child.stdin.on('error', () => undefined);
    child.on('error', (e) => fail(new ExternalError(`could not run git cat-file: ${e.message}`)));
    child.on('close', (code) => {
      if (this.pending.length) fail(new ExternalError(`git cat-file exited (${code}): ${stderr.trim()}`));
    });
    this.child = child;
    if (detached) this.detach();
  }

  read(spec: string): Promise<GitObject | undefined> {
    return new Promise((resolve, reject) => {
      this.pending.push({ resolve, reject });
      this.child.stdin.write(`${spec}\n`);
    });
  }

  end(): void {
    this.child.stdin.end();
    // Nothing owed: git exits on its own at end of input, and the command need not wait
    // for it (the wait was a millisecond or two of every read command).
    if (!this.pending.length) this.detach();
  }

  private detach(): void {
    this.child.unref();
    // The pipes are sockets; their handles would keep the event loop alive too.
    for (const pipe of [this.child.stdin, this.child.stdout, this.child.stderr]) (pipe as unknown as { unref?: () => void }).unref?.();
  }

  /**
   * Chunks are only joined once enough bytes for the object at the head of the queue
   * have arrived: joining on every chunk is quadratic for a 50 MB object.
   */
  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  private need = 0;

  private onData(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.chunkBytes += chunk.length;
    if (this.chunkBytes < this.need) return;
    this.buf = Buffer.concat([this.buf, ...this.chunks]);
    this.chunks = [];
    this.chunkBytes = 0;
    this.need = 0;
    for (;;) {
      const nl = this.buf.indexOf(10);
      if (nl < 0 || !this.pending.length) return;
      const header = this.buf.subarray(0, nl).toString('utf8');
      if (header.endsWith(' missing') || header.endsWith(' ambiguous')) {
        this.buf = this.buf.subarray(nl + 1);
        this.pending.shift()!.resolve(undefined);
        continue;
      }
      const [oid, type, sizeText] = header.split(' ');
      const size = Number(sizeText);
      // The object's bytes, then one newline.
      const total = nl + 1 + size + 1;
      if (this.buf.length < total) {
        this.need = total - this.buf.length;
        return;
      }
      const data = Buffer.from(this.buf.subarray(nl + 1, nl + 1 + size));
      this.buf = this.buf.subarray(total);
      this.pending.shift()!.resolve({ oid, type, data });
    }
  }
}
