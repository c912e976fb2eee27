import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errLines, kiroSession, makeRepo, tmp, type Repo } from './helpers/repo';

/** The notes ref and the whole object store: a failed command must change neither. */
function storeState(repo: Repo): string {
  const ref = (() => {
    try {
      return repo.git('rev-parse', 'refs/notes/kiro');
    } catch {
      return 'none';
    }
  })();
  return `${ref} ${repo.git('count-objects')}`;
}

describe('bad input never changes the store and gets one clear line', () => {
  let repo: Repo;
  let before: string;
  beforeAll(() => {
    repo = makeRepo();
    expect(repo.kiro(['save', '--stdin'], { input: kiroSession(randomUUID(), ['existing']) }).code).toBe(0);
  });
  beforeEach(() => {
    before = storeState(repo);
  });
  afterEach(() => {
    expect(storeState(repo)).toBe(before);
  });

  const cases: [string, string[], string | Buffer | undefined, number, RegExp][] = [
    ['invalid JSON', ['save', '--stdin'], '{\n  "conversation_id": "x",\n  "history": [,]\n}', 4, /^error: stdin:3:15: invalid JSON: unexpected ","/],
    ['valid JSON of the wrong shape', ['save', '--stdin'], JSON.stringify({ conversation_id: randomUUID(), history: [], valid_history_range: [0, 0], transcript: 'x', tools: {} }), 4, /^error: stdin: transcript: expected an array, got a string$/],
    ['a missing required field', ['save', '--stdin'], JSON.stringify({ conversation_id: randomUUID(), history: [], valid_history_range: [0, 0], transcript: [] }), 4, /^error: stdin: tools: missing \(expected an object\)$/],
    ['JSON that is no session at all', ['save', '--stdin'], '[1, 2, 3]', 4, /^error: stdin: not a recognised session format$/],
    ['empty stdin', ['save', '--stdin'], '', 4, /^error: stdin: input is empty; expected a session$/],
    ['non-UTF-8 bytes', ['save', '--stdin'], Buffer.concat([Buffer.from('{"conversation_id": "'), Buffer.from([0xc3, 0x28]), Buffer.from('"}')]), 4, /^error: stdin:1:22: not valid UTF-8 \(byte 21, 0xc3\)$/],
    ['a conversation id that is not a UUID', ['save', '--stdin'], kiroSession('not-a-uuid', ['x']), 4, /^error: stdin: conversation_id: session id 'not-a-uuid' is not a UUID$/],
    ['an unknown id', ['load', 'ffffffff-0000-4000-8000-000000000000'], undefined, 3, /^error: Chat session 'ffffffff-0000-4000-8000-000000000000' not found$/],
    ['an unknown id prefix', ['show', 'fffff'], undefined, 3, /^error: Chat session 'fffff' not found$/],
    ['an unknown command', ['frobnicate'], undefined, 2, /^error: Unknown argument: frobnicate$/],
  ];

  test.each(cases)('%s', (_name, args, input, code, message) => {
    const r = repo.kiro(args, { input });
    expect(r.code).toBe(code);
    expect(errLines(r)[0]).toMatch(message);
    expect(errLines(r).length).toBeLessThanOrEqual(2); // the line, and at most a hint
  });

  test('a path that is a directory', () => {
    const dir = join(tmp(), 'session.json');
    mkdirSync(dir);
    const r = repo.kiro(['save', '--file', dir]);
    expect(r.code).toBe(4);
    expect(errLines(r)[0]).toBe(`error: ${dir}: is a directory, not a session file`);
  });

  test('a file that does not exist', () => {
    const r = repo.kiro(['save', '--file', '/nonexistent/x']);
    expect(r.code).toBe(3);
    expect(errLines(r)[0]).toBe('error: File not found: /nonexistent/x (also tried /nonexistent/x.json)');
  });

  test('a 105 MB session is refused (hosts refuse 100 MB objects): one line, a hint, nothing stored', () => {
    const big = Buffer.concat([Buffer.from('{"conversation_id": "'), Buffer.alloc(105_000_000, 'a'), Buffer.from('"}')]);
    const r = repo.kiro(['save', '--stdin'], { input: big });
    expect(r.code).toBe(4);
    expect(errLines(r)[0]).toMatch(/^error: stdin: session is 105\.0 MB; the limit is 95 MB$/);
    expect(errLines(r)[1]).toMatch(/^hint: git hosts refuse objects of 100 MB/);
  });
});

test('a 50 MB session is stored and comes back byte for byte', () => {
  const repo = makeRepo();
  const id = randomUUID();
  // The prompt appears three times (history, transcript, answer): ~52 MB in all.
  const big = kiroSession(id, ['a large paste: ' + 'lorem ipsum dolor sit amet '.repeat(650_000)]);
  expect(big.length).toBeGreaterThan(50_000_000);
  const file = join(tmp(), 'big.json');
  writeFileSync(file, big);
  const saved = repo.kiro(['save', '--file', file]);
  expect(saved.code).toBe(0);
  expect(saved.stderr).toMatch(/^warning: this session is \d+\.\d MB; some git hosts refuse objects under 100 MB, and git-kiro stops at 95 MB$/m);
  const back = repo.kiro(['load', id]);
  expect(back.code).toBe(0);
  expect(back.out.length).toBe(Buffer.byteLength(big));
  expect(back.stdout === big).toBe(true);
});

test("a repository with Kiro's documented refs/notes/kiro/notes: a clear message, nothing changed", () => {
  const repo = makeRepo();
  repo.git('notes', '--ref=kiro/notes', 'add', '-m', 'from the docs example', 'HEAD');
  const r = repo.kiro(['save', '--stdin'], { input: kiroSession(randomUUID(), ['x']) });
  expect(r.code).toBe(5);
  expect(errLines(r)[0]).toBe("error: cannot create refs/notes/kiro: refs/notes/kiro/notes exists (Kiro's git-notes example writes it)");
  expect(errLines(r)[1]).toMatch(/^hint: move it aside: git update-ref refs\/notes\/kiro-docs refs\/notes\/kiro\/notes/);
  expect(repo.git('for-each-ref', '--format=%(refname)', 'refs/notes/')).toBe('refs/notes/kiro/notes');
});
