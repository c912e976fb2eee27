import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { errLines, kiroSession, makeRepo, type Repo, makeTrio } from './helpers/repo';



/** Every blob reachable from refs/notes/kiro, as text. */
function reachable(repo: Repo): string {
  const ids = execFileSync('git', ['rev-list', '--objects', 'refs/notes/kiro'], { cwd: repo.dir, encoding: 'utf8' }).split('\n').filter(Boolean).map((l) => l.split(' ')[0]);
  return execFileSync('git', ['cat-file', '--batch'], { cwd: repo.dir, input: `${ids.join('\n')}\n` }).toString('latin1');
}

describe('purge', () => {
  test('delete --purge: nothing reachable from the ref contains the session; the others and old commit ids stay', () => {
    const repo = makeRepo();
    const [A, B, C] = [randomUUID(), randomUUID(), randomUUID()];
    repo.kiro(['save', '--stdin'], { input: kiroSession(A, ['keep-alpha-1']) });
    const firstCommit = repo.git('rev-parse', 'refs/notes/kiro');
    repo.kiro(['save', '--stdin'], { input: kiroSession(B, ['forget-bravo-2']) });
    repo.kiro(['save', '--stdin'], { input: kiroSession(B, ['forget-bravo-2', 'more-bravo-3']) });
    repo.kiro(['save', '--stdin'], { input: kiroSession(C, ['keep-charlie-4']) });
    repo.kiro(['attach', B]);
    const r = repo.kiro(['delete', '--purge', B, '--yes']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('✔ Purged 1 deleted session from refs/notes/kiro');
    const text = reachable(repo);
    for (const gone of ['forget-bravo-2', 'more-bravo-3']) expect(text).not.toContain(gone);
    for (const kept of ['keep-alpha-1', 'keep-charlie-4']) expect(text).toContain(kept);
    expect(JSON.parse(repo.kiro(['list', '--json']).stdout).map((s: { id: string }) => s.id).sort()).toEqual([A, C].sort());
    expect(repo.git('rev-list', '--reverse', 'refs/notes/kiro').split('\n')[0]).toBe(firstCommit); // unchanged history keeps its ids
    // The attachment line stays (it names the id, not the content), and the tombstone keeps it deleted.
    expect(repo.git('notes', '--ref=kiro', 'show', 'HEAD')).toContain(B);
    // doctor names the commit that still points at the deleted session; --repair detaches it.
    const d = repo.kiro(['doctor']);
    expect(d.code).toBe(5);
    expect(d.stdout).toContain(`deleted-attachment: commit`);
    expect(d.stdout).toContain(`names session ${B}, which was deleted`);
    expect(repo.kiro(['doctor', '--repair']).code).toBe(0);
    expect(repo.kiro(['doctor']).code).toBe(0);
    expect(repo.kiro(['show', 'HEAD']).stderr).toContain('No session is attached to HEAD');
    expect(repo.kiro(['log', '--json']).stdout).not.toContain(B);
  });

  test('a remote that has it: told, refused on push, cleaned with purge --remote, merge behaviour intact', () => {
    const { remote, a, b } = makeTrio();
    const [S, T] = [randomUUID(), randomUUID()];
    a.kiro(['save', '--stdin'], { input: kiroSession(S, ['leaked-sierra-9']) });
    a.kiro(['push']);
    b.kiro(['pull']);
    b.kiro(['save', '--stdin'], { input: kiroSession(T, ['new-tango-8']) });
    b.kiro(['push']); // the remote moves on after A's last fetch
    a.kiro(['delete', S, '--yes']);
    const told = a.kiro(['purge', '--yes']);
    expect(told.stderr).toContain('! origin already has that content in its notes history, and keeps it until cleaned: git kiro purge --remote origin');
    expect(reachable(a)).not.toContain('leaked-sierra-9');
    const refused = a.kiro(['push']);
    expect(refused.code).toBe(5);
    expect(errLines(refused)).toEqual(['error: origin still holds sessions purged here, in its notes history', 'hint: replace its history with the purged one: git kiro purge --remote origin']);
    const cleaned = a.kiro(['purge', '--remote', 'origin', '--yes']);
    expect(cleaned.stderr).toContain('✔ origin now has the purged history too');
    expect(reachable(remote)).not.toContain('leaked-sierra-9');
    expect(reachable(remote)).toContain('new-tango-8'); // B's session, pushed meanwhile, is kept
    // B still has S and its old history. Syncing purges B's history too (the tombstone
    // says purged), so nothing brings S back, not to B and not to the remote.
    expect(b.kiro(['sync']).code).toBe(0);
    expect(JSON.parse(b.kiro(['list', '--json']).stdout).map((s: { id: string }) => s.id)).toEqual([T]);
    expect(reachable(b)).not.toContain('leaked-sierra-9');
    expect(reachable(remote)).not.toContain('leaked-sierra-9');
    a.kiro(['pull']);
    expect(JSON.parse(a.kiro(['list', '--json']).stdout).map((s: { id: string }) => s.id)).toEqual([T]);
  });
});

describe('doctor', () => {
  test('healthy; a mixed fanout and a stale cache are repaired; unreadable notes are reported, not removed', () => {
    const repo = makeRepo();
    const ids = [randomUUID(), randomUUID()];
    for (const id of ids) repo.kiro(['save', '--stdin'], { input: kiroSession(id, [id]) });
    expect(repo.kiro(['doctor']).code).toBe(0);
    // git itself adds a note (flat, at the root) and garbage lands in the ref.
    const blob = execFileSync('git', ['hash-object', '-w', '--stdin'], { cwd: repo.dir, input: 'kiro-session nothing\n', encoding: 'utf8' }).trim();
    repo.git('notes', '--ref=kiro', 'add', '-m', 'not json at all', blob);
    const r = repo.kiro(['doctor', '--json']);
    expect(r.code).toBe(5);
    const checks = JSON.parse(r.stdout).problems.map((p: { check: string }) => p.check).sort();
    expect(checks).toEqual(['fanout', 'unparsable-note']);
    const fixed = JSON.parse(repo.kiro(['doctor', '--repair', '--json']).stdout);
    expect(fixed.problems.find((p: { check: string }) => p.check === 'fanout').repaired).toBe(true);
    expect(new Set(repo.git('ls-tree', '-r', '--name-only', 'refs/notes/kiro').split('\n').map((p) => p.split('/').length))).toEqual(new Set([2]));
    expect(repo.git('notes', '--ref=kiro', 'show', blob)).toBe('not json at all'); // kept
    const list = repo.kiro(['list', '--json']);
    expect(JSON.parse(list.stdout)).toHaveLength(2);
    expect(list.stderr).toContain('warning: 1 note in refs/notes/kiro could not be read and was skipped (git kiro doctor)');
  });
});
