// npm run bench -- --lean [--sessions 10000]: a teammate's first pull of a remote
// holding N sessions, full against lean (records first, conversations when opened;
// git's partial clone through a remote that allows filters). Reports bytes received
// and wall time, and writes the table into bench/results.md ("Lean pulls").
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { buildRepo } from './build-repo.mjs';
import { writeSection } from './results-section.mjs';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const N = Number(arg('--sessions', '10000'));
const RUNS = 3;
const CLI = resolve('dist/git-kiro.js');
const env = { ...process.env, GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@localhost', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@localhost', NO_COLOR: '1', GIT_CONFIG_NOSYSTEM: '1' };
const now = () => Number(process.hrtime.bigint()) / 1e6;
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];

const source = resolve(`bench/work/repo-${N}`);
await buildRepo(source, N, env);
const base = mkdtempSync(join(tmpdir(), 'kiro-lean-'));
const remote = join(base, 'remote.git');
execFileSync('git', ['clone', '-q', '--bare', source, remote], { env });
execFileSync('git', ['fetch', '-q', source, 'refs/notes/kiro:refs/notes/kiro'], { cwd: remote, env });
execFileSync('git', ['config', 'uploadpack.allowFilter', 'true'], { cwd: remote, env });
execFileSync('git', ['repack', '-adq'], { cwd: remote, env });

/** Bytes of the object store (what the pull brought: the clone of main is tiny and the same for both). */
const objectBytes = (dir) => {
  const out = execFileSync('git', ['count-objects', '-v'], { cwd: dir, env, encoding: 'utf8' });
  const kb = (k) => Number(new RegExp(`^${k}: (\\d+)`, 'm').exec(out)?.[1] ?? 0);
  return (kb('size') + kb('size-pack')) * 1024;
};

function firstPull(lean) {
  const times = [];
  let bytes = 0;
  let listMs = 0;
  let showMs = 0;
  for (let i = 0; i < RUNS; i++) {
    const dir = join(base, `clone-${lean}-${i}`);
    execFileSync('git', ['clone', '-q', `file://${remote}`, dir], { env });
    execFileSync('git', ['config', 'kiro.leanFetch', String(lean)], { cwd: dir, env });
    const before = objectBytes(dir);
    let t = now();
    const r = spawnSync(process.execPath, [CLI, 'pull'], { cwd: dir, env });
    times.push(now() - t);
    if (r.status !== 0) throw new Error(`pull failed: ${r.stderr}`);
    bytes = objectBytes(dir) - before;
    t = now();
    const list = spawnSync(process.execPath, [CLI, 'list', '--all', '--json'], { cwd: dir, env, maxBuffer: 1 << 30 });
    listMs = now() - t;
    const id = JSON.parse(list.stdout.toString())[0].id;
    t = now();
    spawnSync(process.execPath, [CLI, 'show', id, '--json'], { cwd: dir, env, maxBuffer: 1 << 30 });
    showMs = now() - t;
    rmSync(dir, { recursive: true, force: true });
  }
  return { ms: median(times), bytes, listMs, showMs };
}

const full = firstPull(false);
const lean = firstPull(true);
rmSync(base, { recursive: true, force: true });
const mb = (b) => `${(b / 1e6).toFixed(1)} MB`;
const table = [
  '## Lean pulls (`npm run bench -- --lean`)',
  '',
  `${new Date().toISOString().slice(0, 10)}: a new clone's first \`git kiro pull\` of a remote (file://, \`uploadpack.allowFilter\`) holding ${N.toLocaleString('en')} sessions (5-200 KB each), median of ${RUNS}. Then \`list --all\` (the cache built from the records) and \`show\` of one session (lean: its conversation fetched on the spot).`,
  '',
  '| first pull | bytes received | time | then list --all | then show one session |',
  '| --- | ---: | ---: | ---: | ---: |',
  `| full | ${mb(full.bytes)} | ${(full.ms / 1000).toFixed(2)} s | ${full.listMs.toFixed(0)} ms | ${full.showMs.toFixed(0)} ms |`,
  `| lean (\`kiro.leanFetch\`, the default) | ${mb(lean.bytes)} | ${(lean.ms / 1000).toFixed(2)} s | ${lean.listMs.toFixed(0)} ms | ${lean.showMs.toFixed(0)} ms |`,
  '',
];
console.log(table.join('\n'));
writeSection('Lean pulls', table);
