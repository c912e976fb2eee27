import { execFileSync, spawn } from 'node:child_process';
import fc from 'fast-check';
import { deleteSession } from '../src/api/delete-session';
import { forkSession } from '../src/api/fork-session';
import { listSessions } from '../src/api/list-sessions';
import { renameSession } from '../src/api/rename-session';
import { saveSession } from '../src/api/save-session';
import { setPrivate } from '../src/api/set-private';
import { shareSession } from '../src/api/share-session';
import { viewOf } from '../src/api/show-session';
import { syncSessions } from '../src/api/sync-sessions';
import { KiroError } from '../src/errors';
import { openWorkspace, requireGit } from '../src/workspace/open';
import type { Workspace } from '../src/workspace/workspace';
import { CLI, kiroSession, makeRepo, makeTrio, type Repo } from './helpers/repo';

/**
 * A model-based property test (issue 13): random sequences of save, extend, rename,
 * delete, private on/off, share, fork, sync, hostile pushes and saves or syncs killed
 * at random points, across three clones of one remote, checked against a simple model:
 *   - no turn ever saved is lost, unless a clone that had seen it deleted its session;
 *   - a turn saved while its session was private is in no git object of any repository,
 *     and no private turn is on the remote;
 *   - after everyone syncs, every clone holds the same notes.
 * Seeded and reproducible: KIRO_FUZZ_SEED and KIRO_FUZZ_RUNS choose (npm run fuzz runs
 * many more). The closing line names both.
 */
const SEED = Number(process.env.KIRO_FUZZ_SEED ?? 20261122);
const RUNS = Number(process.env.KIRO_FUZZ_RUNS ?? 12);

type Cmd =
  | { k: 'save'; c: number }
  | { k: 'extend' | 'rename' | 'delete' | 'share' | 'fork'; c: number; pick: number }
  | { k: 'private'; c: number; pick: number; on: boolean }
  | { k: 'sync'; c: number }
  /** A save or a sync run as its own process and killed after `ms` milliseconds (SIGKILL). */
  | { k: 'kill'; c: number; pick: number; what: 'extend' | 'sync'; ms: number }
  | { k: 'hostile'; pick: number; kind: 'garbage' | 'tombstone9999' | 'wrongkey' };

const clone = fc.integer({ min: 0, max: 2 });
const pick = fc.nat(1000);
const cmd: fc.Arbitrary<Cmd> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ k: fc.constant('save' as const), c: clone }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('extend' as const), c: clone, pick }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('rename' as const), c: clone, pick }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('delete' as const), c: clone, pick }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('share' as const), c: clone, pick }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('fork' as const), c: clone, pick }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('private' as const), c: clone, pick, on: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ k: fc.constant('sync' as const), c: clone }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('hostile' as const), pick, kind: fc.constantFrom('garbage' as const, 'tombstone9999' as const, 'wrongkey' as const) }) },
  { weight: 1, arbitrary: fc.record({ k: fc.constant('kill' as const), c: clone, pick, what: fc.constantFrom('extend' as const, 'sync' as const), ms: fc.integer({ min: 0, max: 250 }) }) },
);

async function withWs<T>(r: Repo, f: (ws: Workspace) => Promise<T>): Promise<T> {
  const ws = await openWorkspace({ cwd: r.dir, env: r.env });
  try {
    return await f(ws);
  } finally {
    ws.close();
  }
}

const userTurns = async (ws: Workspace, id: string) => {
  const rec = await ws.sessions.record(id);
  if (!rec) return [];
  return (await viewOf(ws.sessions, rec)).messages.filter((m) => m.role === 'user').map((m) => m.text);
};

/** Runs git-kiro in `r` and SIGKILLs it after `ms` (if it is still running). */
function killedAfter(r: Repo, args: string[], input: string, ms: number): Promise<void> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: r.dir, env: r.env, stdio: ['pipe', 'ignore', 'ignore'] });
    const timer = setTimeout(() => child.kill('SIGKILL'), ms);
    child.on('close', () => {
      clearTimeout(timer);
      resolve();
    });
    child.stdin.on('error', () => undefined);
    child.stdin.end(input);
  });
}

/** Every object's bytes in a repository, reachable or not. */
const allObjects = (dir: string) => execFileSync('git', ['cat-file', '--batch-all-objects', '--batch'], { cwd: dir, maxBuffer: 1 << 28 }).toString('latin1');

async function run(cmds: Cmd[]): Promise<void> {
  const { remote, a, b } = makeTrio();
  const clones = [a, b, makeRepo({ clone: remote.dir })];
  const attacker = makeRepo({ clone: remote.dir });
  let n = 0;
  const saved = new Set<string>(); // every turn ever saved
  const deletable = new Set<string>(); // turns a deleter had seen
  const privateOnly = new Set<string>(); // turns saved while their session was private
  const everPrivate = new Set<string>(); // turns of sessions made private (never on the remote)
  const ids = (ws: Workspace) => listSessions(ws.sessions).then((l) => l.map((s) => s.id));
  const chosen = async (ws: Workspace, p: number) => {
    const l = await ids(ws);
    return l.length ? l[p % l.length] : undefined;
  };
  const ignore = (e: unknown) => {
    if (!(e instanceof KiroError)) throw e; // a refusal is an answer; anything else is a bug
  };

  for (const c of cmds) {
    if (c.k === 'hostile') {
      // Anyone who can push: a garbage note, a tombstone from the year 9999, or a note
      // that claims another session's id, force-pushed over the remote's history.
      try {
        attacker.git('fetch', '-q', 'origin', '+refs/notes/kiro:refs/notes/kiro');
      } catch {
        continue; // nothing pushed yet
      }
      const keys = attacker.git('notes', '--ref=kiro', 'list').split('\n').filter(Boolean).map((l) => l.split(' ')[1]);
      if (!keys.length) continue;
      const key = keys[c.pick % keys.length];
      const note =
        c.kind === 'garbage'
          ? '{"version":1,"id":"x","source":{"blob":"HEAD:secret\\nHEAD"}}'
          : c.kind === 'tombstone9999'
            ? JSON.stringify({ version: 1, id: '00000000-0000-4000-8000-00000000dead', deleted: true, deletedAt: '9999-01-01T00:00:00Z', lastUpdatedAt: '9999-01-01T00:00:00Z', purged: true })
            : JSON.stringify({ version: 1, id: '00000000-0000-4000-8000-00000000beef', title: 'IMPOSTOR', scope: '', createdAt: 'x', updatedAt: 'x', messageCount: 0, preview: '', source: { format: 'kiro-v1', blob: key, size: 0 } });
      execFileSync('git', ['notes', '--ref=kiro', 'add', '-f', '-F', '-', key], { cwd: attacker.dir, env: attacker.env, input: note, stdio: ['pipe', 'pipe', 'pipe'] });
      attacker.git('push', '-q', '-f', 'origin', 'refs/notes/kiro');
      continue;
    }
    const r = clones[c.c];
    await withWs(r, async (ws) => {
      const git = requireGit(ws, 'the model');
      if (c.k === 'save') {
        const t = `turn-${++n}-x`;
        const id = `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;
        await saveSession(ws, { bytes: Buffer.from(kiroSession(id, [t])), origin: 'model' });
        saved.add(t);
        return;
      }
      if (c.k === 'kill') {
        // Killed at a random point: whatever it was doing may or may not have happened,
        // and nothing saved before may be lost (checked at the end).
        let input = '';
        if (c.what === 'extend') {
          const id = await chosen(ws, c.pick);
          const rec = id ? await ws.sessions.record(id) : undefined;
          if (!id || !rec || rec.share) return;
          const t = `turn-${++n}-killed`;
          input = kiroSession(id, [...(await userTurns(ws, id)), t]);
          if (rec.private) privateOnly.add(t); // saved or not, it must never reach an object
        }
        await killedAfter(r, c.what === 'extend' ? ['save', '--stdin'] : ['sync'], input, c.ms);
        return;
      }
      if (c.k === 'sync') {
        await syncSessions(git).catch(ignore);
        return;
      }
      const id = await chosen(ws, c.pick);
      if (!id) return;
      const rec = await ws.sessions.record(id);
      if (!rec || rec.share) return;
      if (c.k === 'extend') {
        const t = `turn-${++n}-x`;
        // The agent goes on from this clone's copy.
        await saveSession(ws, { bytes: Buffer.from(kiroSession(id, [...(await userTurns(ws, id)), t])), origin: 'model' });
        saved.add(t);
        if (rec.private) privateOnly.add(t);
      } else if (c.k === 'rename') await renameSession(ws, id, `title ${++n}`);
      else if (c.k === 'delete') {
        for (const t of await userTurns(ws, id)) deletable.add(t);
        await deleteSession(ws.sessions, id);
      } else if (c.k === 'share') await shareSession(git, id, new Date(), {}).catch(ignore);
      else if (c.k === 'fork') await forkSession(ws.sessions, id);
      else if (c.k === 'private') {
        // What is already public stays public: a copy in another session here (a fork made
        // before), or anything the remote has. The rest of this session must never leave.
        const elsewhere = new Set<string>();
        for (const other of await listSessions(ws.sessions, { all: true })) if (other.id !== id && !other.private) for (const t of await userTurns(ws, other.id)) elsewhere.add(t);
        const onRemoteNow = allObjects(remote.dir);
        const turns = (await userTurns(ws, id)).filter((t) => !elsewhere.has(t) && !onRemoteNow.includes(t));
        const r2 = await setPrivate(git, id, c.on).catch((e) => (ignore(e), undefined));
        if (r2?.changed && c.on) for (const t of turns) everPrivate.add(t);
        if (r2?.changed && !c.on) {
          for (const t of turns) {
            everPrivate.delete(t);
            privateOnly.delete(t);
          }
        }
      }
    });
  }

  // Everyone syncs (the last two see what the third pushed).
  for (const r of [...clones, clones[0], clones[1]]) await withWs(r, (ws) => syncSessions(requireGit(ws, 'sync')));
  const tips = clones.map((r) => r.git('for-each-ref', '--format=%(objectname)', 'refs/notes/kiro'));
  expect(new Set(tips).size).toBe(1);

  const found = new Set<string>();
  for (const r of clones) {
    await withWs(r, async (ws) => {
      for (const s of await listSessions(ws.sessions, { all: true })) for (const t of await userTurns(ws, s.id)) found.add(t);
    });
  }
  const lost = [...saved].filter((t) => !deletable.has(t) && !found.has(t));
  expect(lost).toEqual([]);
  const onRemote = allObjects(remote.dir);
  for (const t of [...everPrivate, ...privateOnly]) expect(onRemote.includes(t) ? `${t} on the remote` : 'ok').toBe('ok');
  for (const r of clones) {
    const objects = allObjects(r.dir);
    for (const t of privateOnly) expect(objects.includes(t) ? `${t} in an object of ${r.dir}` : 'ok').toBe('ok');
  }
}

/**
 * Sequences that once failed, run first every time. The first: a fork made before its
 * session went private is a public copy (the model once counted its turns as private).
 */
const REGRESSIONS: Cmd[][] = [
  [{ k: 'save', c: 0 }, { k: 'fork', c: 0, pick: 146 }, { k: 'private', c: 0, pick: 318, on: true }, { k: 'sync', c: 0 }],
  // A garbage note force-pushed over a version only on the remote: a merge must take the
  // last good version before it, or the next clone's fast take drops that turn (seed 4242).
  [
    { k: 'extend', c: 2, pick: 764 }, { k: 'save', c: 1 }, { k: 'sync', c: 1 }, { k: 'extend', c: 0, pick: 573 }, { k: 'save', c: 0 }, { k: 'sync', c: 0 },
    { k: 'extend', c: 1, pick: 814 }, { k: 'rename', c: 1, pick: 121 }, { k: 'extend', c: 0, pick: 909 }, { k: 'fork', c: 2, pick: 976 },
    { k: 'save', c: 2 }, { k: 'save', c: 1 }, { k: 'sync', c: 1 }, { k: 'hostile', pick: 980, kind: 'garbage' },
  ],
  // A tombstone of another id under a session's key, marked purged (found by seed 7).
  [{ k: 'save', c: 0 }, { k: 'sync', c: 0 }, { k: 'hostile', pick: 0, kind: 'tombstone9999' }, { k: 'save', c: 2 }, { k: 'sync', c: 2 }, { k: 'delete', c: 2, pick: 1 }],
];

test(`model: ${RUNS} random sequences across three clones (seed ${SEED}): nothing lost, nothing private leaked, all converge`, async () => {
  await fc.assert(
    fc.asyncProperty(fc.array(cmd, { minLength: 6, maxLength: 14 }), (cmds) => run(cmds)),
    { seed: SEED, numRuns: RUNS, endOnFailure: true, examples: REGRESSIONS.map((x) => [x]) },
  );
  console.log(`model: ${RUNS} sequences passed, seed ${SEED} (KIRO_FUZZ_SEED=${SEED} KIRO_FUZZ_RUNS=${RUNS} to replay)`);
}, 600_000);
