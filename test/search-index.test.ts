import fc from 'fast-check';
import { existsSync, readdirSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SearchIndex } from '../src/cache/search-index';
import { kiroSession, makeRepo, runCli, testEnv, tmp, type Repo } from './helpers/repo';

/** What search matches: the needle, lower-cased, inside the lower-cased text. */
const contains = (text: string, needle: string) => text.toLowerCase().includes(needle.toLowerCase());
const blobOf = (i: number) => i.toString(16).padStart(40, '0');
const manifest = (dir: string) => JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as { segments: { name: string; docs: number }[] };

// Letters of several scripts and cases (Greek final sigma, dotted I, ß), digits, an
// emoji (a surrogate pair), punctuation and spaces: what word boundaries are made of.
const char = fc.constantFrom(...'abcxyzABCXYZ0129_ ÉéßİıΣσςΑ😀-./:!?\n\t'.match(/./gsu)!);
const text = fc.array(char, { maxLength: 120 }).map((a) => a.join(''));
// One long word (a hash, base64): letters and digits only, with a letter outside the BMP.
const longWord = fc.array(fc.constantFrom(...'abcdef0123𝒜'.match(/./gu)!), { minLength: 60, maxLength: 200 }).map((a) => a.join(''));

describe('the search index answers a superset of what search finds, and narrows it', () => {
  test('every needle found in a conversation names it (random texts, segments and merges)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(text, longWord, fc.tuple(text, longWord, text).map((t) => t.join(' '))), { minLength: 1, maxLength: 12 }),
        fc.array(fc.tuple(fc.nat(11), fc.nat(200), fc.nat(40)), { maxLength: 12 }),
        fc.array(text, { maxLength: 4 }),
        fc.integer({ min: 1, max: 12 }),
        (docs, cuts, others, perSegment) => {
          const dir = tmp('kiro-index-');
          const index = new SearchIndex(dir);
          // In several segments, so that merges happen along the way.
          for (let i = 0; i < docs.length; i += perSegment) {
            const b = index.builder();
            docs.slice(i, i + perSegment).forEach((d, j) => b.add(blobOf(i + j), d));
            index.commit(b);
          }
          const fresh = new SearchIndex(dir); // what the next command reads from disk
          const needles = [...cuts.map(([d, at, len]) => Array.from(docs[d % docs.length]).slice(at % 60, (at % 60) + len).join('')), ...others];
          for (const needle of needles.filter((n) => n.length)) {
            const c = fresh.candidates(needle);
            docs.forEach((d, i) => {
              if (contains(d, needle) && c) expect([needle, d, c.has(blobOf(i))]).toEqual([needle, d, true]);
            });
          }
          rmSync(dir, { recursive: true, force: true });
        },
      ),
      { numRuns: 300 },
    );
  });

  test('a word in no conversation has no candidate; a word in one has that one', () => {
    const dir = tmp('kiro-index-');
    const index = new SearchIndex(dir);
    const b = index.builder();
    b.add(blobOf(1), 'The migration of the database schema');
    b.add(blobOf(2), 'a flaky test in CI, fixed with a retry: npm test -- --runInBand');
    b.add(blobOf(3), `an image: ${'QUJD'.repeat(100)}xyzzy${'ZGVm'.repeat(50)}`);
    index.commit(b);
    const at = new SearchIndex(dir);
    expect(at.candidates('zyzzyvax')).toEqual(new Set());
    expect(at.candidates('MIGRATION')).toEqual(new Set([blobOf(1)]));
    expect(at.candidates('ratio')).toEqual(new Set([blobOf(1)])); // inside a word
    expect(at.candidates('npm test -- --run')).toEqual(new Set([blobOf(2)]));
    expect(at.candidates('the database')).toEqual(new Set([blobOf(1)]));
    expect(at.candidates('xyzzy')).toEqual(new Set([blobOf(3)])); // inside a 600-character word
    expect(at.candidates('--- ...')).toBeUndefined(); // no word character: cannot narrow
    expect(at.has(blobOf(2))).toBe(true);
    expect(at.has(blobOf(4))).toBe(false);
  });

  test('segments are merged past eight, size-tiered, and what they held stays found', () => {
    const dir = tmp('kiro-index-');
    const index = new SearchIndex(dir);
    for (let i = 0; i < 30; i++) {
      const b = index.builder();
      b.add(blobOf(i), `note number${i}z of thirty`);
      index.commit(b);
      expect(manifest(dir).segments.length).toBeLessThanOrEqual(8);
    }
    const at = new SearchIndex(dir);
    for (let i = 0; i < 30; i++) expect(at.candidates(`number${i}z`)).toEqual(new Set([blobOf(i)]));
    expect(manifest(dir).segments.reduce((n, s) => n + s.docs, 0)).toBe(30);
    // Only the segments the manifest names are on disk.
    const named = new Set(manifest(dir).segments.map((s) => s.name));
    expect(new Set(readdirSync(dir).filter((f) => f.endsWith('.docs')).map((f) => f.slice(0, -5)))).toEqual(named);
  });

  test('a damaged segment: nothing narrowed (search reads everything), and the next write drops it', () => {
    const dir = tmp('kiro-index-');
    const index = new SearchIndex(dir);
    const b = index.builder();
    b.add(blobOf(1), 'alpha beta');
    index.commit(b);
    const [seg] = manifest(dir).segments;
    truncateSync(join(dir, `${seg.name}.post`), 6);
    const damaged = new SearchIndex(dir);
    expect(damaged.candidates('alpha')).toBeUndefined();
    const b2 = damaged.builder();
    b2.add(blobOf(2), 'gamma');
    damaged.commit(b2);
    const after = new SearchIndex(dir);
    expect(after.candidates('gamma')).toEqual(new Set([blobOf(2)]));
    expect(after.has(blobOf(1))).toBe(false); // indexed again when next met
    writeFileSync(join(dir, 'manifest.json'), '{"version":1,"segments":[{"name":"../../etc","docs":1}]}');
    expect(new SearchIndex(dir).candidates('gamma')).toBeUndefined();
  });
});

describe('search with the index, in a repository', () => {
  let repo: Repo;
  const A = '5e000000-0000-4000-8000-00000000000a';
  const B = '5e000000-0000-4000-8000-00000000000b';
  const ids = (r: Repo, args: string[]) => JSON.parse(r.kiro(['search', ...args, '--json']).stdout).map((h: { id: string }) => h.id).sort();
  beforeAll(() => {
    repo = makeRepo();
    repo.kiro(['save', '--stdin'], { input: kiroSession(A, ['plan the albatross migration']) });
    repo.kiro(['save', '--stdin'], { input: kiroSession(B, ['fix the pelican parser']) });
  });

  test('the same answers as reading every conversation, before and after the index exists', () => {
    const index = join(repo.dir, '.git', 'kiro-sessions', 'search');
    const needles = [['albatross'], ['PELICAN'], ['the'], ['zyzzyvax'], ['?'], ['the pelican p'], ['tross migr']];
    rmSync(index, { recursive: true, force: true });
    const first = needles.map((n) => ids(repo, n));
    expect(existsSync(join(index, 'manifest.json'))).toBe(true);
    expect(needles.map((n) => ids(repo, n))).toEqual(first);
    expect(first).toEqual([[A], [B], [A, B], [], [], [B], [A]]);
  });

  test('a conversation that grows is found by its new words; a renamed title by its title', () => {
    repo.kiro(['save', '--stdin'], { input: kiroSession(A, ['plan the albatross migration', 'now the cormorant']) });
    expect(ids(repo, ['cormorant'])).toEqual([A]);
    expect(repo.kiro(['rename', B, 'Heron work']).code).toBe(0);
    expect(ids(repo, ['heron'])).toEqual([B]);
  });

  test('doctor names a damaged index and --repair drops it; search answers the same throughout', () => {
    expect(ids(repo, ['albatross'])).toEqual([A]);
    const index = join(repo.dir, '.git', 'kiro-sessions', 'search');
    for (const f of readdirSync(index).filter((n) => n.endsWith('.post'))) truncateSync(join(index, f), 3);
    const d = repo.kiro(['doctor', '--json']);
    expect(d.code).toBe(5);
    expect(JSON.parse(d.stdout).problems).toEqual([expect.objectContaining({ check: 'search-index', detail: expect.stringMatching(/segments? cannot be read$/) })]);
    expect(ids(repo, ['albatross'])).toEqual([A]); // reads everything meanwhile
    expect(repo.kiro(['doctor', '--repair']).code).toBe(0);
    expect(repo.kiro(['doctor']).code).toBe(0);
    expect(ids(repo, ['albatross'])).toEqual([A]);
    expect(existsSync(join(index, 'manifest.json'))).toBe(true); // built again by that search
  });

  test('a session another clone changed is found by what it says now', () => {
    const remote = makeRepo({ bare: true });
    repo.git('remote', 'add', 'origin', remote.dir);
    expect(repo.kiro(['push']).code).toBe(0);
    const other = makeRepo({ clone: remote.dir });
    expect(other.kiro(['pull']).code).toBe(0);
    expect(ids(other, ['grebe'])).toEqual([]); // indexes the clone's sessions
    repo.kiro(['save', '--stdin'], { input: kiroSession(B, ['fix the pelican parser', 'and the grebe lexer']) });
    expect(repo.kiro(['push']).code).toBe(0);
    expect(other.kiro(['pull']).code).toBe(0);
    expect(ids(other, ['grebe'])).toEqual([B]);
  });
});

test('outside a repository too: once indexed, a word in no session reads no conversation', () => {
  const dir = tmp('kiro-nogit-');
  const env: NodeJS.ProcessEnv = { ...testEnv(), GIT_CEILING_DIRECTORIES: dir.replace(/\/[^/]+$/, '') };
  const kiro = (args: string[], input?: string) => runCli(args, { cwd: dir, input, env });
  const ID = '5e000000-0000-4000-8000-0000000000c1';
  kiro(['save', '--stdin'], kiroSession(ID, ['the kestrel plan']));
  expect(JSON.parse(kiro(['search', 'kestrel', '--json']).stdout).map((h: { id: string }) => h.id)).toEqual([ID]);
  expect(existsSync(join(env.XDG_DATA_HOME!, 'git-kiro', 'search', 'manifest.json'))).toBe(true);
  // Its conversation gone: a search the index answers never notices; one that must read it does.
  rmSync(join(env.XDG_DATA_HOME!, 'git-kiro', 'sources', `${ID}.src`));
  const none = kiro(['search', 'zyzzyvax']);
  expect([none.code, none.stderr.trim()]).toEqual([0, `No session in ${dir} mentions "zyzzyvax"`]);
  const found = kiro(['search', 'kestrel']);
  expect(found.code).not.toBe(0);
  expect(found.stderr).toContain(`the conversation of session ${ID} is missing`);
});
