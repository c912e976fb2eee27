import { randomUUID } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, errLines, kiroSession, makeRepo, tmp, type Repo } from './helpers/repo';

interface Line {
  session: string;
  title: string;
  messages: number;
}

/** The attachments of a commit, as git itself shows the note; every line must be JSON. */
function attached(repo: Repo, rev = 'HEAD'): Line[] {
  let text = '';
  try {
    text = repo.git('notes', '--ref=kiro', 'show', rev);
  } catch {
    return [];
  }
  return text.split('\n').filter(Boolean).map((l) => JSON.parse(l) as Line);
}

function commit(repo: Repo, file: string, msg: string, cwd = repo.dir): Run {
  writeFileSync(join(cwd, file), `${msg}\n`);
  return gitRun(repo, ['commit', '-q', '-m', msg, '--', file], cwd, true);
}

type Run = { code: number; stderr: string };
function gitRun(repo: Repo, args: string[], cwd = repo.dir, add = false): Run {
  const { spawnSync } = require('node:child_process');
  if (add) spawnSync('git', ['add', args.at(-1)], { cwd, env: repo.env });
  const r = spawnSync('git', args, { cwd, env: { ...repo.env, GIT_EDITOR: 'true' }, encoding: 'utf8' });
  return { code: r.status, stderr: r.stderr };
}

/** A repository with the hooks installed and an active session S. */
function hooked(): { repo: Repo; S: string } {
  const repo = makeRepo();
  expect(repo.kiro(['hooks', 'install']).code).toBe(0);
  const S = randomUUID();
  expect(repo.kiro(['save', '--stdin'], { input: kiroSession(S, ['Write the parser', 'Add tests']) }).code).toBe(0);
  return { repo, S };
}

describe('attach, detach, log, show REV', () => {
  test('by hand, on any commit, with prefixes', () => {
    const repo = makeRepo();
    const S = randomUUID();
    repo.kiro(['save', '--stdin'], { input: kiroSession(S, ['Plan']) });
    commit(repo, 'a.txt', 'second');
    expect(repo.kiro(['attach', S.slice(0, 8), 'HEAD~1']).code).toBe(0);
    expect(attached(repo, 'HEAD~1')).toEqual([expect.objectContaining({ session: S, title: 'Plan', messages: 2 })]);
    expect(attached(repo, 'HEAD')).toEqual([]);
    const log = JSON.parse(repo.kiro(['log', '--json']).stdout);
    expect(log.map((l: { subject: string; sessions: Line[] }) => [l.subject, l.sessions.map((s) => s.session)])).toEqual([['second', []], ['initial', [S]]]);
    expect(repo.kiro(['log']).stdout).toMatch(new RegExp(`initial  ⟨${S.slice(0, 8)} Plan⟩`));
    expect(JSON.parse(repo.kiro(['show', 'HEAD~1', '--json']).stdout).sessions[0].session).toBe(S);
    // Attachment notes never show up as sessions.
    expect(JSON.parse(repo.kiro(['list', '--all', '--json']).stdout)).toHaveLength(1);
    expect(repo.kiro(['detach', S.slice(0, 6), 'HEAD~1']).code).toBe(0);
    expect(attached(repo, 'HEAD~1')).toEqual([]);
  });

  test('attach with no active session, and outside git', () => {
    const repo = makeRepo();
    const r = repo.kiro(['attach']);
    expect(r.code).toBe(3);
    expect(errLines(r)[0]).toBe('error: no active session in this worktree');
  });
});

describe('hooks: every commit carries the conversation that made it', () => {
  test('commit -> attachment on HEAD; amend -> on the amended commit', () => {
    const { repo, S } = hooked();
    expect(commit(repo, 'a.txt', 'add a').code).toBe(0);
    expect(attached(repo)).toEqual([expect.objectContaining({ session: S, messages: 4 })]);
    const before = repo.git('rev-parse', 'HEAD');
    expect(gitRun(repo, ['commit', '-q', '--amend', '-m', 'add a, amended']).code).toBe(0);
    expect(repo.git('rev-parse', 'HEAD')).not.toBe(before);
    expect(attached(repo).map((l) => l.session)).toEqual([S]);
  });

  test('the session is saved in its latest state at commit time (re-read from its file)', () => {
    const repo = makeRepo();
    repo.kiro(['hooks', 'install']);
    const S = randomUUID();
    const file = join(tmp(), 'session.json');
    writeFileSync(file, kiroSession(S, ['one']));
    repo.kiro(['save', '--file', file]);
    writeFileSync(file, kiroSession(S, ['one', 'two', 'three'])); // the agent went on
    const later = new Date(Date.now() + 5000);
    require('node:fs').utimesSync(file, later, later);
    commit(repo, 'a.txt', 'work');
    expect(attached(repo)).toEqual([expect.objectContaining({ session: S, messages: 6 })]);
    expect(JSON.parse(repo.kiro(['show', S, '--json']).stdout).messageCount).toBe(6);
  });

  test.each(['merge', 'apply'])('rebase (%s backend) carries attachments to the new commits', (backend) => {
    const { repo, S } = hooked();
    repo.git('checkout', '-q', '-b', 'feature');
    commit(repo, 'f1.txt', 'feature 1');
    commit(repo, 'f2.txt', 'feature 2');
    repo.git('checkout', '-q', 'main');
    repo.kiro(['delete', S, '--yes']); // no active session: main's commit gets none
    commit(repo, 'm.txt', 'main moves on');
    repo.git('checkout', '-q', 'feature');
    const old = [repo.git('rev-parse', 'HEAD~1'), repo.git('rev-parse', 'HEAD')];
    expect(gitRun(repo, ['rebase', '-q', `--${backend}`, 'main']).code).toBe(0);
    const now = [repo.git('rev-parse', 'HEAD~1'), repo.git('rev-parse', 'HEAD')];
    expect(now).not.toEqual(old);
    for (const rev of ['HEAD~1', 'HEAD']) expect(attached(repo, rev).map((l) => l.session)).toEqual([S]);
    expect(attached(repo, 'main')).toEqual([]);
  });

  test('rebase without notes.rewriteRef: post-rewrite still carries them', () => {
    const { repo, S } = hooked();
    repo.git('config', '--unset', 'notes.rewriteRef');
    repo.git('checkout', '-q', '-b', 'feature');
    commit(repo, 'f1.txt', 'feature 1');
    repo.git('checkout', '-q', 'main');
    commit(repo, 'm.txt', 'main moves on');
    repo.git('checkout', '-q', 'feature');
    expect(gitRun(repo, ['rebase', '-q', 'main']).code).toBe(0);
    expect(attached(repo).map((l) => l.session)).toEqual([S]);
  });

  test('a squash keeps both attachments, every line valid JSON', () => {
    const { repo, S } = hooked();
    commit(repo, 'a.txt', 'first');
    const T = randomUUID();
    repo.kiro(['save', '--stdin'], { input: kiroSession(T, ['Other work']) });
    commit(repo, 'b.txt', 'second');
    // Squash the two commits with an interactive rebase driven by a sequence editor.
    const editor = join(tmp(), 'squash.sh');
    writeFileSync(editor, '#!/bin/sh\nsed -i "2s/^pick/squash/" "$1"\n');
    chmodSync(editor, 0o755);
    const { spawnSync } = require('node:child_process');
    const r = spawnSync('git', ['rebase', '-q', '-i', 'HEAD~2'], { cwd: repo.dir, env: { ...repo.env, GIT_SEQUENCE_EDITOR: editor, GIT_EDITOR: 'true' }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(repo.git('rev-list', '--count', 'HEAD')).toBe('2');
    const lines = repo.git('notes', '--ref=kiro', 'show', 'HEAD').split('\n');
    for (const l of lines) expect(() => JSON.parse(l)).not.toThrow();
    expect(attached(repo).map((l) => l.session).sort()).toEqual([S, T].sort());
  });

  test('cherry-pick: with -x the original commit\'s sessions come along; without, the active session is attached', () => {
    const { repo, S } = hooked();
    repo.git('checkout', '-q', '-b', 'feature');
    commit(repo, 'f.txt', 'feature fix');
    const original = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', 'main');
    // A different active session on main now, and main has moved (else a cherry-pick
    // within the same second could recreate the original commit, note and all).
    const T = randomUUID();
    repo.kiro(['save', '--stdin'], { input: kiroSession(T, ['Release prep']) });
    commit(repo, 'm.txt', 'main moves on');
    expect(gitRun(repo, ['cherry-pick', '-x', original]).code).toBe(0);
    expect(attached(repo).map((l) => l.session)).toEqual([S]);
    repo.git('reset', '-q', '--hard', 'HEAD~1');
    expect(gitRun(repo, ['cherry-pick', original]).code).toBe(0);
    expect(attached(repo).map((l) => l.session)).toEqual([T]);
  });

  test('with no active session the hook does not start Node, yet cherry-pick -x still carries the sessions', () => {
    const { repo, S } = hooked();
    repo.git('checkout', '-q', '-b', 'feature');
    commit(repo, 'f.txt', 'feature fix');
    const original = repo.git('rev-parse', 'HEAD');
    repo.git('checkout', '-q', 'main');
    commit(repo, 'm.txt', 'main moves on');
    expect(repo.kiro(['chat', '--delete-session', S]).code).toBe(0); // clears the active session
    // The hook runs a stand-in for the bundle that leaves a mark, then the real one.
    const mark = join(tmp(), 'node-started');
    const standIn = join(tmp(), 'stand-in.js');
    writeFileSync(standIn, `require('fs').appendFileSync(${JSON.stringify(mark)}, 'x'); process.exitCode = require('child_process').spawnSync(process.execPath, [${JSON.stringify(CLI)}, ...process.argv.slice(2)], { stdio: 'inherit' }).status;`);
    const hookFile = join(repo.dir, '.git', 'hooks', 'post-commit');
    writeFileSync(hookFile, readFileSync(hookFile, 'utf8').split(CLI).join(standIn));
    // Without Node: a plain commit leaves no note, no hook log, and Node never started.
    const before = repo.git('for-each-ref', '--format=%(objectname)', 'refs/notes/kiro');
    commit(repo, 'n.txt', 'no session now');
    expect(repo.git('for-each-ref', '--format=%(objectname)', 'refs/notes/kiro')).toBe(before);
    expect(existsSync(join(repo.dir, '.git', 'kiro-sessions', 'hook.log'))).toBe(false);
    expect(existsSync(mark)).toBe(false);
    // A cherry-pick -x is the one case that needs it with no active session.
    expect(gitRun(repo, ['cherry-pick', '-x', original]).code).toBe(0);
    expect(existsSync(mark)).toBe(true);
    expect(attached(repo).map((l) => l.session)).toEqual([S]);
  });

  test('a detached HEAD and a linked worktree with its own active session', () => {
    const { repo, S } = hooked();
    const wt = join(tmp(), 'wt');
    repo.git('worktree', 'add', '-q', '--detach', wt);
    const W = randomUUID();
    repo.kiro(['save', '--stdin'], { input: kiroSession(W, ['Worktree task']), cwd: wt });
    expect(commit(repo, 'w.txt', 'from the worktree', wt).code).toBe(0);
    expect(attached(repo, repo.git('-C', wt, 'rev-parse', 'HEAD')).map((l) => l.session)).toEqual([W]);
    expect(commit(repo, 'm.txt', 'from main').code).toBe(0);
    expect(attached(repo).map((l) => l.session)).toEqual([S]);
  });

  test('an old active session (over 24 h) is not attached', () => {
    const { repo } = hooked();
    const activeFile = join(repo.dir, '.git', 'kiro-active.json');
    const active = JSON.parse(readFileSync(activeFile, 'utf8'));
    writeFileSync(activeFile, JSON.stringify({ ...active, at: new Date(Date.now() - 25 * 3600 * 1000).toISOString() }));
    commit(repo, 'a.txt', 'much later');
    expect(attached(repo)).toEqual([]);
  });
});

describe('the installer', () => {
  const userHook = '#!/bin/sh\n# the user\'s own hook\necho "user hook ran" >> "$(git rev-parse --git-dir)/user-hook.log"\n';

  test('chains an existing post-commit hook; uninstall restores it byte for byte', () => {
    const repo = makeRepo();
    const path = join(repo.dir, '.git', 'hooks', 'post-commit');
    writeFileSync(path, userHook);
    chmodSync(path, 0o751);
    expect(repo.kiro(['hooks', 'install']).stderr).toContain('installed; your existing hook still runs first');
    expect(repo.kiro(['hooks', 'install']).code).toBe(0); // idempotent
    const S = randomUUID();
    repo.kiro(['save', '--stdin'], { input: kiroSession(S, ['x']) });
    commit(repo, 'a.txt', 'both hooks');
    expect(readFileSync(join(repo.dir, '.git', 'user-hook.log'), 'utf8')).toBe('user hook ran\n');
    expect(attached(repo).map((l) => l.session)).toEqual([S]);
    expect(JSON.parse(repo.kiro(['hooks', 'status', '--json']).stdout).hooks[0]).toEqual({ name: 'post-commit', state: 'installed', chained: true });
    expect(repo.kiro(['hooks', 'uninstall']).code).toBe(0);
    expect(readFileSync(path, 'utf8')).toBe(userHook);
    expect(statSync(path).mode & 0o777).toBe(0o751);
    expect(existsSync(join(repo.dir, '.git', 'hooks', 'post-rewrite'))).toBe(false);
    expect(() => repo.git('config', '--get', 'notes.rewriteRef')).toThrow();
    expect(() => repo.git('config', '--get', 'notes.rewriteMode')).toThrow();
  });

  test('core.hooksPath (husky-style) is where the hooks go', () => {
    const repo = makeRepo();
    mkdirSync(join(repo.dir, '.husky'));
    repo.git('config', 'core.hooksPath', '.husky');
    writeFileSync(join(repo.dir, '.husky', 'post-commit'), userHook);
    chmodSync(join(repo.dir, '.husky', 'post-commit'), 0o755);
    repo.git('config', 'notes.rewriteMode', 'concatenate');
    expect(repo.kiro(['hooks', 'install']).code).toBe(0);
    expect(JSON.parse(repo.kiro(['hooks', 'status', '--json']).stdout).hooksDir).toBe(join(repo.dir, '.husky'));
    const S = randomUUID();
    repo.kiro(['save', '--stdin'], { input: kiroSession(S, ['x']) });
    commit(repo, 'a.txt', 'with husky');
    expect(readFileSync(join(repo.dir, '.git', 'user-hook.log'), 'utf8')).toBe('user hook ran\n');
    expect(attached(repo).map((l) => l.session)).toEqual([S]);
    repo.kiro(['hooks', 'uninstall']);
    expect(readFileSync(join(repo.dir, '.husky', 'post-commit'), 'utf8')).toBe(userHook);
    expect(repo.git('config', '--get', 'notes.rewriteMode')).toBe('concatenate');
  });

  test('a hook whose store write fails: the commit succeeds, with one warning line', () => {
    const { repo } = hooked();
    // A ref lock left behind by a crashed git: every notes write fails.
    writeFileSync(join(repo.dir, '.git', 'refs', 'notes', 'kiro.lock'), '');
    // And the log directory cannot be created either.
    writeFileSync(join(repo.dir, '.git', 'kiro-sessions-blocker'), '');
    const r = commit(repo, 'a.txt', 'still commits');
    expect(r.code).toBe(0);
    expect(repo.git('log', '-1', '--format=%s')).toBe('still commits');
    const warnings = r.stderr.split('\n').filter(Boolean);
    expect(warnings).toEqual([expect.stringMatching(/^git-kiro: warning: post-commit: the session was not recorded: refs\/notes\/kiro is locked/)]);
    expect(readFileSync(join(repo.dir, '.git', 'kiro-sessions', 'hook.log'), 'utf8')).toContain('is locked');
  });
});

test('resume --head in a second clone returns the same session', () => {
  const { repo, S } = hooked();
  commit(repo, 'a.txt', 'shared work');
  const b = makeRepo({ clone: repo.dir });
  b.git('fetch', '-q', 'origin', 'refs/notes/kiro:refs/notes/kiro');
  const r = b.kiro(['resume', '--head', '--json']);
  expect(r.code).toBe(0);
  expect(JSON.parse(r.stdout).id).toBe(S);
  expect(JSON.parse(b.kiro(['load', '--head']).stdout).conversation_id).toBe(S);
  expect(JSON.parse(b.kiro(['load', '--commit', 'HEAD']).stdout).conversation_id).toBe(S);
  const none = b.kiro(['resume', '--commit', 'HEAD~1']);
  expect(none.code).toBe(3);
  expect(errLines(none)[0]).toMatch(/^error: no session is attached to HEAD~1/);
});
