import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kiroSession, makeRepo, makeTrio, type Repo } from './helpers/repo';

const S = '5e000000-0000-4000-8000-000000000001';
const T = '5e000000-0000-4000-8000-000000000002';

/** A commit of one file in `repo`, with `session` attached to it. */
function commitWith(repo: Repo, file: string, text: string, session: string): string {
  writeFileSync(join(repo.dir, file), text);
  repo.git('add', file);
  repo.git('commit', '-q', '-m', `write ${file}`);
  expect(repo.kiro(['attach', session]).code).toBe(0);
  return repo.git('rev-parse', 'HEAD');
}

const sessionsOf = (repo: Repo, rev: string) => JSON.parse(repo.kiro(['show', rev, '--json']).stdout).sessions.map((s: { session: string }) => s.session);

describe('the host\'s own merges: sessions follow the commits it made', () => {
  test('"rebase and merge" and "squash and merge" on the remote; a teammate\'s pull attaches the sessions to the new commits', () => {
    const { remote, a, b } = makeTrio();
    // A works on two pull requests, one session each, and pushes branches and sessions.
    a.kiro(['save', '--stdin'], { input: kiroSession(S, ['Add the parser']) });
    a.kiro(['save', '--stdin'], { input: kiroSession(T, ['Add the cache']) });
    a.git('checkout', '-q', '-b', 'parser');
    const p1 = commitWith(a, 'parser.ts', 'parse 1\n', S);
    const p2 = commitWith(a, 'parser.test.ts', 'test 1\n', S);
    a.git('checkout', '-q', 'main');
    a.git('checkout', '-q', '-b', 'cache');
    commitWith(a, 'cache.ts', 'cache 1\n', T);
    const c2 = commitWith(a, 'cache.ts', 'cache 2\n', T);
    a.git('push', '-q', 'origin', 'parser', 'cache');
    a.kiro(['push']);

    // The host, in its own clone: squash-merges "cache", then rebase-merges "parser"
    // (main has moved, so the rebased commits get new ids).
    const host = makeRepo({ clone: remote.dir });
    host.git('merge', '-q', '--squash', 'origin/cache');
    host.git('commit', '-q', '-m', 'Add the cache (#2)');
    const squashed = host.git('rev-parse', 'HEAD');
    expect(host.git('rev-parse', `${squashed}^{tree}`)).toBe(a.git('rev-parse', `${c2}^{tree}`));
    host.git('checkout', '-q', '-b', 'rebasing', 'origin/parser');
    host.git('rebase', '-q', 'main');
    host.git('checkout', '-q', 'main');
    host.git('merge', '-q', '--ff-only', 'rebasing');
    host.git('push', '-q', 'origin', 'main');
    const [r2, r1] = host.git('rev-list', '-n', '2', 'main').split('\n');
    expect([r1, r2]).not.toContain(p1);

    // B pulls the code, then the sessions: the new commits carry them.
    b.git('pull', '-q', '--ff-only');
    const pulled = JSON.parse(b.kiro(['pull', '--json']).stdout);
    expect(pulled.remapped).toEqual(
      expect.arrayContaining([
        { commit: squashed, from: expect.arrayContaining([c2]), kind: 'squash', sessions: [T] },
        { commit: r1, from: [p1], kind: 'rebase', sessions: [S] },
        { commit: r2, from: [p2], kind: 'rebase', sessions: [S] },
      ]),
    );
    expect(pulled.remapped).toHaveLength(3);
    expect(sessionsOf(b, squashed)).toEqual([T]);
    expect(sessionsOf(b, r1)).toEqual([S]);
    // blame of a squashed line leads to the conversation.
    expect(JSON.parse(b.kiro(['blame', 'cache.ts:1', '--json']).stdout)[0].sessions.map((s: { id: string }) => s.id)).toEqual([T]);
    // Again: nothing to do; the originals keep theirs.
    expect(JSON.parse(b.kiro(['remap', '--json']).stdout)).toEqual([]);
    expect(sessionsOf(b, p1)).toEqual([S]);
    // Pushed, A gets the remapped attachments without remapping itself.
    b.kiro(['push']);
    a.git('checkout', '-q', 'main');
    a.git('pull', '-q', '--ff-only');
    a.kiro(['pull']);
    expect(sessionsOf(a, squashed)).toEqual([T]);
  });

  test('sessions that arrive after the host\'s merge was pulled are remapped by the next pull (only what the notes gained is looked at)', () => {
    const { remote, a, b } = makeTrio();
    a.kiro(['save', '--stdin'], { input: kiroSession(S, ['Add the parser']) });
    a.git('checkout', '-q', '-b', 'parser');
    commitWith(a, 'parser.ts', 'parse 1\n', S);
    a.git('push', '-q', 'origin', 'parser'); // the branch, not yet the sessions
    const host = makeRepo({ clone: remote.dir });
    host.git('merge', '-q', '--squash', 'origin/parser');
    host.git('commit', '-q', '-m', 'Add the parser (#1)');
    host.git('push', '-q', 'origin', 'main');
    const squashed = host.git('rev-parse', 'HEAD');
    b.git('pull', '-q', '--ff-only');
    expect(JSON.parse(b.kiro(['pull', '--json']).stdout).remapped).toEqual([]); // nothing to carry yet
    a.kiro(['push']); // now the sessions and the attachment on the original
    const pulled = JSON.parse(b.kiro(['pull', '--json']).stdout);
    // One commit squashed is the same patch: matched either way.
    expect(pulled.remapped).toEqual([expect.objectContaining({ commit: squashed, sessions: [S] })]);
    expect(sessionsOf(b, squashed)).toEqual([S]);
  });

  test('the post-merge hook remaps after a plain git pull', () => {
    const { remote, a, b } = makeTrio();
    b.kiro(['hooks', 'install', '--sync']);
    a.kiro(['save', '--stdin'], { input: kiroSession(S, ['Add the parser']) });
    a.git('checkout', '-q', '-b', 'parser');
    commitWith(a, 'parser.ts', 'parse 1\n', S);
    a.git('push', '-q', 'origin', 'parser');
    a.kiro(['push']);
    const host = makeRepo({ clone: remote.dir });
    host.git('merge', '-q', '--squash', 'origin/parser');
    host.git('commit', '-q', '-m', 'Add the parser (#1)');
    host.git('push', '-q', 'origin', 'main');
    const squashed = host.git('rev-parse', 'HEAD');
    const pulled = b.git('pull', '--ff-only'); // the hook pulls the sessions, then remaps
    expect(pulled).toBeDefined();
    expect(sessionsOf(b, squashed)).toEqual([S]);
    // The hook remembers what it looked at: the next pull walks nothing and finds nothing.
    expect(JSON.parse(b.kiro(['pull', '--json']).stdout).remapped).toEqual([]);
    expect(b.kiro(['remap', '--output=x']).code).toBe(2);
  });
});
