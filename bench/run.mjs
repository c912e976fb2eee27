// npm run bench [-- --quick]: whole-process wall-time medians on real repositories.
// Today: the floor (node -e 0) and the post-commit hook's added time per commit.
// Writes bench/results.md.
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const quick = process.argv.includes('--quick');
const RUNS = quick ? 9 : 31;
const CLI = resolve('dist/git-kiro.js');
const env = { ...process.env, GIT_AUTHOR_NAME: 'b', GIT_AUTHOR_EMAIL: 'b@b', GIT_COMMITTER_NAME: 'b', GIT_COMMITTER_EMAIL: 'b@b', NO_COLOR: '1' };
const median = (a) => [...a].sort((x, y) => x - y)[a.length >> 1];
const ms = (f) => {
  const t = process.hrtime.bigint();
  f();
  return Number(process.hrtime.bigint() - t) / 1e6;
};

function repo() {
  const dir = mkdtempSync(join(tmpdir(), 'kiro-bench-'));
  const git = (...a) => execFileSync('git', a, { cwd: dir, env, encoding: 'utf8' });
  git('init', '-q', '-b', 'main');
  git('config', 'gc.auto', '0');
  git('commit', '-q', '--allow-empty', '-m', 'init');
  return { dir, git };
}

const session = (id) =>
  JSON.stringify({ conversation_id: id, history: [{ user: { content: { Prompt: { prompt: 'bench' } } }, assistant: { Response: { content: 'ok' } } }], valid_history_range: [0, 1], transcript: [], tools: {} });

/** Median wall time of `git commit` of a one-line change, in a repo with or without the hooks. */
function commitTime(withHooks) {
  const r = repo();
  if (withHooks) {
    execFileSync(process.execPath, [CLI, 'hooks', 'install'], { cwd: r.dir, env, stdio: 'ignore' });
    execFileSync(process.execPath, [CLI, 'save', '--stdin'], { cwd: r.dir, env, input: session('0b6f3b7e-39f4-4a8e-9a57-3e7c7a0f0b0b'), stdio: ['pipe', 'ignore', 'ignore'] });
  }
  const times = [];
  for (let i = 0; i < RUNS; i++) {
    writeFileSync(join(r.dir, 'f.txt'), `${i}\n`);
    r.git('add', 'f.txt');
    times.push(ms(() => spawnSync('git', ['commit', '-q', '-m', `c${i}`], { cwd: r.dir, env })));
  }
  if (withHooks && !r.git('notes', '--ref=kiro', 'show', 'HEAD').includes('0b6f3b7e')) throw new Error('the hook did not attach the session');
  rmSync(r.dir, { recursive: true, force: true });
  return median(times);
}

const floor = median(Array.from({ length: RUNS }, () => ms(() => spawnSync(process.execPath, ['-e', '0']))));
const plain = commitTime(false);
const hooked = commitTime(true);
const rows = [
  ['`node -e 0` (the floor)', floor],
  ['`git commit`, no hooks', plain],
  ['`git commit` with git-kiro hooks and an active session', hooked],
  ['added by the post-commit hook', hooked - plain],
];
const versions = `node ${process.version}, ${execFileSync('git', ['--version'], { encoding: 'utf8' }).trim()}, ${cpus().length} × ${cpus()[0]?.model ?? 'cpu'}`;
const table = [
  `# Benchmarks`,
  ``,
  `Medians of ${RUNS} runs, whole processes, wall time (\`npm run bench${quick ? ' -- --quick' : ''}\`, ${new Date().toISOString().slice(0, 10)}).`,
  `Machine: ${versions}.`,
  ``,
  `| measurement | ms | × floor |`,
  `| --- | ---: | ---: |`,
  ...rows.map(([name, v]) => `| ${name} | ${v.toFixed(1)} | ${(v / floor).toFixed(2)} |`),
  ``,
].join('\n');
writeFileSync('bench/results.md', table);
console.log(table);
