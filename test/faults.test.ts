import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KiroError } from '../src/errors';
import { parseRecord } from '../src/model/session-record';
import { parseInputs } from '../src/agents/parse-input';
import { ADAPTERS } from '../src/agents/formats';
import { CLI, ROOT, SHARED_FIXTURES, kiroSession, makeRepo, makeTrio } from './helpers/repo';

/** Figures for docs/reliability.md, written at the end of each block. */
const FIGURES = join(ROOT, 'test-artifacts', 'reliability.json');
function record(key: string, value: unknown) {
  mkdirSync(join(ROOT, 'test-artifacts'), { recursive: true });
  const all = existsSync(FIGURES) ? JSON.parse(readFileSync(FIGURES, 'utf8')) : {};
  all[key] = value;
  writeFileSync(FIGURES, JSON.stringify(all, null, 2));
}

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

const uuid = (n: number) => `f0000000-0000-4000-8000-${String(n).padStart(12, '0')}`;



describe('processes killed at random points', () => {
  test('200 kills during save, merge and push: always readable, nothing lost but the write in flight', async () => {
    const { a, b } = makeTrio();
    const random = rng(7);
    const savedHere = new Set<string>(); // saves in A that exited 0: must always be listed
    const pushedByB = new Set<string>(); // sessions B pushed: listed in A once a pull of A succeeds
    const mustBeHere = new Set<string>();
    let killedMidway = 0;
    let lost = 0;
    let n = 0;
    const ops = ['save', 'pull', 'push'] as const;
    for (let i = 0; i < 200; i++) {
      const op = ops[i % 3];
      let input = '';
      let id = '';
      if (op === 'save') {
        id = uuid(++n);
        input = kiroSession(id, [`turn ${i}`, 'x'.repeat(Math.floor(random() * 20000))]);
      } else if (op === 'pull' && i % 9 === 1) {
        // Something to merge: B adds a session and pushes it.
        const other = uuid(100000 + i);
        b.kiro(['save', '--stdin'], { input: kiroSession(other, [`from b ${i}`]) });
        if (b.kiro(['push']).code === 0) pushedByB.add(other);
      }
      const args = op === 'save' ? ['save', '--stdin'] : [op];
      const delay = Math.floor(random() * 250);
      const code = await new Promise<number | null>((res) => {
        const child = spawn(process.execPath, [CLI, ...args], { cwd: a.dir, env: a.env });
        const t = setTimeout(() => child.kill('SIGKILL'), delay);
        child.on('close', (c, sig) => {
          clearTimeout(t);
          res(sig ? null : c);
        });
        child.stdin.end(input);
      });
      if (code === null) killedMidway++;
      else if (code === 0 && op === 'save') {
        savedHere.add(id);
        mustBeHere.add(id);
      }
      else if (code === 0 && op === 'pull') for (const x of pushedByB) mustBeHere.add(x);
      // Readable, and everything confirmed so far is here.
      const list = a.kiro(['list', '--all', '--json']);
      expect(list.code).toBe(0);
      const here = new Set(JSON.parse(list.stdout).map((s: { id: string }) => s.id));
      for (const c of mustBeHere) if (!here.has(c)) lost++;
    }
    // At the end, one clean sync brings in everything B pushed, and nothing was lost.
    expect(a.kiro(['sync']).code).toBe(0);
    const final = new Set(JSON.parse(a.kiro(['list', '--all', '--json']).stdout).map((s: { id: string }) => s.id));
    const missing = [...savedHere, ...pushedByB].filter((c) => !final.has(c));
    execFileSync('git', ['fsck', '--no-dangling'], { cwd: a.dir, env: a.env, stdio: 'pipe' });
    const doc = a.kiro(['doctor', '--json']);
    expect(doc.code === 0 ? 'healthy' : doc.stdout).toBe('healthy'); // else: what doctor found
    record('kills', { iterations: 200, killedMidway, confirmedSessions: savedHere.size + pushedByB.size, lostDuringRun: lost, missingAtEnd: missing.length });
    expect(lost).toBe(0);
    expect(missing).toEqual([]);
    expect(killedMidway).toBeGreaterThan(50); // the kills really did land mid-way
  }, 300_000);
});

describe('a full disk during a write', () => {
  // A small tmpfs as the disk; needs root and mount rights, so it may be impossible here.
  const mountPoint = mkdtempSync(join(tmpdir(), 'kiro-tmpfs-'));
  let mounted = false;
  beforeAll(() => {
    mounted = spawnSync('mount', ['-t', 'tmpfs', '-o', 'size=3m', 'tmpfs', mountPoint]).status === 0;
    if (!mounted) console.warn('full-disk test skipped: cannot mount a tmpfs here (needs root and mount rights)');
  });
  afterAll(() => {
    if (mounted) spawnSync('umount', [mountPoint]);
    rmSync(mountPoint, { recursive: true, force: true });
  });
  test('the save fails with one line, the store stays intact, and works again with space', () => {
    if (!mounted) return; // said above, once
    const repo = makeRepo({ dir: join(mountPoint, 'repo') });
    const first = uuid(1);
    expect(repo.kiro(['save', '--stdin'], { input: kiroSession(first, ['before the disk filled']) }).code).toBe(0);
    const tipBefore = repo.git('rev-parse', 'refs/notes/kiro');
    // Fill the disk, leaving a few KB.
    const filler = join(mountPoint, 'filler');
    const big = Buffer.alloc(64 * 1024, 1);
    try {
      for (;;) writeFileSync(filler, big, { flag: 'a' });
    } catch {
      /* ENOSPC: full */
    }
    const r = repo.kiro(['save', '--stdin'], { input: kiroSession(uuid(2), ['y'.repeat(400_000)]) });
    expect(r.code).not.toBe(0);
    const lines = r.stderr.split('\n').filter(Boolean);
    expect(lines[0]).toMatch(/^error: .*(No space|ENOSPC|write error|failed)/i);
    expect(lines.length).toBeLessThanOrEqual(2);
    expect(repo.git('rev-parse', 'refs/notes/kiro')).toBe(tipBefore);
    rmSync(filler);
    expect(JSON.parse(repo.kiro(['load', first]).stdout).conversation_id).toBe(first);
    expect(repo.kiro(['save', '--stdin'], { input: kiroSession(uuid(3), ['after']) }).code).toBe(0);
    record('fullDisk', { tested: true, tmpfs: '3 MiB', sessionsLost: 0 });
  });
});

describe('garbage and hostile notes from a remote', () => {
  test('skipped with a warning, the rest works, in bounded time and memory', () => {
    const { remote, a, b } = makeTrio();
    const good = uuid(1);
    b.kiro(['save', '--stdin'], { input: kiroSession(good, ['a good session']) });
    const blob = (s: string) => execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: b.dir, input: s, encoding: 'utf8' }).trim();
    const hostile: Record<string, string> = {
      garbage: 'not json at all \u0000\u0001',
      huge: JSON.stringify({ version: 1, id: uuid(2), title: 'x'.repeat(30 * 1024 * 1024) }),
      deep: `${'['.repeat(200_000)}${']'.repeat(200_000)}`,
      wrongTypes: JSON.stringify({ version: 1, id: 42, title: ['no'], scope: null, createdAt: {}, updatedAt: 1, messageCount: 'many', preview: 0, source: 'nope' }),
      future: JSON.stringify({ version: 99, id: uuid(3) }),
    };
    for (const [name, content] of Object.entries(hostile)) {
      execFileSync('git', ['notes', '--ref=kiro', 'add', '-f', '-F', '-', blob(`kiro-session ${name}\n`)], { cwd: b.dir, input: content });
    }
    execFileSync('git', ['push', '-q', 'origin', 'refs/notes/kiro'], { cwd: b.dir, env: b.env });
    void remote;
    const started = Date.now();
    const pull = spawnSync(process.execPath, ['--max-old-space-size=256', CLI, 'pull'], { cwd: a.dir, env: a.env, encoding: 'utf8' });
    expect(pull.status).toBe(0);
    const list = spawnSync(process.execPath, ['--max-old-space-size=256', CLI, 'list', '--json'], { cwd: a.dir, env: a.env, encoding: 'utf8' });
    const elapsed = Date.now() - started;
    expect(list.status).toBe(0);
    expect(JSON.parse(list.stdout).map((s: { id: string }) => s.id)).toEqual([good]);
    expect(list.stderr).toContain('warning: 5 notes in refs/notes/kiro could not be read and were skipped (git kiro doctor)');
    expect(elapsed).toBeLessThan(60_000); // a hang guard, not a performance target
    record('hostileNotes', { kinds: Object.keys(hostile), heapLimitMiB: 256, pullAndListMs: elapsed, sessionsLost: 0 });
  });
});

describe('every parser, fuzzed', () => {
  /** Seeds: the project's own fixtures and the shared real files. */
  function seeds(): { name: string; bytes: Buffer }[] {
    const out: { name: string; bytes: Buffer }[] = [];
    const walk = (dir: string) => {
      for (const n of readdirSync(dir, { withFileTypes: true })) {
        const p = join(dir, n.name);
        if (n.isDirectory()) walk(p);
        else if (/\.(json|jsonl|md)$/.test(n.name) && n.name !== 'README.md') out.push({ name: p, bytes: readFileSync(p) });
      }
    };
    walk(join(ROOT, 'fixtures'));
    if (existsSync(SHARED_FIXTURES)) walk(SHARED_FIXTURES);
    // Small seeds: mutations of a 300 KB file test nothing a 30 KB one does not, slower.
    return out.filter((s) => s.bytes.length < 40_000);
  }

  function mutate(b: Buffer, r: () => number): Buffer {
    const s = Buffer.from(b);
    const kind = Math.floor(r() * 6);
    const at = Math.floor(r() * s.length);
    if (kind === 0) return s.subarray(0, at); // truncated
    if (kind === 1) {
      for (let k = 0; k < 1 + Math.floor(r() * 8); k++) s[Math.floor(r() * s.length)] = Math.floor(r() * 256); // corrupted bytes
      return s;
    }
    const text = s.toString('utf8');
    if (kind === 2) return Buffer.from(text.replace(/"[^"\\]{0,40}"/g, (m) => (r() < 0.1 ? ['1', 'null', '[]', '{}', 'true', '"x"', '-1e309'][Math.floor(r() * 7)] : m))); // wrong types
    if (kind === 3) {
      const lines = text.split('\n');
      const i = Math.floor(r() * lines.length);
      lines.splice(i, r() < 0.5 ? 1 : 0, r() < 0.5 ? lines[Math.floor(r() * lines.length)] : '{"type":"user","message":42}');
      return Buffer.from(lines.join('\n')); // lines dropped, duplicated, foreign
    }
    if (kind === 4) return Buffer.from(`${'['.repeat(Math.floor(r() * 5000))}${text.slice(0, at)}`); // deep nesting
    return Buffer.from(JSON.stringify(randomValue(r, 0))); // random JSON
  }

  function randomValue(r: () => number, depth: number): unknown {
    const k = Math.floor(r() * (depth > 4 ? 4 : 7));
    if (k === 0) return null;
    if (k === 1) return r() * 1e6;
    if (k === 2) return ['', 'conversation_id', 'history', 'user', 'Prompt', 'session_meta'][Math.floor(r() * 6)];
    if (k === 3) return r() < 0.5;
    if (k === 4) return Array.from({ length: Math.floor(r() * 4) }, () => randomValue(r, depth + 1));
    const keys = ['conversation_id', 'history', 'valid_history_range', 'transcript', 'tools', 'format', 'log_entries', 'messages', 'sessionId', 'type', 'payload', 'version', 'id', 'title', 'source'];
    return Object.fromEntries(Array.from({ length: Math.floor(r() * 6) }, () => [keys[Math.floor(r() * keys.length)], randomValue(r, depth + 1)]));
  }

  test('10,000 generated inputs for each parser: no crash, no hang, a clear error each time', () => {
    const r = rng(42);
    const all = seeds();
    const counts: Record<string, { inputs: number; parsed: number; rejected: number; crashes: number; slowestMs: number }> = {};
    const parsers: [string, (b: Buffer, name: string) => void][] = [
      ['auto-detect', (b, name) => parseInputs({ name, bytes: b }, 'auto')],
      ...ADAPTERS.map((a) => [a.name, (b: Buffer, name: string) => {
        a.normalise(b); // never throws
        parseInputs({ name, bytes: b }, a.name);
      }] as [string, (b: Buffer, name: string) => void]),
      ['session-record', (b, name) => parseRecord(b, name)],
    ];
    for (const [name, parse] of parsers) {
      const c = (counts[name] = { inputs: 0, parsed: 0, rejected: 0, crashes: 0, slowestMs: 0 });
      for (let i = 0; i < 10_000; i++) {
        const seed = all[Math.floor(r() * all.length)];
        const input = mutate(seed.bytes, r);
        const t = Date.now();
        try {
          parse(input, 'fuzz');
          c.parsed++;
        } catch (e) {
          if (e instanceof KiroError && e.message.length > 0 && !e.message.includes('\n')) c.rejected++;
          else {
            c.crashes++;
            if (c.crashes < 3) console.error(name, e);
          }
        }
        c.slowestMs = Math.max(c.slowestMs, Date.now() - t);
        c.inputs++;
      }
    }
    record('fuzz', counts);
    for (const c of Object.values(counts)) {
      expect(c.inputs).toBe(10_000);
      expect(c.crashes).toBe(0);
    }
  }, 300_000);
});
