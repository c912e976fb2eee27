import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { lockFile } from '../fs/lock-file';
import { writeAtomic } from '../fs/write-atomic';

/** Bump when the words or the files change: an index of another version is dropped. */
export const SEARCH_INDEX_VERSION = 1;
/** Past this many segments, the small ones are merged (see merge policy in `commit`). */
const MAX_SEGMENTS = 8;
/** Words longer than this are indexed as overlapping pieces (see `entries`). */
const PIECE = 64;
const STRIDE = PIECE / 2;
/** Runs of letters, digits and underscores: what a word is, for the index (built on first use: a Unicode class costs start-up time). */
let wordRe: RegExp | undefined;
const WORD = () => (wordRe ??= /[\p{L}\p{N}_]+/gu);

interface Manifest {
  version: number;
  segments: { name: string; docs: number }[];
}

/** One immutable segment: its documents (blob ids), its words, and per word the documents holding it. */
interface Segment {
  docs: DocTable;
  /** The words, each followed by '\n'; searched as one string. */
  dict: string;
  /** Where word i starts in `dict` (i = 0..n, the last one is dict.length). */
  starts: Uint32Array;
  /** Where word i's postings start in `postings` (i = 0..n). */
  offsets: Uint32Array;
  /** The postings, read on first use (a word in no conversation reads none). */
  postings: () => Buffer;
}

/**
 * The search index: for each conversation (by the blob id of its text, which names
 * its content, so an entry never goes stale), the words in it. `search` asks it which
 * conversations can contain a needle and reads only those; the answer is a superset,
 * and the caller still finds each match in the text, so the index makes search faster
 * and never changes what it finds.
 *
 * Why it holds: if the needle (lower-cased) occurs in the lower-cased text, each run
 * of word characters in the needle lies inside one word of the text. So a conversation
 * can match only if every run of the needle is a substring of one of its words, which
 * is what `candidates` computes by scanning each segment's word list.
 *
 * Kept in files under `dir` (`.git/kiro-sessions/search`): immutable segments and a
 * manifest naming them. A search that meets conversations the index has not seen
 * indexes them and adds one segment; past MAX_SEGMENTS the small ones are merged.
 * It is a cache: unreadable, it is ignored (search reads everything, as without it)
 * and replaced on the next write; read-only, it is kept in memory for the command.
 */
export class SearchIndex {
  private state?: { manifest: Manifest; segments: Segment[] } | null;

  constructor(readonly dir: string) {}

  /** Whether the conversation with this blob id is indexed. */
  has(blob: string): boolean {
    return this.load()?.segments.some((s) => s.docs.has(blob)) ?? false;
  }

  /**
   * The blob ids, among the indexed ones, that can contain `needle` (case-insensitive).
   * undefined: the index cannot narrow this needle (no word character in it, or no
   * usable index); the caller reads everything.
   */
  candidates(needle: string): Set<string> | undefined {
    const runs = queryRuns(needle);
    const state = this.load();
    if (!runs || !state) return undefined;
    const out = new Set<string>();
    try {
      for (const seg of state.segments) for (const d of matchSegment(seg, runs)) out.add(seg.docs.at(d));
    } catch {
      return undefined; // a segment cut short under us: read everything
    }
    return out;
  }

  /** A builder for the conversations to add; `commit` writes them as one segment. */
  builder(): SegmentBuilder {
    return new SegmentBuilder();
  }

  /**
   * Adds the builder's conversations: a new segment written under the lock, then the
   * manifest naming it (a crash between the two leaves a file no manifest names, removed
   * by the next merge). Where the index cannot be written, the segment is used in memory.
   */
  commit(b: SegmentBuilder): void {
    if (!b.size) return;
    const seg = b.build();
    const unlock = lockFile(join(this.dir, 'lock'));
    if (unlock) {
      try {
        const manifest = readManifest(this.dir) ?? { version: SEARCH_INDEX_VERSION, segments: [] };
        // A segment that cannot be read (a disk that lost it) is dropped here, or the index
        // would stay unusable for good; its conversations are indexed again when met.
        manifest.segments = manifest.segments.filter((s) => readable(this.dir, s.name));
        const name = `${Date.now().toString(36)}-${process.pid}-${randomBytes(3).toString('hex')}`;
        writeSegment(this.dir, name, seg);
        manifest.segments.push({ name, docs: seg.docs.size });
        const drop = manifest.segments.length > MAX_SEGMENTS ? this.merge(manifest) : [];
        writeAtomic(join(this.dir, 'manifest.json'), JSON.stringify(manifest));
        for (const n of drop) removeSegment(this.dir, n);
        this.state = undefined; // read again: another process may have added segments too
        return;
      } catch {
        /* a full or read-only disk: keep it in memory below */
      } finally {
        unlock();
      }
    }
    const state = this.load() ?? { manifest: { version: SEARCH_INDEX_VERSION, segments: [] }, segments: [] };
    state.segments.push(seg);
    this.state = state;
  }

  /**
   * Merges segments in `manifest` (changed in place) and returns the names it replaced.
   * Size-tiered: the largest segment is left alone while it holds more documents than
   * all the others together, so each document is rewritten O(log n) times, not on every
   * merge. Files no manifest names (from a killed writer) are removed too.
   */
  private merge(manifest: Manifest): string[] {
    const bySize = [...manifest.segments].sort((a, b) => b.docs - a.docs);
    const rest = bySize.slice(1).reduce((n, s) => n + s.docs, 0);
    const merged = bySize[0].docs > rest ? bySize.slice(1) : bySize;
    const b = new SegmentBuilder();
    for (const m of merged) b.addSegment(readSegment(this.dir, m.name));
    const seg = b.build();
    const name = `${Date.now().toString(36)}-${process.pid}-${randomBytes(3).toString('hex')}`;
    writeSegment(this.dir, name, seg);
    const gone = new Set(merged.map((m) => m.name));
    manifest.segments = [...manifest.segments.filter((s) => !gone.has(s.name)), { name, docs: seg.docs.size }];
    const named = new Set(manifest.segments.map((s) => s.name));
    const orphans = readdirSync(this.dir)
      .filter((f) => /\.docs$/.test(f))
      .map((f) => f.slice(0, -'.docs'.length))
      .filter((n) => !named.has(n) && !gone.has(n));
    return [...gone, ...orphans];
  }

  /** What is wrong with the index on disk, or undefined (doctor). */
  damaged(): string | undefined {
    if (!existsSync(join(this.dir, 'manifest.json'))) return undefined;
    const m = readManifest(this.dir);
    if (!m) return 'its manifest cannot be read';
    const bad = m.segments.filter((s) => !readable(this.dir, s.name));
    return bad.length ? `${bad.length} of its ${m.segments.length} segments cannot be read` : undefined;
  }

  /** Drops the index (doctor --repair): the next search indexes what it reads. */
  clear(): void {
    rmSync(this.dir, { recursive: true, force: true });
    this.state = undefined;
  }

  private load() {
    if (this.state !== undefined) return this.state;
    try {
      const manifest = readManifest(this.dir);
      if (!manifest) return (this.state = null);
      return (this.state = { manifest, segments: manifest.segments.map((s) => readSegment(this.dir, s.name)) });
    } catch {
      return (this.state = null); // half-written or removed under us: as if there were none
    }
  }
}

/** Collects the words of conversations, then encodes them as one segment. */
export class SegmentBuilder {
  private readonly docs: string[] = [];
  private readonly seen = new Set<string>();
  private readonly words = new Map<string, number[]>();

  get size(): number {
    return this.docs.length;
  }

  /** The conversation with blob id `blob` and searchable text `text` (as search matches it). */
  add(blob: string, text: string): void {
    if (this.seen.has(blob)) return;
    this.seen.add(blob);
    const d = this.docs.push(blob) - 1;
    for (const w of entries(text)) {
      const l = this.words.get(w);
      if (l) l.push(d);
      else this.words.set(w, [d]);
    }
  }

  /** Every document of an existing segment (a merge); one already added is skipped. */
  addSegment(seg: Segment): void {
    const map = Array.from({ length: seg.docs.size }, (_, i) => {
      const blob = seg.docs.at(i);
      if (this.seen.has(blob)) return -1;
      this.seen.add(blob);
      return this.docs.push(blob) - 1;
    });
    const n = seg.starts.length - 1;
    for (let i = 0; i < n; i++) {
      const w = seg.dict.slice(seg.starts[i], seg.starts[i + 1] - 1);
      let l = this.words.get(w);
      if (!l) this.words.set(w, (l = []));
      for (const d of decodePostings(seg.postings(), seg.offsets[i], seg.offsets[i + 1])) if (map[d] >= 0) l.push(map[d]);
    }
  }

  build(): Segment {
    // Documents in order of their ids, so that a reader finds one by binary search.
    const order = this.docs.map((_, i) => i).sort((a, b) => (this.docs[a] < this.docs[b] ? -1 : 1));
    const renumber = new Array<number>(order.length);
    order.forEach((old, now) => (renumber[old] = now));
    const n = this.words.size;
    const starts = new Uint32Array(n + 1);
    const offsets = new Uint32Array(n + 1);
    const parts: string[] = [];
    const bytes: number[] = [];
    let i = 0;
    let at = 0;
    for (const [w, docs] of this.words) {
      starts[i] = at;
      offsets[i] = bytes.length;
      parts.push(w);
      at += w.length + 1;
      // Ascending, as delta-coding needs.
      const ds = docs.map((d) => renumber[d]).sort((a, b) => a - b);
      let prev = -1;
      for (const d of ds) {
        if (d === prev) continue;
        let v = d - prev - 1;
        prev = d;
        while (v >= 0x80) {
          bytes.push((v & 0x7f) | 0x80);
          v >>>= 7;
        }
        bytes.push(v);
      }
      i++;
    }
    starts[n] = at;
    offsets[n] = bytes.length;
    const postings = Buffer.from(bytes);
    return { docs: DocTable.parse(order.map((i) => this.docs[i]).join('\n')), dict: parts.length ? `${parts.join('\n')}\n` : '', starts, offsets, postings: () => postings };
  }
}

/**
 * The dictionary entries of a text: its distinct words, lower-cased. A word longer than
 * PIECE characters (a hash, base64) is kept as pieces of PIECE starting every STRIDE,
 * so any part of it up to STRIDE long lies whole in one piece (queryRuns cuts longer
 * runs to STRIDE), and the word list stays small.
 */
function entries(text: string): Set<string> {
  const out = new Set<string>();
  for (const w of text.toLowerCase().match(WORD()) ?? []) {
    if (w.length <= PIECE) {
      out.add(w);
      continue;
    }
    const cps = Array.from(w); // by code point: a piece never splits a surrogate pair
    if (cps.length <= PIECE) {
      out.add(w);
      continue;
    }
    for (let i = 0; ; i += STRIDE) {
      if (i + PIECE >= cps.length) {
        out.add(cps.slice(cps.length - PIECE).join(''));
        break;
      }
      out.add(cps.slice(i, i + PIECE).join(''));
    }
  }
  return out;
}

/** The needle's runs of word characters, each cut to STRIDE code points; undefined: none, or not well-formed text. */
function queryRuns(needle: string): string[] | undefined {
  if (/[\ud800-\udfff]/.test(needle) && !/^(?:[^\ud800-\udfff]|[\ud800-\udbff][\udc00-\udfff])*$/.test(needle)) return undefined;
  const runs = needle.toLowerCase().match(WORD());
  if (!runs) return undefined;
  return [...new Set(runs.map((r) => (r.length > STRIDE ? Array.from(r).slice(0, STRIDE).join('') : r)))];
}

/** Local document numbers of `seg` whose words contain every run. */
function matchSegment(seg: Segment, runs: string[]): number[] {
  let docs: Set<number> | undefined;
  for (const run of runs) {
    const found = new Set<number>();
    for (let p = seg.dict.indexOf(run); p >= 0; ) {
      const w = wordAt(seg.starts, p);
      for (const d of decodePostings(seg.postings(), seg.offsets[w], seg.offsets[w + 1])) if (!docs || docs.has(d)) found.add(d);
      p = seg.dict.indexOf(run, seg.starts[w + 1]);
    }
    docs = found;
    if (!docs.size) return [];
  }
  return [...(docs ?? [])];
}

/** The word whose text holds position p of the dictionary (binary search of the starts). */
function wordAt(starts: Uint32Array, p: number): number {
  let lo = 0;
  let hi = starts.length - 2;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= p) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

function decodePostings(buf: Buffer, from: number, to: number): number[] {
  const out: number[] = [];
  let prev = -1;
  for (let i = from; i < to; ) {
    let v = 0;
    let shift = 0;
    let b: number;
    do {
      if (i >= to) throw new Error('postings cut short');
      b = buf[i++];
      v += (b & 0x7f) * 2 ** shift;
      shift += 7;
    } while (b & 0x80);
    prev = prev + v + 1;
    out.push(prev);
  }
  return out;
}

function readManifest(dir: string): Manifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Manifest;
    if (m.version !== SEARCH_INDEX_VERSION || !Array.isArray(m.segments)) return undefined;
    if (!m.segments.every((s) => typeof s.name === 'string' && /^[0-9a-z-]+$/.test(s.name) && Number.isSafeInteger(s.docs))) return undefined;
    return m;
  } catch {
    return undefined;
  }
}

/**
 * Three files a segment: NAME.docs (blob ids, one a line), NAME.dict (the words, one a
 * line) and NAME.post: u32 n, u32 starts[n+1], u32 offsets[n+1], then the postings
 * (each word's document numbers, ascending, as varint gaps). .docs is written last:
 * it is what says a segment exists.
 */
function writeSegment(dir: string, name: string, seg: Segment): void {
  mkdirSync(dir, { recursive: true });
  const n = seg.starts.length - 1;
  const head = Buffer.alloc(4 + 8 * (n + 1));
  head.writeUInt32LE(n, 0);
  for (let i = 0; i <= n; i++) {
    head.writeUInt32LE(seg.starts[i], 4 + 4 * i);
    head.writeUInt32LE(seg.offsets[i], 4 + 4 * (n + 1) + 4 * i);
  }
  writeAtomic(join(dir, `${name}.post`), Buffer.concat([head, seg.postings()]));
  writeAtomic(join(dir, `${name}.dict`), seg.dict);
  writeAtomic(join(dir, `${name}.docs`), seg.docs.text);
}

function readSegment(dir: string, name: string): Segment {
  const docs = DocTable.parse(readFileSync(join(dir, `${name}.docs`), 'utf8'));
  const dict = readFileSync(join(dir, `${name}.dict`), 'utf8');
  const path = join(dir, `${name}.post`);
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    const nb = Buffer.alloc(4);
    readSync(fd, nb, 0, 4, 0);
    const n = nb.readUInt32LE(0);
    if (4 + 8 * (n + 1) > size) throw new Error('segment cut short');
    // Read straight into the arrays (a loop of readUInt32LE cost 2 ms at 2,000 words).
    const starts = new Uint32Array(n + 1);
    const offsets = new Uint32Array(n + 1);
    for (const [arr, at] of [[starts, 4], [offsets, 4 + 4 * (n + 1)]] as const) {
      const view = Buffer.from(arr.buffer, arr.byteOffset, arr.byteLength);
      if (readSync(fd, view, 0, view.length, at) !== view.length) throw new Error('segment cut short');
      if (!LITTLE_ENDIAN) view.swap32();
    }

    // The sizes agree, so a damaged file fails here, once, and not in the middle of a search.
    if (starts[n] !== dict.length || 4 + 8 * (n + 1) + offsets[n] !== size) throw new Error('dictionary and postings disagree');
    let postings: Buffer | undefined;
    return {
      docs,
      dict,
      starts,
      offsets,
      postings: () => (postings ??= readFileSync(path).subarray(4 + 8 * (n + 1))),
    };
  } finally {
    closeSync(fd);
  }
}

function readable(dir: string, name: string): boolean {
  try {
    readSegment(dir, name);
    return true;
  } catch {
    return false;
  }
}

/** The file's numbers are little-endian, as on every machine Node runs on but s390x. */
const LITTLE_ENDIAN = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;

/**
 * A segment's documents: blob ids, sorted, one a line, all of one length. Kept as the
 * file's text and searched in place: making a string of each of 10,000 ids and a Set of
 * them cost 4 ms of every search; a binary search of 200 ids costs a tenth of that.
 */
class DocTable {
  private constructor(
    readonly text: string,
    private readonly width: number,
    readonly size: number,
  ) {}

  static parse(text: string): DocTable {
    if (!text) return new DocTable('', 1, 0);
    const w = text.indexOf('\n') < 0 ? text.length : text.indexOf('\n');
    if (w < 1 || (text.length + 1) % (w + 1) !== 0) throw new Error('document ids of different lengths');
    const size = (text.length + 1) / (w + 1);
    for (let i = 1; i < size; i++) if (text.charCodeAt(i * (w + 1) - 1) !== 10) throw new Error('document ids of different lengths');
    return new DocTable(text, w, size);
  }

  at(i: number): string {
    return this.text.slice(i * (this.width + 1), i * (this.width + 1) + this.width);
  }

  /** After this many lookups a Set of every id pays for itself (`search --all`). */
  private lookups = 0;
  private set?: Set<string>;

  has(blob: string): boolean {
    if (blob.length !== this.width) return false;
    if (this.set) return this.set.has(blob);
    if (++this.lookups > 256) {
      this.set = new Set(Array.from({ length: this.size }, (_, i) => this.at(i)));
      return this.set.has(blob);
    }
    let lo = 0;
    let hi = this.size - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const id = this.at(mid);
      if (id === blob) return true;
      if (id < blob) lo = mid + 1;
      else hi = mid - 1;
    }
    return false;
  }
}

function removeSegment(dir: string, name: string): void {
  for (const ext of ['docs', 'dict', 'post']) rmSync(join(dir, `${name}.${ext}`), { force: true });
}
