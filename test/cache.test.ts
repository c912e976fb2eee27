import { CACHE_VERSION } from '../src/cache/session-cache';
import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kiroSession, makeRepo, tmp } from './helpers/repo';

const ids = (json: string) => JSON.parse(json).map((s: { id: string }) => s.id).sort();

describe('the cache in .git/kiro-sessions is derived', () => {
  test('deleted, corrupt or from another version: rebuilt, and every command still works', () => {
    const repo = makeRepo();
    const saved = [randomUUID(), randomUUID()].map((id) => (repo.kiro(['save', '--stdin'], { input: kiroSession(id, [id]) }), id));
    const cache = join(repo.dir, '.git', 'kiro-sessions');
    expect(ids(repo.kiro(['list', '--json']).stdout)).toEqual(saved.sort());
    expect(existsSync(join(cache, 'state.json'))).toBe(true);

    rmSync(cache, { recursive: true });
    expect(ids(repo.kiro(['list', '--json']).stdout)).toEqual(saved.sort());

    writeFileSync(join(cache, 'state.json'), '{ not json');
    expect(ids(repo.kiro(['list', '--json']).stdout)).toEqual(saved.sort());

    const state = JSON.parse(readFileSync(join(cache, 'state.json'), 'utf8'));
    for (const f of readdirSync(join(cache, state.dir))) writeFileSync(join(cache, state.dir, f), 'garbage');
    expect(ids(repo.kiro(['list', '--json']).stdout)).toEqual(saved.sort());

    writeFileSync(join(cache, 'state.json'), JSON.stringify({ ...state, version: 999 }));
    expect(ids(repo.kiro(['list', '--json']).stdout)).toEqual(saved.sort());
    expect(JSON.parse(readFileSync(join(cache, 'state.json'), 'utf8')).version).toBe(CACHE_VERSION);
  });

  test('a scope file a crash cut short or left stale (they are written without fsync): told by its checksum and rebuilt', () => {
    const repo = makeRepo();
    const [x, y] = [randomUUID(), randomUUID()];
    repo.kiro(['save', '--stdin'], { input: kiroSession(x, ['one']) });
    const cache = join(repo.dir, '.git', 'kiro-sessions');
    expect(ids(repo.kiro(['list', '--json']).stdout)).toEqual([x]);
    const state = () => JSON.parse(readFileSync(join(cache, 'state.json'), 'utf8'));
    const before = state();
    const [name] = Object.keys(before.scopes);
    const stale = readFileSync(join(cache, before.dir, name), 'utf8'); // holds x only
    repo.kiro(['save', '--stdin'], { input: kiroSession(y, ['two']) });
    expect(ids(repo.kiro(['list', '--json']).stdout)).toEqual([x, y].sort());
    // Valid JSON, but the old content: what a crash can leave behind a durable state.json.
    writeFileSync(join(cache, state().dir, name), stale);
    expect(ids(repo.kiro(['list', '--json']).stdout)).toEqual([x, y].sort());
    expect(state().dir).not.toBe(before.dir); // rebuilt
    // The same, then the ref moves before anything reads it: the refresh meets the stale
    // file, and must not start that directory empty (the sessions not in the diff would go).
    writeFileSync(join(cache, state().dir, name), stale);
    const z = randomUUID();
    repo.kiro(['save', '--stdin'], { input: kiroSession(z, ['three']) });
    expect(ids(repo.kiro(['list', '--json']).stdout)).toEqual([x, y, z].sort());
    writeFileSync(join(cache, state().dir, name.replace(/\.json$/, '.ids')), '');
    expect(JSON.parse(repo.kiro(['search', 'two', '--json']).stdout).map((h: { id: string }) => h.id)).toEqual([y]);
    expect(readFileSync(join(cache, state().dir, name.replace(/\.json$/, '.ids')), 'utf8')).toContain(y);
  });

  test('the ref moved under it (another clone pushed, git fetched): refreshed from the diff', () => {
    const a = makeRepo();
    const first = randomUUID();
    a.kiro(['save', '--stdin'], { input: kiroSession(first, ['one']) });
    const b = makeRepo({ clone: a.dir });
    b.git('fetch', '-q', 'origin', 'refs/notes/kiro:refs/notes/kiro');
    expect(ids(b.kiro(['list', '--json']).stdout)).toEqual([first]);
    const tipBefore = JSON.parse(readFileSync(join(b.dir, '.git', 'kiro-sessions', 'state.json'), 'utf8')).tip;

    const second = randomUUID();
    a.kiro(['save', '--stdin'], { input: kiroSession(second, ['two']) });
    a.kiro(['delete', first, '--yes']);
    b.git('fetch', '-q', 'origin', '+refs/notes/kiro:refs/notes/kiro');
    expect(ids(b.kiro(['list', '--json']).stdout)).toEqual([second]);
    const state = JSON.parse(readFileSync(join(b.dir, '.git', 'kiro-sessions', 'state.json'), 'utf8'));
    expect(state.tip).toBe(b.git('rev-parse', 'refs/notes/kiro'));
    expect(state.tip).not.toBe(tipBefore);
  });

  test('a read-only cache directory: commands still answer, from git', () => {
    if (process.getuid?.() === 0) {
      // root ignores permissions; make the cache path a file instead, which fails for anyone
      const repo = makeRepo();
      const id = randomUUID();
      repo.kiro(['save', '--stdin'], { input: kiroSession(id, ['x']) });
      rmSync(join(repo.dir, '.git', 'kiro-sessions'), { recursive: true, force: true });
      writeFileSync(join(repo.dir, '.git', 'kiro-sessions'), 'not a directory');
      expect(ids(repo.kiro(['list', '--json']).stdout)).toEqual([id]);
      return;
    }
    const repo = makeRepo();
    const id = randomUUID();
    repo.kiro(['save', '--stdin'], { input: kiroSession(id, ['x']) });
    const cache = join(repo.dir, '.git', 'kiro-sessions');
    rmSync(cache, { recursive: true, force: true });
    require('node:fs').mkdirSync(cache);
    chmodSync(cache, 0o500);
    try {
      expect(ids(repo.kiro(['list', '--json']).stdout)).toEqual([id]);
    } finally {
      chmodSync(cache, 0o700);
    }
  });

  test('linked worktrees share the cache and keep their own active session', () => {
    const repo = makeRepo();
    const wt = join(tmp(), 'wt');
    repo.git('worktree', 'add', '-q', wt);
    const x = randomUUID();
    const y = randomUUID();
    repo.kiro(['save', '--stdin'], { input: kiroSession(x, ['from main']) });
    repo.kiro(['save', '--stdin'], { input: kiroSession(y, ['from the worktree']), cwd: wt });
    // Same scope ("" = the worktree root) in both: both see both sessions.
    expect(ids(repo.kiro(['list', '--json'], { cwd: wt }).stdout)).toEqual([x, y].sort());
    expect(JSON.parse(repo.kiro(['load']).stdout).conversation_id).toBe(x);
    expect(JSON.parse(repo.kiro(['load'], { cwd: wt }).stdout).conversation_id).toBe(y);
    expect(existsSync(join(wt, '.git', 'kiro-sessions'))).toBe(false); // .git is a file there
  });
});
