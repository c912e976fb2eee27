import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { openWorkspace } from '../src/workspace/open';
import { saveSession } from '../src/api/save-session';
import { sessionKey } from '../src/store/notes-layout';
import { join } from 'node:path';
import { kiroSession, makeRepo, tmp, type Repo } from './helpers/repo';

/** Saves `n` sessions in-process (the real store on the real repo, without n node starts). */
async function saveMany(repo: Repo, n: number, scope = ''): Promise<string[]> {
  const store = await openWorkspace({ cwd: scope ? `${repo.dir}/${scope}` : repo.dir, env: repo.env });
  const ids: string[] = [];
  try {
    for (let i = 0; i < n; i++) {
      const id = randomUUID();
      await saveSession(store, { bytes: Buffer.from(kiroSession(id, [`prompt ${i}`])), origin: `s${i}` });
      ids.push(id);
    }
  } finally {
    store.close();
  }
  return ids;
}

const depthOfEveryPath = (repo: Repo) => new Set(repo.git('ls-tree', '-r', '--name-only', 'refs/notes/kiro').split('\n').map((p) => p.split('/').length));

describe('interop with native git notes', () => {
  test('git lists and shows every note we write, past its own fanout switch (300 sessions)', async () => {
    const repo = makeRepo();
    const ids = await saveMany(repo, 300);
    const listed = repo.git('notes', '--ref=kiro', 'list').split('\n');
    expect(listed).toHaveLength(300);
    const annotated = new Set(listed.map((l) => l.split(' ')[1]));
    for (const id of ids) expect(annotated.has(sessionKey(id, 'sha1'))).toBe(true);
    // git show of a note by its key, for a sample: the record, as JSON.
    for (const id of [ids[0], ids[150], ids[299]]) {
      const note = JSON.parse(repo.git('notes', '--ref=kiro', 'show', sessionKey(id, 'sha1')));
      expect(note.id).toBe(id);
    }
    // Every path of the tree (notes and their sidecars) sits at one depth: 2/38.
    expect([...depthOfEveryPath(repo)]).toEqual([2]);
    // And git's own view agrees: the annotated objects exist.
    expect(repo.git('cat-file', '-p', sessionKey(ids[7], 'sha1'))).toBe(`kiro-session ${ids[7]}`);
  });

  test('we read notes that git wrote, flat and fanned out, and normalise the layout on our next write', async () => {
    const source = makeRepo();
    const ids = await saveMany(source, 160);
    // Rebuild the same notes in a second repository with git's own `notes add`: git
    // chooses the layout (flat while small, fanned out later).
    const target = makeRepo();
    const tree = source.git('ls-tree', '-r', 'refs/notes/kiro').split('\n');
    const blobs = new Map(tree.map((l) => [l.split('\t')[1], l.split(' ')[2].split('\t')[0]]));
    const layouts = new Set<number>();
    for (const [i, id] of ids.entries()) {
      const key = sessionKey(id, 'sha1');
      const path = `${key.slice(0, 2)}/${key.slice(2)}`;
      execGit(target, ['hash-object', '-w', '--stdin'], source.git('cat-file', '-p', blobs.get(`${path}.src`)!));
      execGit(target, ['hash-object', '-w', '--stdin'], `kiro-session ${id}\n`);
      const noteContent = source.git('cat-file', '-p', blobs.get(path)!);
      execGit(target, ['notes', '--ref=kiro', 'add', '-F', '-', key], noteContent);
      if (i === 40 || i === 159) layouts.add(Math.max(...depthOfEveryPath(target)));
    }
    expect(layouts).toEqual(new Set([1, 2])); // git wrote flat at 41 notes, fanned out at 160
    // A record is read only with its conversation beside it (the .src sidecar, where the
    // note is): git notes cannot add one, so add them into git's own layout by hand.
    const index = join(tmp('kiro-index-'), 'index');
    const idx = { ...target.env, GIT_INDEX_FILE: index };
    execFileSync('git', ['read-tree', 'refs/notes/kiro'], { cwd: target.dir, env: idx });
    for (const line of target.git('ls-tree', '-r', 'refs/notes/kiro').split('\n')) {
      const path = line.split('\t')[1];
      const key = path.replace(/\//g, '');
      const src = blobs.get(`${key.slice(0, 2)}/${key.slice(2)}.src`)!;
      execFileSync('git', ['update-index', '--add', '--cacheinfo', `100644,${src},${path}.src`], { cwd: target.dir, env: idx });
    }
    const withSidecars = execFileSync('git', ['write-tree'], { cwd: target.dir, env: idx }).toString().trim();
    const commit = target.git('commit-tree', withSidecars, '-p', 'refs/notes/kiro', '-m', 'sidecars');
    target.git('update-ref', 'refs/notes/kiro', commit);
    const list = target.kiro(['list', '--all', '--json']);
    expect(list.code).toBe(0);
    expect(JSON.parse(list.stdout).map((s: { id: string }) => s.id).sort()).toEqual([...ids].sort());
    expect(target.kiro(['load', ids[3]]).code).toBe(0);
    // Our next write rewrites the tree whole, at one depth, and keeps every note.
    await saveMany(target, 1);
    expect([...depthOfEveryPath(target)]).toEqual([2]);
    expect(target.git('notes', '--ref=kiro', 'list').split('\n')).toHaveLength(161);
  });

  test('git gc --prune=now then git notes prune loses nothing', async () => {
    const repo = makeRepo();
    const ids = await saveMany(repo, 5);
    repo.git('gc', '--quiet', '--prune=now');
    repo.git('notes', '--ref=kiro', 'prune');
    expect(repo.git('notes', '--ref=kiro', 'list').split('\n')).toHaveLength(5);
    for (const id of ids) {
      const r = repo.kiro(['load', id]);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.stdout).conversation_id).toBe(id);
    }
  });
});

function execGit(repo: Repo, args: string[], input: string): string {
  return require('node:child_process').execFileSync('git', args, { cwd: repo.dir, env: repo.env, input, encoding: 'utf8' });
}
