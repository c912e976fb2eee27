import { execFileSync, spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, makeRepo, ROOT, tmp, type Repo } from '../helpers/repo';
import { installAgent } from './install-agent';
import { startMockModel, type MockModel } from './mock-model';

/**
 * The real agents, end to end, the way two teammates use them: on clone A a real turn
 * (which writes a file through the agent's own tool) is captured by the hook that
 * `git kiro hooks install --agent` wrote, the next commit carries it, and it is pushed;
 * on clone B, another machine (a fresh HOME), `git kiro pull` then `git kiro resume ID
 * --into <agent>` hands it to the agent, whose own resume command completes a turn
 * whose request to the model carries the first prompt. The model is a mock on
 * 127.0.0.1 (test/e2e/mock-model.ts); the agents come from the npm registry at pinned
 * versions into a cache folder, and the test skips, saying so, where they cannot.
 */

interface Machine {
  home: string;
  env: NodeJS.ProcessEnv;
}

interface AgentSpec {
  name: string;
  pkg: string;
  version: string;
  bin: string;
  /** The agent's settings for this machine and checkout: pointed at the mock. */
  configure(m: Machine, dir: string, mock: MockModel): void;
  env(mock: MockModel): NodeJS.ProcessEnv;
  /** One turn, non-interactive, allowed to write files. */
  turn(prompt: string): string[];
  /** The printed command (already split, program first) made non-interactive with a prompt. */
  resume(command: string[], prompt: string): string[];
}

/** opencode's (and Kilo's) project config: a provider for the mock, and its model as the default. */
const openCodeConfig = (file: string, mock: MockModel) =>
  writeFileSync(file, JSON.stringify({ provider: { mock: { npm: '@ai-sdk/openai-compatible', options: { baseURL: `${mock.url}/v1`, apiKey: 'dummy' }, models: { 'mock-model': {} } } }, model: 'mock/mock-model' }));

const AGENTS: AgentSpec[] = [
  {
    name: 'claude-code',
    pkg: '@anthropic-ai/claude-code',
    version: '2.1.197',
    bin: 'claude',
    configure: () => {},
    env: (mock) => ({ ANTHROPIC_BASE_URL: mock.url, ANTHROPIC_API_KEY: 'dummy', CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC: '1' }),
    turn: (p) => ['-p', p, '--output-format', 'json', '--permission-mode', 'acceptEdits'],
    resume: (c, p) => [...c, '-p', p, '--output-format', 'json'],
  },
  {
    name: 'codex',
    pkg: '@openai/codex',
    version: '0.169.0',
    bin: 'codex',
    configure: (m, _dir, mock) => {
      mkdirSync(join(m.home, '.codex'), { recursive: true });
      writeFileSync(join(m.home, '.codex', 'config.toml'), `model = "mock-model"\nmodel_provider = "mock"\n\n[model_providers.mock]\nname = "mock"\nbase_url = "${mock.url}/v1"\nwire_api = "responses"\nenv_key = "MOCK_API_KEY"\n`);
    },
    env: () => ({ MOCK_API_KEY: 'dummy' }),
    turn: (p) => ['exec', '--json', '--skip-git-repo-check', '--dangerously-bypass-approvals-and-sandbox', p],
    // `codex exec resume ID`: exec's options go before `resume`.
    resume: (c, p) => [c[0], c[1], '--json', '--skip-git-repo-check', ...c.slice(2), p],
  },
  {
    name: 'gemini',
    pkg: '@google/gemini-cli',
    version: '0.61.0',
    bin: 'gemini',
    configure: (m) => {
      mkdirSync(join(m.home, '.gemini'), { recursive: true });
      writeFileSync(join(m.home, '.gemini', 'settings.json'), '{"security":{"auth":{"selectedType":"gemini-api-key"}}}\n');
    },
    env: (mock) => ({ GEMINI_API_KEY: 'dummy', GOOGLE_GEMINI_BASE_URL: mock.url, GEMINI_CLI_TRUST_WORKSPACE: 'true' }),
    turn: (p) => ['-p', p, '--approval-mode', 'yolo'],
    resume: (c, p) => [...c, '-p', p],
  },
  {
    name: 'opencode',
    pkg: 'opencode-ai',
    version: '1.18.33',
    bin: 'opencode',
    // The provider lives in the project's opencode.json (the user's own file: not committed here).
    configure: (_m, dir, mock) => openCodeConfig(join(dir, 'opencode.json'), mock),
    env: () => ({ OPENCODE_DISABLE_AUTOUPDATE: '1', OPENCODE_DISABLE_MODELS_FETCH: '1' }),
    turn: (p) => ['run', '--format', 'json', p],
    resume: (c, p) => [...c, '--format', 'json', p],
  },
  {
    // Kilo CLI is opencode's fork: the same plug-in, its own folders (7.8.1's binary is missing from the registry).
    name: 'kilo',
    pkg: '@kilocode/cli',
    version: '7.7.7',
    bin: 'kilo',
    configure: (_m, dir, mock) => openCodeConfig(join(dir, 'kilo.json'), mock),
    env: () => ({ KILO_DISABLE_AUTOUPDATE: '1', KILO_DISABLE_MODELS_FETCH: '1', KILO_TELEMETRY_LEVEL: 'off' }),
    turn: (p) => ['run', '--auto', '--format', 'json', p],
    resume: (c, p) => [...c, '--auto', '--format', 'json', p],
  },
  {
    name: 'qwen',
    pkg: '@qwen-code/qwen-code',
    version: '0.15.10',
    bin: 'qwen',
    configure: () => {},
    env: (mock) => ({ OPENAI_BASE_URL: `${mock.url}/v1`, OPENAI_API_KEY: 'dummy', OPENAI_MODEL: 'mock-model' }),
    turn: (p) => ['-p', p, '--approval-mode', 'yolo'],
    resume: (c, p) => [...c, '-p', p],
  },
  {
    name: 'copilot',
    pkg: '@github/copilot',
    version: '1.0.102',
    bin: 'copilot',
    // Copilot runs a project's hooks only in a folder the user trusted: the user's step, done here as they would.
    configure: (m, dir) => {
      const file = join(m.home, '.copilot', 'config.json');
      mkdirSync(join(m.home, '.copilot'), { recursive: true });
      const config = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')) : {};
      writeFileSync(file, JSON.stringify({ ...config, trusted_folders: [...(config.trusted_folders ?? []), dir] }));
    },
    env: (mock) => ({ COPILOT_PROVIDER_BASE_URL: `${mock.url}/v1`, COPILOT_PROVIDER_API_KEY: 'dummy', COPILOT_MODEL: 'mock-model' }),
    turn: (p) => ['-p', p, '--allow-all-tools'],
    resume: (c, p) => [...c, '-p', p, '--allow-all-tools'],
  },
];

/** `git kiro` on PATH, as the agents' hooks call it: this checkout's build. */
function kiroOnPath(): string {
  const bin = tmp('kiro-bin-');
  writeFileSync(join(bin, 'git-kiro'), `#!/bin/sh\nexec "${process.execPath}" "${CLI}" "$@"\n`);
  chmodSync(join(bin, 'git-kiro'), 0o755);
  return bin;
}

/** Runs a program without blocking this process (the mock model answers from it). */
function run(cmd: string, args: string[], o: { cwd: string; env: NodeJS.ProcessEnv; timeoutMs?: number }): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: o.cwd, env: o.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (b) => (stdout += b));
    child.stderr.on('data', (b) => (stderr += b));
    const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 180_000);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr });
    });
  });
}

let mock: MockModel;
let kiroBin: string;
beforeAll(async () => {
  mock = await startMockModel();
  kiroBin = kiroOnPath();
});
afterAll(() => mock?.close());

describe.each(AGENTS)('$name, for real', (spec) => {
  test('a turn captured through the installed hook on clone A resumes into the agent on clone B', async () => {
    const got = installAgent(spec.pkg, spec.version, spec.bin);
    if ('skip' in got) {
      console.warn(`e2e ${spec.name} skipped: ${got.skip}`);
      return;
    }
    const remote = makeRepo({ bare: true });
    const seed = makeRepo();
    seed.git('remote', 'add', 'origin', remote.dir);
    seed.git('push', '-q', 'origin', 'main');
    const machine = (repo: Repo): Machine => ({ home: repo.env.HOME!, env: { ...repo.env, PATH: `${kiroBin}:${got.binDir}:${process.env.PATH}`, ...spec.env(mock) } });

    // Clone A: the hooks, then one real turn that writes a file with the agent's own tool.
    const a = makeRepo({ clone: remote.dir });
    const ma = machine(a);
    spec.configure(ma, a.dir, mock);
    expect(a.kiro(['hooks', 'install']).code).toBe(0);
    const installed = a.kiro(['hooks', 'install', '--agent', spec.name, '--home', ma.home, '--json']);
    expect(installed.code).toBe(0);
    expect(JSON.parse(installed.stdout).action).toBe('added');
    const prompt = `Please create hello.txt containing hi from ${spec.name}`;
    mock.workdir = a.dir;
    const turn = await run(spec.bin, spec.turn(prompt), { cwd: a.dir, env: ma.env });
    ok(turn, `${spec.name}'s turn on clone A`);
    expect(readFileSync(join(a.dir, 'hello.txt'), 'utf8')).toContain(`hi from ${spec.name}`);

    // The hook stored it, with the prompt, the write and the reply, and made it active.
    // Codex runs its notify program without waiting for it, Copilot may run its hook before its
    // log exists (capture waits for it): give the hook its moment.
    const list = await until(() => JSON.parse(a.kiro(['list', '--json'], { env: ma.env }).stdout) as { id: string }[], (l) => l.length > 0);
    expect(list).toHaveLength(1);
    const id: string = list[0].id;
    const shown = JSON.parse(a.kiro(['show', id, '--json'], { env: ma.env }).stdout);
    const messages = shown.messages as { role: string; text: string; toolCalls?: { name: string; args: unknown }[] }[];
    expect(messages.find((m) => m.role === 'user')?.text).toContain(prompt);
    expect(messages.some((m) => m.toolCalls?.some((c) => JSON.stringify(c.args).includes('hello.txt')))).toBe(true);
    expect(messages.some((m) => m.role === 'assistant' && m.text.includes('Done'))).toBe(true);
    // The agent's own store, read by import --from, holds the same session: found, never duplicated.
    const imported = a.kiro(['import', '--from', spec.name, '--home', ma.home, '--json'], { env: ma.env });
    ok(imported, `git kiro import --from ${spec.name}`);
    expect(JSON.parse(imported.stdout)).toEqual([expect.objectContaining({ id, status: expect.stringMatching(/^(skipped|updated)$/) })]);
    expect(JSON.parse(a.kiro(['list', '--json'], { env: ma.env }).stdout)).toHaveLength(1);
    // GIT_KIRO_E2E_FIXTURES=1 keeps what the agent really wrote as the project's fixture (test/agent-files.test.ts reads them).
    if (process.env.GIT_KIRO_E2E_FIXTURES) {
      const dir = join(ROOT, 'fixtures', 'e2e', spec.name);
      mkdirSync(dir, { recursive: true });
      const file = { opencode: 'export.json', kilo: 'export.json', codex: 'rollout.jsonl', copilot: 'events.jsonl' }[spec.name] ?? 'session.jsonl';
      writeFileSync(join(dir, file), a.kiro(['export', id, '--format', 'source'], { env: ma.env }).out);
    }
    a.git('add', 'hello.txt');
    execIn(a, ma, ['commit', '-q', '-m', 'hello']);
    expect(JSON.parse(a.kiro(['show', 'HEAD', '--json'], { env: ma.env }).stdout).sessions.map((s: { session: string }) => s.session)).toEqual([id]);
    expect(a.kiro(['push'], { env: ma.env }).code).toBe(0);
    a.git('push', '-q', 'origin', 'main');

    // Clone B, another machine: pull, resume into the agent, continue with its own command.
    const b = makeRepo({ clone: remote.dir });
    const mb = machine(b);
    spec.configure(mb, b.dir, mock);
    expect(b.kiro(['pull'], { env: mb.env }).code).toBe(0);
    const r = b.kiro(['resume', id, '--into', spec.name, '--json'], { env: mb.env });
    ok(r, `git kiro resume --into ${spec.name}`);
    const into = JSON.parse(r.stdout);
    expect(Object.keys(into)).toEqual(expect.arrayContaining(['agent', 'agentSessionId', 'path', 'command']));
    expect(into.path.startsWith(mb.home)).toBe(true);
    expect(existsSync(into.path)).toBe(true);
    const again = JSON.parse(b.kiro(['resume', id, '--into', spec.name, '--json'], { env: mb.env }).stdout);
    expect(again.status).toBe('unchanged');

    const before = mock.requests.length;
    const [program, ...rest] = (into.command as string).split(' ');
    expect(program).toBe(spec.bin);
    const next = `And what did I ask first, ${spec.name}?`;
    const resumed = await run(program, spec.resume([program, ...rest], next).slice(1), { cwd: b.dir, env: mb.env });
    ok(resumed, `${spec.name} continuing on clone B`);
    const sent = mock.requests.slice(before).map((q) => q.body);
    expect(sent.some((body) => body.includes(next) && body.includes(prompt))).toBe(true);

    // Uninstall removes it (that it leaves the user's files byte for byte: test/agents.test.ts).
    const removed = a.kiro(['hooks', 'install', '--agent', spec.name, '--uninstall', '--home', ma.home, '--json']);
    expect(JSON.parse(removed.stdout).action).toBe('removed');
  });
});

/**
 * Across agents: a Claude Code session, shared, then forked straight into each other
 * agent (Kilo's "fork a shared session and continue in your editor") as text turns;
 * each agent's own resume command then sends the Claude prompt to the model.
 */
describe('across agents, for real', () => {
  test('a shared Claude Code session forked into every other agent continues there', async () => {
    const installs = AGENTS.map((spec) => ({ spec, got: installAgent(spec.pkg, spec.version, spec.bin) }));
    const missing = installs.filter((i) => 'skip' in i.got);
    if (missing.length) {
      console.warn(`e2e across agents skipped: ${missing.map((i) => (i.got as { skip: string }).skip).join('; ')}`);
      return;
    }
    const path = installs.map((i) => (i.got as { binDir: string }).binDir).join(':');
    const repo = makeRepo();
    const m: Machine = { home: repo.env.HOME!, env: { ...repo.env, PATH: `${kiroBin}:${path}:${process.env.PATH}`, ...Object.assign({}, ...AGENTS.map((s) => s.env(mock))) } };
    for (const { spec } of installs) spec.configure(m, repo.dir, mock);
    repo.kiro(['hooks', 'install', '--agent', 'claude-code']);
    const prompt = 'Please create notes.txt containing from claude';
    mock.workdir = repo.dir;
    expect((await run('claude', AGENTS[0].turn(prompt), { cwd: repo.dir, env: m.env })).code).toBe(0);
    const [{ id }] = JSON.parse(repo.kiro(['list', '--json'], { env: m.env }).stdout);
    const shared = repo.kiro(['share', id, '--yes', '--json'], { env: m.env });
    ok(shared, 'git kiro share');
    const { shareId } = JSON.parse(shared.stdout);
    for (const { spec } of installs.slice(1)) {
      const r = repo.kiro(['fork', shareId, '--into', spec.name, '--json'], { env: m.env });
      ok(r, `git kiro fork --into ${spec.name}`);
      const into = JSON.parse(r.stdout);
      const before = mock.requests.length;
      const [program, ...rest] = (into.command as string).split(' ');
      const next = `Did the fork reach ${spec.name}?`;
      const resumed = await run(program, spec.resume([program, ...rest], next).slice(1), { cwd: repo.dir, env: m.env });
      ok(resumed, `${spec.name} continuing the fork`);
      const sent = mock.requests.slice(before).map((q) => q.body);
      const carried = sent.some((b) => b.includes(next) && b.includes(prompt) && b.includes('[tool call Write'));
      if (!carried) throw new Error(`${spec.name} did not send the fork's turns; it ran ${into.command} and sent:\n${sent.map((b) => JSON.stringify((JSON.parse(b).messages ?? JSON.parse(b).input ?? []).map((m: { role?: string; content?: unknown }) => [m.role, JSON.stringify(m.content).slice(0, 160)]))).join('\n---\n')}`);
    }
  });
});

function execIn(repo: Repo, m: Machine, args: string[]): void {
  execFileSync('git', args, { cwd: repo.dir, env: m.env, stdio: 'pipe' });
}

/** `f()` once `done` holds of it, or after 20 s, whatever it is then. */
async function until<T>(f: () => T, done: (v: T) => boolean): Promise<T> {
  for (let i = 0; i < 100; i++) {
    const v = f();
    if (done(v)) return v;
    await new Promise((r) => setTimeout(r, 200));
  }
  return f();
}

/** Fails with the program's own words when it did not exit 0. */
function ok(r: { code: number; stdout: string; stderr: string }, what: string): void {
  if (r.code !== 0) throw new Error(`${what} exited ${r.code}:\n${r.stderr.slice(-3000)}\n${r.stdout.slice(-1500)}`);
}
