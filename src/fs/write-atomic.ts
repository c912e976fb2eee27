import { closeSync, fsyncSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import { randomBytes } from 'node:crypto';

/**
 * Writes a file so that a reader (or a crash) sees the old bytes or the new ones, never
 * a part: a temporary file beside it with a unique name (two processes of the same pid
 * namespace, or two writes in one process, never share one), fsync'd, then renamed over
 * the target. Throws what the file system throws; the temporary file is removed.
 */
export function writeAtomic(path: string, data: string | Buffer, opts: { durable?: boolean } = {}): void {
  const tmp = `${path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
  try {
    const fd = openSync(tmp, 'wx', 0o644);
    try {
      const buf = typeof data === 'string' ? Buffer.from(data) : data;
      for (let off = 0; off < buf.length; ) off += writeSync(fd, buf, off, buf.length - off);
      // durable: false for derived files whose reader checks them (a cache's checksums):
      // an fsync each was a third of a cache rebuild (100 files at 10,000 sessions).
      if (opts.durable !== false) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    renameSync(tmp, path);
  } catch (e) {
    rmSync(tmp, { force: true });
    throw e;
  }
}
