// npm run bench -- --team [--seconds S] [--clones 1,4,8,16]: a team on one remote.
// N clones of one local bare remote, each in a loop for S seconds: save a new session,
// add a turn to a session they all share, sync. Then every clone syncs until they
// agree, and the run checks that nothing was lost. Writes the table into
// bench/results.md ("A team on one remote").
import { execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { writeSection } from './results-section.mjs';
import { join, resolve } from 'node:path';

const arg = (name, dflt) => {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : dflt;
};
const SECONDS = Number(arg('--seconds', '30'));
const CLONES = arg('--clones', '1,4,8,16').split(',').map(Number);
const CLI = resolve('dist/git-kiro.js');
const now = () => Number(process.hrtime.bigint()) / 1e6;
const pct = (a, p) => (a.length ? [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor((a.length - 1) * p))] : NaN);
const env = (home) => ({ ...process.env, HOME: home, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'bench', GIT_AUTHOR_EMAIL: 'bench@localhost', GIT_COMMITTER_NAME: 'bench', GIT_COMMITTER_EMAIL: 'bench@localhost', NO_COLOR: '1' });

function run(cwd, e, args, input = '') {
  return new Promise((res) => {
    const c = spawn(process.execPath, [CLI, ...args], { cwd, env: e });
    const out = [];
    const err = [];
    c.stdout.on('data', (b) => out.push(b));
    c.stderr.on('data', (b) => err.push(b));
    c.on('close', (code) => res({ code, stdout: Buffer.concat(out).toString(), stderr: Buffer.concat(err).toString() }));
    c.stdin.end(input);
  });
}

const kiroDoc = (id, prompts) =>
  JSON.stringify({
    conversation_id: id,
    next_message: null,
    history: prompts.map((p, i) => ({ user: { additional_context: '', env_context: { env_state: { operating_system: 'linux', current_working_directory: '/w', environment_variables: [] } }, content: { Prompt: { prompt: p } }, timestamp: null, images: null }, assistant: { Response: { message_id: `m${i}`, content: `answer to ${p}` } }, request_metadata: null })),
    valid_history_range: [0, prompts.length],
    transcript: [],
    tools: {},
  });

async function simulate(n) {
  const base = mkdtempSync(join(tmpdir(), `kiro-team-${n}-`));
  const remote = join(base, 'remote.git');
  const e0 = env(base);
  const git = (cwd, ...a) => execFileSync('git', a, { cwd, env: e0, encoding: 'utf8' }).trim();
  execFileSync('git', ['init', '-q', '--bare', '-b', 'main', remote], { env: e0 });
  const seed = join(base, 'seed');
  execFileSync('git', ['init', '-q', '-b', 'main', seed], { env: e0 });
  git(seed, 'commit', '-q', '--allow-empty', '-m', 'start');
  git(seed, 'remote', 'add', 'origin', remote);
  git(seed, 'push', '-q', 'origin', 'main');
  const SHARED = randomUUID();
  await run(seed, e0, ['save', '--stdin'], kiroDoc(SHARED, ['the shared plan']));
  await run(seed, e0, ['push']);
  const clones = [];
  for (let i = 0; i < n; i++) {
    const dir = join(base, `clone-${i}`);
    execFileSync('git', ['clone', '-q', remote, dir], { env: e0 });
    await run(dir, e0, ['pull']);
    clones.push(dir);
  }

  const created = []; // session ids
  const turns = []; // prompts added to the shared session
  const latencies = [];
  let syncs = 0;
  let retried = 0;
  let rounds = 0;
  let failures = 0;
  const end = now() + SECONDS * 1000;
  await Promise.all(
    clones.map(async (dir, i) => {
      const pending = [];
      for (let k = 0; now() < end; k++) {
        const id = randomUUID();
        if ((await run(dir, e0, ['save', '--stdin'], kiroDoc(id, [`clone ${i} session ${k}`]))).code === 0) {
          created.push(id);
          pending.push(now());
        }
        const current = await run(dir, e0, ['load', SHARED, '--format', 'source']);
        const doc = JSON.parse(current.stdout);
        const prompt = `clone ${i} turn ${k}`;
        const prompts = doc.history.map((h) => h.user.content.Prompt.prompt);
        if ((await run(dir, e0, ['save', '--stdin'], kiroDoc(SHARED, [...prompts, prompt]))).code === 0) {
          turns.push(prompt);
          pending.push(now());
        }
        const s = await run(dir, e0, ['sync', '--json']);
        syncs++;
        if (s.code !== 0) {
          failures++;
          continue;
        }
        const r = JSON.parse(s.stdout);
        rounds += r.pushRounds;
        if (r.pushRounds > 1) retried++;
        const t = now();
        for (const t0 of pending.splice(0)) latencies.push(t - t0);
      }
    }),
  );

  // Everyone syncs until they agree (each pass: one sync per clone, in turn).
  let passes = 0;
  let trees = [];
  for (; passes < 4; passes++) {
    for (const dir of clones) await run(dir, e0, ['sync']);
    trees = clones.map((dir) => git(dir, 'rev-parse', 'refs/notes/kiro^{tree}'));
    if (new Set(trees).size === 1) break;
  }
  const converged = new Set(trees).size === 1;

  // Nothing lost: every session on clone 0, every turn in the shared session or one of its forks.
  const all = JSON.parse((await run(clones[0], e0, ['list', '--all', '--json'])).stdout);
  const ids = new Set(all.map((s) => s.id));
  const lostSessions = created.filter((id) => !ids.has(id)).length;
  const kept = new Set();
  for (const s of all) {
    // The shared session, and the forks merges made of it when two clones extended it at once.
    if (!s.title.startsWith('the shared plan')) continue;
    const shown = JSON.parse((await run(clones[0], e0, ['show', s.id, '--json'])).stdout);
    for (const m of shown.messages) if (m.role === 'user') kept.add(m.text);
  }
  const lostTurns = turns.filter((t) => !kept.has(t)).length;
  const forks = all.filter((s) => s.title.startsWith('the shared plan (diverged')).length;
  if (lostTurns || lostSessions || !converged) process.stderr.write(`  kept for a look: ${base}; missing turns: ${turns.filter((t) => !kept.has(t)).join(', ')}\n`);
  else rmSync(base, { recursive: true, force: true });
  return { n, sessions: created.length, turns: turns.length, forks, lostSessions, lostTurns, converged, passes: passes + 1, syncs, failures, retried, rounds: syncs - failures ? rounds / (syncs - failures) : NaN, p50: pct(latencies, 0.5), p95: pct(latencies, 0.95) };
}

const rows = [];
for (const n of CLONES) {
  process.stderr.write(`team of ${n}: ${SECONDS} s …\n`);
  const r = await simulate(n);
  process.stderr.write(`  ${JSON.stringify(r)}\n`);
  rows.push(r);
}
const fmt = (ms) => (Number.isFinite(ms) ? `${(ms / 1000).toFixed(2)} s` : '–');
const table = [
  `## A team on one remote (\`npm run bench -- --team\`)`,
  '',
  `${new Date().toISOString().slice(0, 10)}, ${cpus().length} cores, ${SECONDS} s per team size. Each clone of one local bare remote loops: save a new session, add a turn to the session they all share, \`git kiro sync\`. Then every clone syncs in turn until all notes trees are identical.`,
  '',
  '| clones | sessions saved | turns added | sessions lost | turns lost | forks of the shared session | converged (passes) | syncs | failed syncs | pushes that needed a retry | rounds per push | save → remote p50 | p95 |',
  '| ---: | ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |',
  ...rows.map((r) => `| ${r.n} | ${r.sessions} | ${r.turns} | ${r.lostSessions} | ${r.lostTurns} | ${r.forks} | ${r.converged ? `yes (${r.passes})` : 'NO'} | ${r.syncs} | ${r.failures} | ${r.retried} (${r.syncs ? Math.round((100 * r.retried) / r.syncs) : 0} %) | ${r.rounds.toFixed(2)} | ${fmt(r.p50)} | ${fmt(r.p95)} |`),
  '',
];
console.log(table.join('\n'));
writeSection('A team on one remote', table);
if (rows.some((r) => r.lostSessions || r.lostTurns || !r.converged)) process.exitCode = 1;
