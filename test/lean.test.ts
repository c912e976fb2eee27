import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { kiroSession, makeRepo, tmp, type Repo } from './helpers/repo';

const S = '1e000000-0000-4000-8000-000000000001';
const T = '1e000000-0000-4000-8000-000000000002';
const big = (word: string) => `${word} ${'lorem ipsum dolor sit amet '.repeat(4000)}`; // ~100 KB

/** The conversation blob of a session as this clone's notes name it. */
function sourceBlob(r: Repo, ref: string): string[] {
  return r.git('ls-tree', '-r', ref).split('\n').filter((l) => l.endsWith('.src')).map((l) => l.split(/\s+/)[2]);
}
const present = (r: Repo, oid: string) => spawnSync('git', ['cat-file', '-e', oid], { cwd: r.dir, env: { ...r.env, GIT_NO_LAZY_FETCH: '1' } }).status === 0;
const config = (r: Repo, key: string) => spawnSync('git', ['config', '--get', key], { cwd: r.dir, env: r.env, encoding: 'utf8' }).stdout.trim();

/** A remote reached over file:// (so git transfers, rather than copies, objects), and A with two big sessions pushed. */
function team(allowFilter: boolean): { b: Repo } {
  const remote = makeRepo({ bare: true });
  remote.git('config', 'uploadpack.allowFilter', String(allowFilter));
  const url = `file://${remote.dir}`;
  const seed = makeRepo();
  seed.git('remote', 'add', 'origin', url);
  seed.git('push', '-q', 'origin', 'main');
  const a = makeRepo({ clone: url });
  a.kiro(['save', '--stdin'], { input: kiroSession(S, [big('albatross')]) });
  a.kiro(['save', '--stdin'], { input: kiroSession(T, [big('pelican')]) });
  expect(a.kiro(['push']).code).toBe(0);
  return { b: makeRepo({ clone: url }) };
}

describe('lean pulls: records first, conversations when opened', () => {
  test('a remote that filters: list at once, conversations fetched when read (search: all in one fetch); the user\'s own remote untouched', () => {
    const { b } = team(true);
    expect(b.kiro(['pull']).code).toBe(0);
    const blobs = sourceBlob(b, 'refs/notes/kiro');
    expect(blobs).toHaveLength(2);
    expect(blobs.map((o) => present(b, o))).toEqual([false, false]); // left on the remote
    expect(JSON.parse(b.kiro(['list', '--json']).stdout).map((s: { id: string }) => s.id).sort()).toEqual([S, T]);
    // git reads a missing object from the lean remote, git's promisor for it.
    expect(config(b, 'remote.kiro-lean-origin.promisor')).toBe('true');
    expect(config(b, 'remote.kiro-lean-origin.url')).toBe(config(b, 'remote.origin.url'));
    // Search reads every conversation: the missing ones come in one fetch, not one each.
    const trace = join(tmp(), 'trace');
    const found = JSON.parse(b.kiro(['search', 'lorem', '--json'], { env: { GIT_TRACE: trace } }).stdout);
    expect(found.map((h: { id: string }) => h.id).sort()).toEqual([S, T]);
    expect(readFileSync(trace, 'utf8').match(/built-in: git fetch/g)).toHaveLength(1);
    expect(blobs.map((o) => present(b, o))).toEqual([true, true]);
    const shown = JSON.parse(b.kiro(['show', S, '--json']).stdout);
    expect(shown.messages[0].text.startsWith('albatross')).toBe(true);
    // The user's own remote is as it was: their fetches of code are never filtered.
    expect(config(b, 'remote.origin.promisor')).toBe('');
    expect(config(b, 'remote.origin.partialclonefilter')).toBe('');
    expect(JSON.parse(b.kiro(['status', '--json']).stdout).map((r: { remote: string }) => r.remote)).toEqual(['origin']);
  });

  test('a remote that does not filter: everything comes, and the lean remote is no promisor', () => {
    const { b } = team(false);
    expect(b.kiro(['pull']).code).toBe(0);
    expect(sourceBlob(b, 'refs/notes/kiro').map((o) => present(b, o))).toEqual([true, true]);
    expect(config(b, 'remote.origin.promisor')).toBe('');
    // Marked, so later pulls fetch everything directly, and it is no promisor to git.
    expect(config(b, 'remote.kiro-lean-origin.promisor')).toBe('false');
    expect(b.git('remote').split('\n')).toContain('origin');
    expect(JSON.parse(b.kiro(['status', '--json']).stdout).map((r: { remote: string }) => r.remote)).toEqual(['origin']);
  });
});
