import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { keyBlobContent } from '../src/store/notes-layout';
import { kiroSession, makeRepo, makeTrio, serving, tmp, type Repo } from './helpers/repo';

// Issue 13: what a remote holds is a stranger's. Each case was reproduced on the
// previous main; each test here failed there.

const save = (r: Repo, id: string, prompts: string[], extra: Record<string, unknown> = {}) => {
  const out = r.kiro(['save', '--stdin'], { input: kiroSession(id, prompts, extra) });
  expect(out.code).toBe(0);
};
const listed = (r: Repo) => JSON.parse(r.kiro(['list', '--all', '--json']).stdout) as { id: string; title: string; messageCount: number }[];

/** Writes a note for session `id` as anyone with push access could: raw git notes, any JSON. */
function craftNote(r: Repo, id: string, note: object | string): void {
  const obj = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: r.dir, env: r.env, input: keyBlobContent(id) }).toString().trim();
  execFileSync('git', ['notes', '--ref=kiro', 'add', '-f', '-F', '-', obj], { cwd: r.dir, env: r.env, input: typeof note === 'string' ? note : JSON.stringify(note) });
}

const record = (id: string, over: Record<string, unknown> = {}) => ({
  version: 1,
  id,
  title: 'crafted',
  scope: '',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
  messageCount: 2,
  preview: 'crafted',
  source: { format: 'kiro-v1', blob: 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391', size: 0 },
  ...over,
});

describe('remote content is a stranger\'s', () => {
  test('1. a source.blob with a newline: refused at the boundary; the clone keeps every session; doctor names it', () => {
    const { a, b } = makeTrio();
    const ids = Array.from({ length: 6 }, () => randomUUID());
    ids.forEach((id, i) => save(a, id, [`session ${i}`]));
    expect(a.kiro(['push']).code).toBe(0);
    expect(b.kiro(['pull']).code).toBe(0);
    craftNote(b, ids[0], record(ids[0], { source: { format: 'kiro-v1', blob: 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\nHEAD', size: 1 } }));
    b.git('push', '-q', '-f', 'origin', 'refs/notes/kiro');
    expect(a.kiro(['pull']).code).toBe(0);
    expect(listed(a).map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(a.kiro(['show', ids[0], '--json']).code).toBe(0);
    const d = b.kiro(['doctor']);
    expect(d.code).toBe(5);
    expect(d.stdout).toContain('source.blob: expected a full object id');
    // And the next push from A leaves every session on the remote.
    expect(a.kiro(['push']).code).toBe(0);
    const c = makeRepo({ clone: a.git('remote', 'get-url', 'origin') });
    expect(c.kiro(['pull']).code).toBe(0);
    expect(listed(c)).toHaveLength(6);
  });

  test('2. a source.blob naming a revision (a branch\'s secret file) is never read: fork refuses, nothing is copied', () => {
    const { b } = makeTrio();
    b.git('checkout', '-q', '-b', 'wip');
    writeFileSync(join(b.dir, 'secret.txt'), 'TOPSECRET-4242');
    b.git('add', 'secret.txt');
    b.git('commit', '-q', '-m', 'secret');
    b.git('checkout', '-q', 'main');
    const fake = randomUUID();
    craftNote(b, fake, record(fake, { share: { session: fake, sharedBy: { name: 'x', email: '' }, sharedAt: '2026-01-01T00:00:00.000Z' }, source: { format: 'kiro-v1', blob: 'refs/heads/wip:secret.txt', size: 14 } }));
    const r = b.kiro(['fork', fake]);
    expect(r.code).not.toBe(0);
    expect(b.kiro(['list', '--all']).stdout).not.toContain('TOPSECRET');
    const objects = b.git('log', '-p', '--format=', 'refs/notes/kiro', '--', '.');
    expect(objects).not.toContain('TOPSECRET');
  });

  test('3. a forced remote history of tombstones dated 9999, marked purged, deletes nothing it never saw', () => {
    const { a, b } = makeTrio();
    const ids = [randomUUID(), randomUUID()];
    ids.forEach((id) => save(a, id, ['pushed']));
    expect(a.kiro(['push']).code).toBe(0);
    save(a, ids[0], ['pushed', 'a turn never pushed']);
    // B replaces the remote's history with tombstones for everything.
    b.git('update-ref', '-d', 'refs/notes/kiro');
    for (const id of ids) craftNote(b, id, { version: 1, id, deleted: true, deletedAt: '9999-12-31T00:00:00.000Z', lastUpdatedAt: '9999-12-31T00:00:00.000Z', purged: true });
    b.git('push', '-q', '-f', 'origin', 'refs/notes/kiro');
    expect(a.kiro(['pull']).code).toBe(0);
    expect(listed(a).map((s) => s.id).sort()).toEqual([...ids].sort());
    expect(JSON.parse(a.kiro(['show', ids[0], '--json']).stdout).messages.map((m: { text: string }) => m.text)).toContain('a turn never pushed');
    // Not purged from history either: the first version is still there.
    expect(JSON.parse(a.kiro(['history', ids[1], '--json']).stdout).length).toBeGreaterThan(0);
  });

  test('4. a note under another key claiming a session\'s id shadows nothing; deleting it cannot delete the real one; doctor names it', () => {
    const repo = makeRepo();
    const real = randomUUID();
    save(repo, real, ['the real one']);
    const other = randomUUID();
    craftNote(repo, other, record(real, { title: 'IMPOSTOR' }));
    const l = listed(repo);
    expect(l.map((s) => s.id)).toEqual([real]);
    expect(l[0].title).toBe('the real one');
    const del = repo.kiro(['delete', other, '--yes']);
    expect(del.code).toBe(4);
    expect(del.stderr).toContain(`claims to be session ${real}, which is stored under another key`);
    expect(repo.kiro(['show', real]).code).toBe(0);
    expect(repo.kiro(['doctor']).stdout).toContain(`claims to be session ${real}, which is stored under another key`);
  });

  test('5. a note from a newer git-kiro against a local change: both kept, nothing dropped', () => {
    const { a, b } = makeTrio();
    const S = randomUUID();
    save(a, S, ['start']);
    expect(a.kiro(['push']).code).toBe(0);
    expect(b.kiro(['pull']).code).toBe(0);
    craftNote(b, S, record(S, { version: 99, title: 'from the future' }));
    b.git('push', '-q', '-f', 'origin', 'refs/notes/kiro');
    save(a, S, ['start', 'my new turn']);
    expect(a.kiro(['pull']).code).toBe(0);
    const mine = listed(a).find((s) => s.title.endsWith('(diverged)'));
    expect(mine).toBeDefined();
    expect(JSON.parse(a.kiro(['show', mine!.id, '--json']).stdout).messages.map((m: { text: string }) => m.text)).toContain('my new turn');
  });

  test('6. titles and conversations reach the terminal with their control characters escaped', () => {
    const repo = makeRepo();
    const S = randomUUID();
    save(repo, S, ['x'], {});
    expect(repo.kiro(['rename', S, 'evil \u001b]52;c;SGVsbG8=\u0007 \u001b[2Afake line']).code).toBe(0);
    const out = repo.kiro(['list']).stdout + repo.kiro(['show', S]).stdout;
    expect(out).not.toContain('\u001b]52');
    expect(out).not.toContain('\u001b[2A');
    expect(out).toContain('^[]52;c;SGVsbG8=\\x07');
  });

  test('7. input nested 5,000 deep is refused where it is, and the store is untouched', () => {
    const repo = makeRepo();
    const S = randomUUID();
    const deep = `${'['.repeat(5000)}${']'.repeat(5000)}`;
    const doc = kiroSession(S, ['x']).replace('"tools": {}', `"tools": {"deep": ${deep}}`);
    const r = repo.kiro(['save', '--stdin'], { input: doc });
    expect(r.code).toBe(4);
    expect(r.stderr).toMatch(/^error: stdin:\d+:\d+: nested deeper than 200 levels/);
    expect(spawnSync('git', ['rev-parse', '-q', '--verify', 'refs/notes/kiro'], { cwd: repo.dir }).status).not.toBe(0);
  });
});

describe('races and crashes outside save', () => {
  test('8. rename racing saves loses no turn (20 rounds)', async () => {
    const repo = makeRepo();
    const S = randomUUID();
    save(repo, S, ['t0']);
    for (let i = 1; i <= 20; i++) {
      const turns = Array.from({ length: i + 1 }, (_, k) => `t${k}`);
      // Renames started at staggered moments after the save, so that in some rounds the
      // save lands between a rename's read and its write.
      const saving = repo.kiroAsync(['save', '--stdin'], { input: kiroSession(S, turns) });
      const renames = [0, 1, 2].map((k) => new Promise((r) => setTimeout(r, ((i * 7 + k * 23) % 60) + 10)).then(() => repo.kiroAsync(['rename', S, `title ${i}.${k}`])));
      for (const r of await Promise.all([saving, ...renames])) expect(r.code).toBe(0);
      // The conversation itself (not only the count in the record) has every turn.
      expect(JSON.parse(repo.kiro(['show', S, '--json']).stdout).messages).toHaveLength(2 * (i + 1));
    }
  });

  test('9. a private session in both stores (a kill during `private on`) is never pushed', () => {
    const { remote, a } = makeTrio();
    const S = randomUUID();
    save(a, S, ['keep me here']);
    // What a kill between the two steps leaves: the private copy written, the notes not yet cleaned.
    const dir = join(a.dir, '.git', 'kiro-private');
    mkdirSync(join(dir, 'sessions'), { recursive: true });
    mkdirSync(join(dir, 'sources'), { recursive: true });
    const rec = JSON.parse(a.kiro(['load', S, '--format', 'native']).stdout).session;
    writeFileSync(join(dir, 'sources', `${S}.src`), a.kiro(['load', S]).out);
    writeFileSync(join(dir, 'sessions', `${S}.json`), JSON.stringify({ ...rec, private: true, source: { format: 'kiro-v1', blob: 'e69de29bb2d1d6434b8b29ae775ad8c2e48c5391', size: 1 } }));
    expect(a.kiro(['push']).code).toBe(0);
    const onRemote = spawnSync('git', ['log', '-p', 'refs/notes/kiro'], { cwd: remote.dir, encoding: 'utf8' }).stdout;
    expect(onRemote).not.toContain('keep me here');
  });

  test('9. `private on` racing a save loses no turn, and the notes keep none of it (10 rounds)', async () => {
    const repo = makeRepo();
    for (let i = 0; i < 10; i++) {
      const S = randomUUID();
      save(repo, S, [`first ${i}`]);
      const saving = repo.kiroAsync(['save', '--stdin'], { input: kiroSession(S, [`first ${i}`, `raced ${i}`]) });
      await new Promise((r) => setTimeout(r, (i * 13) % 50));
      const [s1, p1] = await Promise.all([saving, repo.kiroAsync(['private', S, 'on'])]);
      expect(s1.code).toBe(0);
      expect(p1.code).toBe(0);
      const shown = JSON.parse(repo.kiro(['show', S, '--json']).stdout);
      expect(shown.private).toBe(true);
      expect(shown.messages.map((m: { text: string }) => m.text)).toContain(`raced ${i}`);
      const notes = spawnSync('git', ['log', '-p', '--format=', 'refs/notes/kiro'], { cwd: repo.dir, encoding: 'utf8' }).stdout;
      expect(notes).not.toContain(`raced ${i}`);
    }
  });

  test('10. the post-commit hook never re-saves a session from a file that now holds another conversation', () => {
    const repo = makeRepo();
    const A = randomUUID();
    const B = randomUUID();
    const file = join(tmp('kiro-active-'), 'session.json');
    writeFileSync(file, kiroSession(A, ['conversation A']));
    expect(repo.kiro(['save', '--file', file]).code).toBe(0);
    expect(repo.kiro(['hooks', 'install']).code).toBe(0);
    writeFileSync(file, kiroSession(B, ['conversation B']));
    writeFileSync(join(repo.dir, 'f.txt'), 'x');
    repo.git('add', 'f.txt');
    repo.git('commit', '-q', '-m', 'c');
    expect(JSON.parse(repo.kiro(['show', A, '--json']).stdout).messages[0].text).toBe('conversation A');
    expect(repo.kiro(['show', B]).code).toBe(3);
  });
});

describe('private sessions make nothing public', () => {
  test('11. no attachment, no public fork, import honours kiro.private, shares go with the session', () => {
    const repo = makeRepo();
    const S = randomUUID();
    save(repo, S, ['secret plans']);
    const share = JSON.parse(repo.kiro(['share', S, '--yes', '--json']).stdout).shareId;
    expect(repo.kiro(['private', S, 'on']).code).toBe(0);
    expect(repo.kiro(['show', share]).code).toBe(3);
    const attach = repo.kiro(['attach', S]);
    expect(attach.code).toBe(5);
    const fork = JSON.parse(repo.kiro(['fork', S, '--json']).stdout);
    expect(JSON.parse(repo.kiro(['show', fork.id, '--json']).stdout).private).toBe(true);
    repo.git('config', 'kiro.private', 'true');
    const file = join(tmp('kiro-imp-'), 'x.json');
    const I = randomUUID();
    writeFileSync(file, kiroSession(I, ['imported privately']));
    expect(repo.kiro(['import', file]).code).toBe(0);
    expect(JSON.parse(repo.kiro(['show', I, '--json']).stdout).private).toBe(true);
    // An import of a new version of a session made private: private too.
    repo.git('config', 'kiro.private', 'false');
    writeFileSync(file, kiroSession(S, ['secret plans', 'more secret plans']));
    expect(repo.kiro(['import', file]).code).toBe(0);
    const everything = spawnSync('git', ['log', '-p', 'refs/notes/kiro'], { cwd: repo.dir, encoding: 'utf8' }).stdout;
    for (const s of ['secret plans', 'imported privately']) expect(everything).not.toContain(s);
    // Not even an object nothing names (an import writes conversations ahead of its commit).
    const objects = spawnSync('git', ['cat-file', '--batch-all-objects', '--batch'], { cwd: repo.dir, maxBuffer: 1 << 28 }).stdout.toString('latin1');
    for (const s of ['imported privately', 'more secret plans']) expect(objects).not.toContain(s);
  });
});

describe('purge', () => {
  test('12. a clone that purged a session a teammate later revived can push again', () => {
    const { a, b } = makeTrio();
    const S = randomUUID();
    save(a, S, ['first']);
    expect(a.kiro(['push']).code).toBe(0);
    expect(b.kiro(['pull']).code).toBe(0);
    expect(a.kiro(['delete', S, '--yes']).code).toBe(0);
    expect(a.kiro(['purge', '--remote', 'origin', '--yes']).code).toBe(0);
    // B never saw the deletion and goes on with S: new work beats the deletion.
    save(b, S, ['first', 'revived by B']);
    expect(b.kiro(['sync']).code).toBe(0);
    expect(a.kiro(['pull']).code).toBe(0);
    expect(listed(a).map((x) => x.id)).toEqual([S]);
    save(a, randomUUID(), ['after the revival']);
    const push = a.kiro(['push']);
    expect(push.stderr).toBe(`✔ Pushed sessions to origin: 1 new, 0 updated, 0 forked, 0 deleted, 1 unchanged\n`);
    expect(push.code).toBe(0);
  });
});

describe('purge, where notes share blobs', () => {
  test('12. a purge removes the title from every commit note that held it, also when an amend copied the note', () => {
    const repo = makeRepo();
    const S = randomUUID();
    save(repo, S, ['x']);
    expect(repo.kiro(['rename', S, 'UNIQUE-TITLE-7731']).code).toBe(0);
    expect(repo.kiro(['hooks', 'install']).code).toBe(0);
    writeFileSync(join(repo.dir, 'f.txt'), '1');
    repo.git('add', 'f.txt');
    repo.git('commit', '-q', '-m', 'one');
    repo.git('commit', '-q', '--amend', '-m', 'one, amended'); // git copies the note: one blob, two commits
    expect(repo.kiro(['delete', S, '--purge', '--yes']).code).toBe(0);
    const reachable = spawnSync('git', ['log', '-p', '--format=', 'refs/notes/kiro'], { cwd: repo.dir, encoding: 'utf8' }).stdout;
    expect(reachable).not.toContain('UNIQUE-TITLE-7731');
  });
});

describe('serve and the script runner', () => {
  test('14. serve answers only to its own name (no DNS rebinding)', async () => {
    const repo = makeRepo();
    save(repo, randomUUID(), ['x']);
    await serving(repo, async (get, port) => {
      expect((await get('/', `127.0.0.1:${port}`)).status).toBe(200);
      expect((await get('/', `localhost:${port}`)).status).toBe(200);
      expect((await get('/', `evil.example:${port}`)).status).toBe(421);
      expect((await get('/', '127.0.0.1')).status).toBe(421);
    });
  });

  test('15. scripts: a setsid child holding stdout cannot hang the timeout; a background child cannot fail a good script; floods are bounded', () => {
    const repo = makeRepo();
    const dir = tmp('kiro-scripts-');
    const script = (name: string, body: string) => {
      const p = join(dir, name);
      writeFileSync(p, `#!/bin/sh\n${body}\n`);
      chmodSync(p, 0o755);
      return p;
    };
    const good = join(dir, 'good.json');
    writeFileSync(good, kiroSession(randomUUID(), ['from a script']));
    const t0 = Date.now();
    const hung = repo.kiro(['load-via-script', script('hang.sh', 'setsid sleep 30 &\nsleep 30'), '--timeout', '2']);
    expect(hung.code).toBe(6);
    expect(hung.stderr).toContain('timed out after 2 s');
    expect(Date.now() - t0).toBeLessThan(10_000);
    const bg = repo.kiro(['load-via-script', script('bg.sh', `(sleep 20 &)\ncat '${good}'`), '--timeout', '10']);
    expect(bg.code).toBe(0);
    const flood = repo.kiro(['load-via-script', script('flood.sh', `head -c 50000000 /dev/zero | tr '\\0' x >&2\ncat '${good}'`)]);
    expect(flood.code).toBe(0);
  });

  test('15. import DIR with a symbolic link loop ends; a damaged Kiro database is one invalid item beside the good sessions', () => {
    const repo = makeRepo();
    const dir = tmp('kiro-loop-');
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a', 's.json'), kiroSession(randomUUID(), ['in the loop']));
    require('node:fs').symlinkSync(dir, join(dir, 'a', 'loop'));
    const r = repo.kiro(['import', dir]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('1 imported');
    const home = tmp('kiro-home-');
    mkdirSync(join(home, '.local', 'share', 'kiro-cli'), { recursive: true });
    writeFileSync(join(home, '.local', 'share', 'kiro-cli', 'data.sqlite3'), 'this is not sqlite');
    mkdirSync(join(home, '.kiro', 'sessions', 'cli'), { recursive: true });
    const id = randomUUID();
    writeFileSync(join(home, '.kiro', 'sessions', 'cli', `${id}.json`), JSON.stringify({ session_id: id, cwd: repo.dir, created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z', title: 'v2', session_state: {} }));
    writeFileSync(join(home, '.kiro', 'sessions', 'cli', `${id}.jsonl`), `${JSON.stringify({ version: 'v1', kind: 'Prompt', data: { message_id: 'm1', content: [{ kind: 'text', data: 'hello from kiro 2' }] } })}\n`);
    const k = repo.kiro(['import', '--from', 'kiro', '--home', home]);
    expect(k.code).toBe(0);
    expect(k.stdout).toMatch(/invalid\s+\S*data\.sqlite3: not a readable Kiro database/);
    expect(k.stdout).toMatch(new RegExp(`imported\\s+\\S*${id}\\.json`));
  });

  test('15. push and pull to a path given as REMOTE', () => {
    const { remote, a } = makeTrio();
    save(a, randomUUID(), ['x']);
    const r = a.kiro(['push', remote.dir]);
    expect(r.code).toBe(0);
    expect(a.kiro(['pull', remote.dir]).code).toBe(0);
    expect(existsSync(join(remote.dir, 'refs', 'notes', 'kiro')) || readFileSync(join(remote.dir, 'packed-refs'), 'utf8').includes('refs/notes/kiro')).toBe(true);
  });
});
