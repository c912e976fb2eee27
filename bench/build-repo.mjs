// Builds (once, then reuses from bench/work) a repository holding N sessions, written
// the way `git kiro import` writes them: batches of a thousand per notes commit,
// through the project's own library.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createRequire } from 'node:module';
import { kiroSession, rng, SCOPES, sessionId, sessionSize } from './corpus.mjs';

const require = createRequire(import.meta.url);
const lib = resolve('dist/lib');

export async function buildRepo(dir, n, env) {
  const ready = join(dir, '.git', 'kiro-bench-ready');
  if (existsSync(ready) && execFileSync('cat', [ready], { encoding: 'utf8' }).trim() === String(n)) return;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const git = (...a) => execFileSync('git', a, { cwd: dir, env, stdio: 'pipe' });
  git('init', '-q', '-b', 'main');
  git('config', 'gc.auto', '0');
  for (const s of SCOPES.filter(Boolean)) mkdirSync(join(dir, s), { recursive: true });
  execFileSync('sh', ['-c', 'for d in pkg/*; do echo x > $d/.keep; done; git add -A; git commit -q -m init'], { cwd: dir, env });
  const { openWorkspace } = require(join(lib, 'workspace/open.js'));
  const { buildFromInput } = require(join(lib, 'api/session-from-input.js'));
  const { parseInput } = require(join(lib, 'agents/parse-input.js'));
  const ws = await openWorkspace({ cwd: dir, env });
  const store = ws.sessions;
  const r = rng(1);
  const t0 = Date.now();
  for (let start = 0; start < n; start += 1000) {
    const items = [];
    for (let i = start; i < Math.min(n, start + 1000); i++) {
      const id = sessionId(i);
      const input = parseInput(Buffer.from(kiroSession(id, sessionSize(r), r)), `bench-${i}`);
      input.meta = { cwd: join(dir, SCOPES[i % SCOPES.length]) };
      const when = new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString();
      items.push({ id, build: buildFromInput(store, input, { id, now: when }) });
    }
    await store.upsertMany(items, `bench: sessions ${start}-${start + items.length - 1}`);
    process.stderr.write(`\r  building ${n} sessions: ${Math.min(n, start + 1000)}/${n} (${((Date.now() - t0) / 1000).toFixed(0)} s)`);
  }
  ws.close();
  process.stderr.write('\n');
  git('gc', '-q');
  execFileSync('sh', ['-c', `echo ${n} > .git/kiro-bench-ready`], { cwd: dir });
}

/**
 * The notes commit the build ended with. Every run saves sessions into these
 * repositories (and pulls the other clone's), so "this directory" grew from 200 to 456
 * sessions at 10,000 over a few runs; the benchmark puts the ref back here first, so it
 * measures the repository it describes. Recorded at first use (found by its message).
 */
export function builtTip(dir, n) {
  const file = join(dir, '.git', 'kiro-bench-tip');
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const last = Math.floor((n - 1) / 1000) * 1000;
  const tip = execFileSync('git', ['log', '--format=%H', '-1', '--fixed-strings', `--grep=bench: sessions ${last}-${n - 1}`, 'refs/notes/kiro'], { cwd: dir, encoding: 'utf8' }).trim();
  if (!/^[0-9a-f]{40}$/.test(tip)) throw new Error(`the built notes commit of ${dir} is not found; delete the folder to build it again`);
  writeFileSync(file, `${tip}\n`);
  return tip;
}
