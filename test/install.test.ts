import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, makeRepo, tmp } from './helpers/repo';

test('npm pack installs globally and `git kiro` runs as a git subcommand', () => {
  const work = tmp('kiro-pack-');
  const repo = makeRepo();
  const env: NodeJS.ProcessEnv = { ...repo.env, npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME ?? '/root', '.npm') };
  execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, env, stdio: 'pipe' });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
  const prefix = join(work, 'prefix');
  // --prefer-offline: the dependencies are in npm's cache after `npm ci`.
  execFileSync('npm', ['install', '-g', '--prefer-offline', '--no-audit', '--no-fund', '--prefix', prefix, join(work, tarball)], { env, stdio: 'pipe' });
  const path = `${join(prefix, 'bin')}:${env.PATH}`;
  // git turns `git kiro --help` into `man git-kiro`; npm installed the page under the
  // prefix, which a default global prefix already has on man's path.
  const manEnv = { ...env, PATH: path, MANPATH: `${join(prefix, 'share', 'man')}:`, MANPAGER: 'cat', PAGER: 'cat', MANWIDTH: '100' };
  const help = execFileSync('git', ['kiro', '--help'], { cwd: repo.dir, env: manEnv, encoding: 'utf8' });
  expect(help).toContain('git kiro <command> [options]');
  expect(help).toContain('save-via-script <script>');
  expect(execFileSync('git', ['kiro', '-h'], { cwd: repo.dir, env: manEnv, encoding: 'utf8' })).toContain('git kiro <command> [options]');
  // And it works from there: save through the installed hook, list through git.
  const hook = join(prefix, 'lib', 'node_modules', 'git-kiro', 'hooks', 'kiro-save-via-script');
  const session = JSON.stringify({ conversation_id: '1a57a11e-0000-4000-8000-000000000001', history: [], valid_history_range: [0, 0], transcript: [], tools: {} });
  execFileSync(hook, [], { cwd: repo.dir, env: { ...env, PATH: path }, input: session });
  expect(execFileSync('git', ['kiro', 'list', '--json'], { cwd: repo.dir, env: { ...env, PATH: path }, encoding: 'utf8' })).toContain('1a57a11e');
});
