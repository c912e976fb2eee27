import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, errLines, kiroSession, makeRepo, tmp, type Repo, makeTrio } from './helpers/repo';



const save = (r: Repo, id: string, prompts: string[], cwd?: string) => {
  const out = r.kiro(['save', '--stdin'], { input: kiroSession(id, prompts), cwd });
  expect(out.code).toBe(0);
};
const ids = (r: Repo, cwd?: string) => JSON.parse(r.kiro(['list', '--all', '--json'], { cwd }).stdout).map((s: { id: string }) => s.id).sort();
const counts = (r: Repo, cmd: string, remote?: string) => {
  const out = r.kiro([cmd, ...(remote ? [remote] : []), '--json']);
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout);
};
const tree = (r: Repo) => r.git('rev-parse', 'refs/notes/kiro^{tree}');
const messages = (r: Repo, id: string) => JSON.parse(r.kiro(['show', id, '--json']).stdout).messages.filter((m: { role: string }) => m.role === 'user').map((m: { text: string }) => m.text);

describe('push and pull', () => {
  test('round trip, with counts; the refspecs are never touched', () => {
    const { a, b } = makeTrio();
    const S = randomUUID();
    save(a, S, ['one']);
    const fetchBefore = a.git('config', '--get-all', 'remote.origin.fetch');
    expect(counts(a, 'push')).toEqual({ remote: 'origin', new: 1, updated: 0, forked: 0, deleted: 0, unchanged: 0 });
    expect(counts(b, 'pull')).toEqual({ remote: 'origin', new: 1, updated: 0, forked: 0, deleted: 0, unchanged: 0, remapped: [] });
    expect(ids(b)).toEqual([S]);
    expect(b.kiro(['load', S]).stdout).toBe(a.kiro(['load', S]).stdout);
    expect(a.git('config', '--get-all', 'remote.origin.fetch')).toBe(fetchBefore);
    expect(() => a.git('config', '--get-all', 'remote.origin.push')).toThrow();
    // The tracking ref is never listed as sessions, and is not pushed.
    expect(b.git('for-each-ref', '--format=%(refname)', 'refs/notes/')).toBe('refs/notes/kiro\nrefs/notes/kiro-remote/origin');
    expect(counts(a, 'pull')).toEqual({ remote: 'origin', new: 0, updated: 0, forked: 0, deleted: 0, unchanged: 1, remapped: [] });
  });

  test('different sessions on each side: both kept, on both sides', () => {
    const { a, b } = makeTrio();
    const [S, T] = [randomUUID(), randomUUID()];
    save(a, S, ['from A']);
    save(b, T, ['from B']);
    counts(a, 'sync');
    const r = JSON.parse(b.kiro(['sync', '--json']).stdout);
    expect(r.pulled).toEqual({ new: 1, updated: 0, forked: 0, deleted: 0, unchanged: 1 });
    expect(r.pushed).toEqual({ new: 1, updated: 0, forked: 0, deleted: 0, unchanged: 1 });
    counts(a, 'pull');
    expect(ids(a)).toEqual([S, T].sort());
    expect(ids(b)).toEqual([S, T].sort());
    expect(tree(a)).toBe(tree(b));
  });

  test('extended on one side, renamed on the other: the longer conversation, with the new title', () => {
    const { a, b } = makeTrio();
    const S = randomUUID();
    save(a, S, ['one']);
    counts(a, 'push');
    counts(b, 'pull');
    save(a, S, ['one', 'two', 'three']);
    expect(b.kiro(['rename', S, 'Renamed on B']).code).toBe(0);
    counts(a, 'sync');
    expect(counts(b, 'sync').pulled).toEqual({ new: 0, updated: 1, forked: 0, deleted: 0, unchanged: 0 });
    counts(a, 'pull');
    for (const r of [a, b]) {
      expect(messages(r, S)).toEqual(['one', 'two', 'three']);
      expect(JSON.parse(r.kiro(['show', S, '--json']).stdout).title).toBe('Renamed on B');
    }
    expect(tree(a)).toBe(tree(b));
  });

  test('diverged on both sides: both versions kept, one as a fork; A merging B and B merging A give the same tree', () => {
    const { a, b } = makeTrio();
    const S = randomUUID();
    save(a, S, ['shared start']);
    counts(a, 'push');
    counts(b, 'pull');
    save(a, S, ['shared start', 'A went this way']);
    save(b, S, ['shared start', 'B went that way']);
    // Each merges the other directly (no remote in between), both from the states
    // before either merged: a copy of A's repository stands for A before its merge.
    const aBefore = join(tmp(), 'a-before');
    require('node:child_process').execFileSync('cp', ['-a', a.dir, aBefore]);
    a.git('remote', 'add', 'b', b.dir);
    b.git('remote', 'add', 'a', aBefore);
    const fromB = counts(a, 'pull', 'b');
    const fromA = counts(b, 'pull', 'a');
    expect(fromB.forked).toBe(1);
    expect(fromA.forked).toBe(1);
    expect(tree(a)).toBe(tree(b));
    const all = JSON.parse(a.kiro(['list', '--all', '--json']).stdout);
    expect(all).toHaveLength(2);
    const fork = all.find((s: { id: string }) => s.id !== S);
    expect(fork.title).toMatch(/ \(diverged\)$/);
    expect(JSON.parse(a.kiro(['show', fork.id, '--json']).stdout).forkedFrom).toMatchObject({ session: S, reason: 'diverged' });
    const versions = [messages(a, S)[1], messages(a, fork.id)[1]].sort();
    expect(versions).toEqual(['A went this way', 'B went that way']);
    // The fork is a Kiro session of its own: its conversation_id is the fork's id.
    expect(JSON.parse(a.kiro(['load', fork.id]).stdout).conversation_id).toBe(fork.id);
    // Merging again changes nothing.
    expect(counts(a, 'pull', 'b')).toEqual(expect.objectContaining({ new: 0, updated: 0, forked: 0 }));
  });

  test('a deletion propagates and is not resurrected by a clone that still has the session', () => {
    const { remote, a, b } = makeTrio();
    const [S, T] = [randomUUID(), randomUUID()];
    save(a, S, ['doomed']);
    save(a, T, ['kept']);
    counts(a, 'push');
    counts(b, 'pull');
    expect(a.kiro(['delete', S, '--yes']).code).toBe(0);
    expect(counts(a, 'push').deleted).toBe(1);
    // B still has S, untouched, and syncs: the deletion wins, on B and on the remote.
    expect(counts(b, 'sync').pulled).toEqual({ new: 0, updated: 0, forked: 0, deleted: 1, unchanged: 1 });
    expect(ids(b)).toEqual([T]);
    counts(b, 'sync');
    counts(a, 'sync');
    expect(ids(a)).toEqual([T]);
    const c = makeRepo({ clone: remote.dir });
    counts(c, 'pull');
    expect(ids(c)).toEqual([T]);
  });

  test('deleted on one side, changed on the other: the change survives', () => {
    const { a, b } = makeTrio();
    const S = randomUUID();
    save(a, S, ['one']);
    counts(a, 'push');
    counts(b, 'pull');
    a.kiro(['delete', S, '--yes']);
    counts(a, 'push');
    save(b, S, ['one', 'new work on B']);
    counts(b, 'sync');
    counts(a, 'pull');
    for (const r of [a, b]) expect(messages(r, S)).toEqual(['one', 'new work on B']);
  });

  test('commit attachments merge as the union of lines', () => {
    const { a, b } = makeTrio();
    const [S, T] = [randomUUID(), randomUUID()];
    save(a, S, ['A']);
    save(b, T, ['B']);
    a.kiro(['attach', S, 'HEAD']);
    b.kiro(['attach', T, 'HEAD']);
    counts(a, 'sync');
    counts(b, 'sync');
    counts(a, 'pull');
    for (const r of [a, b]) {
      const lines = r.git('notes', '--ref=kiro', 'show', 'HEAD').split('\n').map((l) => JSON.parse(l).session);
      expect(lines.sort()).toEqual([S, T].sort());
    }
  });
});

describe('another clone', () => {
  test('after clone and pull: list, resume and load in the same directory give the same sessions', () => {
    const { remote, a } = makeTrio();
    mkdirSync(join(a.dir, 'pkg', 'api'), { recursive: true });
    const S = randomUUID();
    save(a, S, ['API work'], join(a.dir, 'pkg', 'api'));
    counts(a, 'push');
    const c = makeRepo({ clone: remote.dir, dir: join(tmp(), 'elsewhere', 'renamed-clone') });
    counts(c, 'pull');
    mkdirSync(join(c.dir, 'pkg', 'api'), { recursive: true });
    const here = join(c.dir, 'pkg', 'api');
    expect(JSON.parse(c.kiro(['list', '--json'], { cwd: here }).stdout).map((s: { id: string }) => s.id)).toEqual([S]);
    expect(c.kiro(['list', '--json']).stdout.trim()).toBe('[]'); // the root has none
    expect(JSON.parse(c.kiro(['resume', '--json'], { cwd: here }).stdout).id).toBe(S);
    expect(c.kiro(['load', S], { cwd: here }).stdout).toBe(a.kiro(['load', S]).stdout);
  });
});

describe('many writers and unfriendly remotes', () => {
  test('10 clones pushing new sessions at the same time: every clone ends with all of them', async () => {
    const { remote } = makeTrio();
    const clones = Array.from({ length: 10 }, () => makeRepo({ clone: remote.dir }));
    const made = clones.map((c) => {
      const id = randomUUID();
      save(c, id, [`from clone ${id.slice(0, 4)}`]);
      return id;
    });
    const results = await Promise.all(clones.map((c) => c.kiroAsync(['push'])));
    for (const r of results) expect(r.stderr).toMatch(/✔ Pushed sessions to origin/);
    for (const c of clones) counts(c, 'pull');
    for (const c of clones) expect(ids(c)).toEqual([...made].sort());
  });

  test('a remote without the ref: pull is a no-op, push creates it', () => {
    const { a } = makeTrio();
    expect(counts(a, 'pull')).toEqual({ remote: 'origin', new: 0, updated: 0, forked: 0, deleted: 0, unchanged: 0, remapped: [] });
    save(a, randomUUID(), ['first']);
    expect(counts(a, 'push').new).toBe(1);
  });

  test('notes commits carry the user\'s identity and say what changed (hosts\' pre-receive checks)', () => {
    const repo = makeRepo();
    const S = randomUUID();
    save(repo, S, ['Tidy the parser']);
    expect(repo.git('log', '-1', '--format=%an <%ae>|%cn <%ce>|%s', 'refs/notes/kiro')).toBe(`Test Author <author@example.com>|Test Author <author@example.com>|git-kiro: save ${S}: Tidy the parser`);
  });

  test('a remote that rejects the push: a clear error, local state intact', () => {
    const { remote, a } = makeTrio();
    const hook = join(remote.dir, 'hooks', 'pre-receive');
    writeFileSync(hook, '#!/bin/sh\necho "sessions are not welcome here" >&2\nexit 1\n');
    chmodSync(hook, 0o755);
    const S = randomUUID();
    save(a, S, ['x']);
    const tipBefore = a.git('rev-parse', 'refs/notes/kiro');
    const r = a.kiro(['push']);
    expect(r.code).toBe(6);
    expect(errLines(r)[0]).toBe('error: origin refused the sessions: pre-receive hook declined: sessions are not welcome here');
    expect(a.git('rev-parse', 'refs/notes/kiro')).toBe(tipBefore);
    expect(ids(a)).toEqual([S]);
  });

  test('no remote at all: a clear error', () => {
    const lone = makeRepo();
    const r = lone.kiro(['push']);
    expect(r.code).toBe(3);
    expect(errLines(r)[0]).toBe('error: this repository has no remote');
  });

  test('a push interrupted mid-way: the next sync completes', async () => {
    const { remote, a } = makeTrio();
    const S = randomUUID();
    save(a, S, ['interrupted']);
    // A receive-pack that stalls, so the push is in flight when it is killed.
    const slow = join(tmp(), 'slow-receive-pack');
    writeFileSync(slow, '#!/bin/sh\nsleep 3\nexec git-receive-pack "$@"\n');
    chmodSync(slow, 0o755);
    a.git('config', 'remote.origin.receivepack', slow);
    await new Promise<void>((res) => {
      const child = spawn(process.execPath, [CLI, 'push'], { cwd: a.dir, env: a.env, detached: true });
      setTimeout(() => {
        process.kill(-child.pid!, 'SIGKILL');
      }, 1500);
      child.on('close', () => res());
    });
    a.git('config', '--unset', 'remote.origin.receivepack');
    expect(() => remote.git('rev-parse', '-q', '--verify', 'refs/notes/kiro')).toThrow();
    expect(counts(a, 'sync').pushed.new).toBe(1);
    expect(remote.git('rev-parse', 'refs/notes/kiro')).toBe(a.git('rev-parse', 'refs/notes/kiro'));
  });
});

describe('sync hooks', () => {
  test('a plain git push carries the sessions; git pull brings them; a refused notes push never blocks the user\'s push', () => {
    const { remote, a, b } = makeTrio();
    expect(a.kiro(['hooks', 'install', '--sync']).code).toBe(0);
    expect(b.kiro(['hooks', 'install', '--sync']).code).toBe(0);
    const S = randomUUID();
    save(a, S, ['travels with git push']);
    writeFileSync(join(a.dir, 'f.txt'), 'x\n');
    a.git('add', 'f.txt');
    a.git('commit', '-q', '-m', 'work');
    const { spawnSync } = require('node:child_process');
    const push = spawnSync('git', ['push', '-q', 'origin', 'main'], { cwd: a.dir, env: a.env, encoding: 'utf8' });
    expect(push.status).toBe(0);
    expect(remote.git('notes', '--ref=kiro', 'list').split('\n').length).toBeGreaterThanOrEqual(2); // the session and HEAD's attachment
    const pull = spawnSync('git', ['pull', '-q', '--no-rebase', 'origin', 'main'], { cwd: b.dir, env: b.env, encoding: 'utf8' });
    expect(pull.status).toBe(0);
    expect(ids(b)).toEqual([S]);

    // The remote now refuses notes (and only notes): the user's own push still goes through.
    const hook = join(remote.dir, 'hooks', 'update');
    writeFileSync(hook, '#!/bin/sh\ncase "$1" in refs/notes/*) echo "no notes" >&2; exit 1;; esac\nexit 0\n');
    chmodSync(hook, 0o755);
    save(a, randomUUID(), ['will not travel']);
    writeFileSync(join(a.dir, 'g.txt'), 'y\n');
    a.git('add', 'g.txt');
    a.git('commit', '-q', '-m', 'more work');
    const push2 = spawnSync('git', ['push', '-q', 'origin', 'main'], { cwd: a.dir, env: a.env, encoding: 'utf8' });
    expect(push2.status).toBe(0);
    expect(remote.git('rev-parse', 'main')).toBe(a.git('rev-parse', 'main'));
    expect(push2.stderr).toMatch(/^git-kiro: warning: pre-push: the session was not recorded: origin refused the sessions/m);
  });
});
