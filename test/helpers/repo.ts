import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const ROOT = resolve(__dirname, '../..');
export const CLI = join(ROOT, 'dist', 'git-kiro.js');
export const HOOKS = join(ROOT, 'hooks');
/** Real agent files, shared beside the project; tests skip where it is absent. */
export const SHARED_FIXTURES = resolve(ROOT, '..', 'shared', 'fixtures');
export const haveShared = existsSync(join(SHARED_FIXTURES, 'kiro-v1'));
export const describeShared = haveShared ? describe : describe.skip;

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

export function tmp(prefix = 'kiro-test-'): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/**
 * The environment every spawned process gets: a private HOME and XDG data dir so the
 * file store never touches the developer's, fixed identity, no colour, no pager.
 */
export function testEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const home = tmp('kiro-home-');
  return {
    PATH: process.env.PATH,
    HOME: home,
    XDG_DATA_HOME: join(home, 'data'),
    GIT_CONFIG_NOSYSTEM: '1',
    GIT_AUTHOR_NAME: 'Test Author',
    GIT_AUTHOR_EMAIL: 'author@example.com',
    GIT_COMMITTER_NAME: 'Test Author',
    GIT_COMMITTER_EMAIL: 'author@example.com',
    NO_COLOR: '1',
    LANG: 'C.UTF-8',
    ...extra,
  };
}

export interface Run {
  code: number;
  stdout: string;
  stderr: string;
  out: Buffer;
}

export interface Repo {
  dir: string;
  env: NodeJS.ProcessEnv;
  git(...args: string[]): string;
  kiro(args: string[], opts?: { cwd?: string; input?: string | Buffer; env?: NodeJS.ProcessEnv }): Run;
  kiroAsync(args: string[], opts?: { cwd?: string; input?: string | Buffer }): Promise<Run>;
}

/**
 * A real repository with one commit, configured like changesets' gitdir(): fixed
 * identity, no signing, no background gc or maintenance racing the test's cleanup.
 */
export function makeRepo(opts: { dir?: string; bare?: boolean; clone?: string } = {}): Repo {
  const env = testEnv();
  const dir = opts.dir ?? tmp('kiro-repo-');
  const git = (...args: string[]) => execFileSync('git', args, { cwd: dir, env, encoding: 'utf8', stdio: ['pipe', 'pipe', 'pipe'] }).replace(/\n$/, '');
  if (opts.clone) execFileSync('git', ['clone', '-q', opts.clone, dir], { env });
  else execFileSync('git', ['init', '-q', ...(opts.bare ? ['--bare'] : []), '-b', 'main', dir], { env });
  for (const [k, v] of [['gc.auto', '0'], ['maintenance.auto', 'false'], ['commit.gpgSign', 'false'], ['user.name', 'Test Author'], ['user.email', 'author@example.com']]) git('config', k, v);
  if (!opts.bare && !opts.clone) git('commit', '-q', '--allow-empty', '-m', 'initial');
  return {
    dir,
    env,
    git,
    kiro: (args, o = {}) => runCli(args, { cwd: o.cwd ?? dir, input: o.input, env: { ...env, ...o.env } }),
    kiroAsync: (args, o = {}) => runCliAsync(args, { cwd: o.cwd ?? dir, input: o.input, env }),
  };
}

export function runCli(args: string[], o: { cwd: string; input?: string | Buffer; env: NodeJS.ProcessEnv }): Run {
  // A time limit: spawnSync blocks the event loop, so jest's own timeout could never fire.
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd: o.cwd, env: o.env, input: o.input ?? '', maxBuffer: 512 * 1024 * 1024, timeout: 120_000 });
  return { code: r.status ?? -1, stdout: r.stdout.toString(), stderr: r.stderr.toString(), out: r.stdout };
}

export function runCliAsync(args: string[], o: { cwd: string; input?: string | Buffer; env: NodeJS.ProcessEnv }): Promise<Run> {
  return new Promise((res) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd: o.cwd, env: o.env });
    const out: Buffer[] = [];
    let err = '';
    child.stdout.on('data', (b) => out.push(b));
    child.stderr.on('data', (b) => (err += b));
    child.on('close', (code) => res({ code: code ?? -1, stdout: Buffer.concat(out).toString(), stderr: err, out: Buffer.concat(out) }));
    child.stdin.end(o.input ?? '');
  });
}

/** A minimal valid Kiro v1 ConversationState with `turns` prompt/response pairs. */
export function kiroSession(id: string, prompts: string[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify(
    {
      conversation_id: id,
      next_message: null,
      history: prompts.map((p, i) => ({
        user: { additional_context: '', env_context: { env_state: { operating_system: 'linux', current_working_directory: '/w', environment_variables: [] } }, content: { Prompt: { prompt: p } }, timestamp: null, images: null },
        assistant: { Response: { message_id: `m-${i}`, content: `answer to ${p}` } },
        request_metadata: null,
      })),
      valid_history_range: [0, prompts.length],
      transcript: prompts.flatMap((p) => [`> ${p}`, `answer to ${p}`]),
      tools: {},
      unknown_future_field: { kept: [1, 2, 3] },
      ...extra,
    },
    null,
    2,
  );
}

/** Lines of stderr that are not empty. */
export const errLines = (r: Run) => r.stderr.split('\n').filter(Boolean);

/** A bare remote and two clones of it, with one commit on main (git-bug's repoA / repoB / remote). */
export function makeTrio(): { remote: Repo; a: Repo; b: Repo } {
  const remote = makeRepo({ bare: true });
  const seed = makeRepo();
  seed.git('remote', 'add', 'origin', remote.dir);
  seed.git('push', '-q', 'origin', 'main');
  return { remote, a: makeRepo({ clone: remote.dir }), b: makeRepo({ clone: remote.dir }) };
}

/**
 * `git kiro serve --port 0` in `repo` for the length of `f`, which gets a GET helper
 * (status and body; `host` sets the Host header) and the port. The server is stopped afterwards.
 */
export async function serving(repo: Repo, f: (get: (path: string, host?: string) => Promise<{ status: number; body: string }>, port: number) => Promise<void>): Promise<void> {
  const { request } = await import('node:http');
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { cwd: repo.dir, env: repo.env });
  try {
    const port = await new Promise<number>((res) => child.stderr.on('data', (b: Buffer) => /:(\d+)\//.test(b.toString()) && res(Number(/:(\d+)\//.exec(b.toString())![1]))));
    const get = (path: string, host = `127.0.0.1:${port}`) =>
      new Promise<{ status: number; body: string }>((res) => {
        request({ host: '127.0.0.1', port, path, headers: { host } }, (r) => {
          let body = '';
          r.on('data', (d) => (body += d));
          r.on('end', () => res({ status: r.statusCode!, body }));
        }).end();
      });
    await f(get, port);
  } finally {
    child.kill();
  }
}
