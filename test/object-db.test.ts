import fc from 'fast-check';
import { execFileSync, spawnSync } from 'node:child_process';
import { readConfig } from '../src/git/config';
import { ObjectDb } from '../src/git/object-db';
import { writeTree, type TreeEntry } from '../src/git/objects';
import { discoverRepo, refFromFiles } from '../src/git/repo';
import { readHead } from '../src/git/working-state';
import { kiroSession, makeRepo, tmp, type Repo } from './helpers/repo';

/** The ObjectDb a command in `r` would use (its config and environment). */
async function dbOf(r: Repo, env: NodeJS.ProcessEnv = r.env): Promise<ObjectDb> {
  const repo = (await discoverRepo(r.dir))!;
  return new ObjectDb(repo, await withEnv(env, () => readConfig(r.dir)), env);
}
async function withEnv<T>(env: NodeJS.ProcessEnv, f: () => Promise<T>): Promise<T> {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  try {
    return await f();
  } finally {
    for (const k of Object.keys(process.env)) if (!(k in saved)) delete process.env[k];
    Object.assign(process.env, saved);
  }
}
const git = (r: Repo, args: string[], input?: string | Buffer, env: NodeJS.ProcessEnv = r.env) => execFileSync('git', args, { cwd: r.dir, env, input, encoding: 'utf8' }).trim();

describe('objects written in this process are the objects git writes', () => {
  let repo: Repo;
  beforeAll(() => {
    repo = makeRepo();
  });

  test('blobs: the same id as git hash-object, readable by git', async () => {
    const db = await dbOf(repo);
    expect(db.inProcess).toBe(true);
    for (const data of ['', 'hello\n', Buffer.from([0, 1, 2, 255]), 'é😀'.repeat(1000)]) {
      const oid = await db.writeBlob(data);
      expect(oid).toBe(git(repo, ['hash-object', '--stdin'], data));
      expect(execFileSync('git', ['cat-file', 'blob', oid], { cwd: repo.dir })).toEqual(Buffer.from(data));
    }
    expect(await db.writeBlob('hello\n')).toBe(git(repo, ['hash-object', '--stdin'], 'hello\n')); // again: already there
  });

  test("trees: git mktree's id for any names and modes, in git's order (a directory sorts as name/)", async () => {
    const db = await dbOf(repo);
    const blob = await db.writeBlob('x');
    const sub = await db.writeTree([{ mode: '100644', name: 'f', oid: blob }]);
    const name = fc
      .array(fc.constantFrom('a', 'b', 'c', '.', '-', '_', 'é', '😀', '0', '9'), { minLength: 1, maxLength: 6 })
      .map((a) => a.join(''))
      .filter((n) => n !== '.' && n !== '..');
    const entries = fc.uniqueArray(fc.record({ name, dir: fc.boolean(), exec: fc.boolean() }), { selector: (e) => e.name, minLength: 1, maxLength: 12 });
    await fc.assert(
      fc.asyncProperty(entries, async (es) => {
        const tree: TreeEntry[] = es.map((e) => (e.dir ? { mode: '040000', name: e.name, oid: sub } : { mode: e.exec ? '100755' : '100644', name: e.name, oid: blob }));
        expect(await db.writeTree(tree)).toBe(await writeTree(repo.dir, tree));
      }),
      { numRuns: 60 },
    );
    await expect(db.writeTree([{ mode: '100644', name: 'a/b', oid: blob }])).rejects.toThrow('invalid tree entry name');
    await expect(db.writeTree([{ mode: '100644', name: 'a', oid: blob }, { mode: '040000', name: 'a', oid: sub }])).rejects.toThrow('duplicate tree entry');
  });

  test("commits: git commit-tree's body but for the time, the identity cleaned as git cleans it; fsck agrees", async () => {
    const env = { ...repo.env, GIT_AUTHOR_NAME: ' .Jane <Doe>. ', GIT_AUTHOR_EMAIL: '<jane@example.com>' };
    const db = await dbOf(repo, env);
    const tree = git(repo, ['hash-object', '-t', 'tree', '-w', '--stdin'], '');
    const head = git(repo, ['rev-parse', 'HEAD']);
    const ours = await db.commitTree(tree, [head], 'git-kiro: save x: a title');
    const theirs = git(repo, ['commit-tree', tree, '-p', head, '-m', 'git-kiro: save x: a title'], undefined, env);
    const body = (oid: string) => git(repo, ['cat-file', 'commit', oid]).replace(/> \d+ /g, '> T ');
    expect(body(ours)).toBe(body(theirs));
    expect(body(ours)).toContain('author Jane Doe <jane@example.com> T ');
    // The zone of the machine, as git writes it (a process of its own: TZ is read at start).
    const saved = repo.kiro(['save', '--stdin'], { input: kiroSession('0b000000-0000-4000-8000-000000000001', ['zone']), env: { TZ: 'Asia/Kolkata' } });
    expect(saved.code).toBe(0);
    expect(git(repo, ['cat-file', 'commit', 'refs/notes/kiro'])).toMatch(/^committer Test Author <author@example.com> \d+ \+0530$/m);
    const fsck = spawnSync('git', ['fsck', '--strict', '--no-dangling'], { cwd: repo.dir, env: repo.env, encoding: 'utf8' });
    expect([fsck.status, fsck.stderr, fsck.stdout]).toEqual([0, '', '']);
  });

  test('where git would do something else, git does it: a shared repository, a redirected object directory, dates from the environment, no identity', async () => {
    const shared = makeRepo();
    git(shared, ['config', 'core.sharedRepository', 'group']);
    expect((await dbOf(shared)).inProcess).toBe(false);
    expect((await dbOf(repo, { ...repo.env, GIT_OBJECT_DIRECTORY: tmp() })).inProcess).toBe(false);
    // The date from the environment: the commit is git's own, with that date.
    const dated = { ...repo.env, GIT_AUTHOR_DATE: '2001-02-03T04:05:06Z', GIT_COMMITTER_DATE: '2001-02-03T04:05:06Z' };
    const db = await dbOf(repo, dated);
    const tree = git(repo, ['hash-object', '-t', 'tree', '-w', '--stdin'], '');
    const c = await withEnv(dated, () => db.commitTree(tree, [], 'dated'));
    expect(git(repo, ['log', '-1', '--format=%at %ct', c])).toBe('981173106 981173106');
    // No identity anywhere: git's fallback (git-kiro's, when git has none either).
    const bare = makeRepo();
    git(bare, ['config', '--unset', 'user.name']);
    git(bare, ['config', '--unset', 'user.email']);
    const none = { PATH: process.env.PATH, HOME: tmp(), GIT_CONFIG_NOSYSTEM: '1' };
    const c2 = await withEnv(none, async () => (await dbOf(bare, none)).commitTree(git(bare, ['hash-object', '-t', 'tree', '-w', '--stdin'], ''), [], 'who'));
    expect(git(bare, ['log', '-1', '--format=%an', c2])).toMatch(/\S/);
  });
});

describe("HEAD read from the files is git's HEAD", () => {
  test('a loose branch, a packed one, a detached HEAD, a branch with no commit, a linked worktree', async () => {
    const r = makeRepo();
    const head = async (dir = r.dir) => {
      const repo = (await discoverRepo(dir))!;
      return readHead(repo);
    };
    const truth = (dir = r.dir) => spawnSync('git', ['rev-parse', '-q', '--verify', 'HEAD'], { cwd: dir, env: r.env, encoding: 'utf8' }).stdout.trim();
    expect(await head()).toBe(truth());
    git(r, ['commit', '-q', '--allow-empty', '-m', 'two']);
    git(r, ['pack-refs', '--all']);
    expect(await head()).toBe(truth());
    git(r, ['checkout', '-q', '--detach', 'HEAD~1']);
    expect(await head()).toBe(truth());
    git(r, ['checkout', '-q', '--orphan', 'empty']);
    expect(await head()).toBe('');
    const wt = `${tmp()}/wt`;
    git(r, ['worktree', 'add', '-q', '-b', 'side', wt, 'main']);
    git(r, ['-C', wt, 'commit', '-q', '--allow-empty', '-m', 'side']);
    expect(await head(wt)).toBe(truth(wt));
    expect(await head(wt)).not.toBe(git(r, ['rev-parse', 'main']));
  });
});

describe("refs read from the files are git's refs", () => {
  test('loose, packed, absent, symbolic and peeled: the same answer as rev-parse, or git is asked', async () => {
    const r = makeRepo();
    const repo = (await discoverRepo(r.dir))!;
    const head = git(r, ['rev-parse', 'HEAD']);
    const revParse = (ref: string) => spawnSync('git', ['rev-parse', '-q', '--verify', `${ref}^{commit}`], { cwd: r.dir, env: r.env, encoding: 'utf8' }).stdout.trim() || undefined;
    git(r, ['update-ref', 'refs/notes/kiro-remote/origin', head]);
    expect(refFromFiles(repo, 'refs/notes/kiro-remote/origin')).toBe(head);
    git(r, ['pack-refs', '--all']);
    expect(refFromFiles(repo, 'refs/notes/kiro-remote/origin')).toBe(head); // now only in packed-refs
    expect(refFromFiles(repo, 'refs/notes/kiro-remote/orig')).toBeUndefined(); // a prefix of a packed name is not it
    expect(refFromFiles(repo, 'refs/notes/kiro')).toBeUndefined();
    git(r, ['symbolic-ref', 'refs/heads/alias', 'refs/heads/main']);
    expect(refFromFiles(repo, 'refs/heads/alias')).toBeNull(); // symbolic: git answers
    expect(refFromFiles(repo, 'refs/notes/../HEAD')).toBeNull();
    // A tag where a commit is expected: peeled through cat-file, as rev-parse ^{commit} does.
    git(r, ['tag', '-a', '-m', 'a tag', 'v1', head]);
    git(r, ['update-ref', 'refs/notes/kiro-remote/tagged', git(r, ['rev-parse', 'v1'])]);
    const { NotesStore } = await import('../src/store/notes-store');
    const notes = new NotesStore(repo);
    try {
      for (const ref of ['refs/notes/kiro-remote/origin', 'refs/notes/kiro-remote/tagged', 'refs/notes/kiro', 'refs/heads/alias']) expect([ref, await notes.readCommitRef(ref)]).toEqual([ref, revParse(ref)]);
      git(r, ['update-ref', 'refs/notes/kiro-remote/blob', git(r, ['hash-object', '-w', '--stdin'], 'not a commit')]);
      expect(await notes.readCommitRef('refs/notes/kiro-remote/blob')).toBeUndefined();
    } finally {
      notes.cat.close();
    }
  });
});
