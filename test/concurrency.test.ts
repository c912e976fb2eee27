import { spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, kiroSession, makeRepo, tmp } from './helpers/repo';

describe('concurrent writers', () => {
  test('20 concurrent save processes leave 20 sessions', async () => {
    const repo = makeRepo();
    const ids = Array.from({ length: 20 }, () => randomUUID());
    const results = await Promise.all(ids.map((id, i) => repo.kiroAsync(['save', '--stdin'], { input: kiroSession(id, [`parallel ${i}`]) })));
    for (const r of results) expect(r.code).toBe(0);
    expect(repo.git('notes', '--ref=kiro', 'list').split('\n')).toHaveLength(20);
    const listed = JSON.parse(repo.kiro(['list', '--json']).stdout).map((s: { id: string }) => s.id);
    expect(listed.sort()).toEqual([...ids].sort());
  });

  test('20 concurrent updates of one session: created exactly once, one session keeps the id, no turn lost', async () => {
    const repo = makeRepo();
    const id = randomUUID();
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => repo.kiroAsync(['save', '--stdin', '--json'], { input: kiroSession(id, Array.from({ length: i + 1 }, (_, k) => `turn ${k}`)) })));
    expect(results.every((r) => r.code === 0)).toBe(true);
    expect(results.filter((r) => JSON.parse(r.stdout).created)).toHaveLength(1);
    const sessions = JSON.parse(repo.kiro(['list', '--json']).stdout) as { id: string; messageCount: number }[];
    expect(sessions.filter((s) => s.id === id)).toHaveLength(1);
    // An update that landed after a longer one did not continue it: the longer one was
    // kept as a fork, so the longest conversation (20 turns) is always somewhere.
    expect(Math.max(...sessions.map((s) => s.messageCount))).toBe(40);
    const forks = results.flatMap((r) => JSON.parse(r.stdout).forked as { id: string }[]);
    expect(sessions.map((s) => s.id).sort()).toEqual([id, ...forks.map((f) => f.id)].sort());
  });
});

describe('a write killed at any point', () => {
  /**
   * A `git` on PATH that kills the git-kiro process (its parent) when it is asked to
   * run one chosen subcommand, before or after running it: a crash at exactly that
   * point of the write, with the real git doing everything else.
   */
  function killingGit(sub: string, when: 'before' | 'after'): string {
    const dir = tmp('kiro-killgit-');
    const realGit = require('node:child_process').execFileSync('sh', ['-c', 'command -v git'], { encoding: 'utf8' }).trim();
    const script = `#!/bin/sh
for a in "$@"; do [ "$a" = "${sub}" ] && hit=1 && break; done
if [ -n "$hit" ] && [ "${when}" = before ]; then kill -9 $PPID; exit 1; fi
"${realGit}" "$@"; rc=$?
if [ -n "$hit" ]; then kill -9 $PPID; fi
exit $rc
`;
    writeFileSync(join(dir, 'git'), script);
    chmodSync(join(dir, 'git'), 0o755);
    return dir;
  }

  // Objects are written in-process (ObjectDb), so the git processes of a save are the
  // reader and update-ref; with GIT_OBJECT_DIRECTORY set (here: the repository's own
  // objects) every object goes through a git process again, and each is a point too.
  const points: [string, 'before' | 'after', 'in-process' | 'through git'][] = [
    ['cat-file', 'before', 'in-process'],
    ['update-ref', 'before', 'in-process'],
    ['update-ref', 'after', 'in-process'],
    ['hash-object', 'before', 'through git'],
    ['hash-object', 'after', 'through git'],
    ['mktree', 'after', 'through git'],
    ['commit-tree', 'after', 'through git'],
    ['update-ref', 'before', 'through git'],
  ];

  test.each(points)('killed at %s (%s), objects written %s: the previous state stays intact and readable', async (sub, when, how) => {
    const repo = makeRepo();
    const objects = how === 'through git' ? { GIT_OBJECT_DIRECTORY: join(repo.dir, '.git', 'objects') } : {};
    const first = randomUUID();
    expect(repo.kiro(['save', '--stdin'], { input: kiroSession(first, ['before the crash']) }).code).toBe(0);
    const tipBefore = repo.git('rev-parse', 'refs/notes/kiro');
    const second = randomUUID();
    const bin = killingGit(sub, when);
    const killed = await new Promise<number | null>((res) => {
      const c = spawn(process.execPath, [CLI, 'save', '--stdin'], { cwd: repo.dir, env: { ...repo.env, ...objects, PATH: `${bin}:${repo.env.PATH}` } });
      c.on('close', (code, signal) => res(signal ? -9 : code));
      c.stdin.end(kiroSession(second, ['during the crash']));
    });
    expect(killed).toBe(-9);
    // The ref is at the old tip, or (killed after update-ref) at a complete new commit.
    const tipAfter = repo.git('rev-parse', 'refs/notes/kiro');
    if (sub === 'update-ref' && when === 'after') expect(tipAfter).not.toBe(tipBefore);
    else expect(tipAfter).toBe(tipBefore);
    repo.git('fsck', '--no-dangling');
    const ids = JSON.parse(repo.kiro(['list', '--json']).stdout).map((s: { id: string }) => s.id);
    expect(ids).toContain(first);
    expect(ids.includes(second)).toBe(tipAfter !== tipBefore);
    // And the store still takes writes.
    expect(repo.kiro(['save', '--stdin'], { input: kiroSession(randomUUID(), ['after']) }).code).toBe(0);
  });
});
