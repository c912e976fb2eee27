import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import { ROOT, makeRepo, tmp } from './helpers/repo';

/**
 * What `npm install -g <tarball>` does, without the network (tests never need it): the
 * packed files under <prefix>/lib/node_modules/git-kiro, the production dependencies
 * beside them (from this checkout's node_modules, which `npm ci` filled), and the
 * package's `bin` and `man` entries linked into <prefix>/bin and <prefix>/share/man.
 * So it checks what the tarball really holds and what package.json declares.
 */
function installGlobally(prefix: string): void {
  const work = tmp('kiro-pack-');
  execFileSync('npm', ['pack', '--silent', '--ignore-scripts', '--pack-destination', work], { cwd: ROOT, stdio: 'pipe' });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'))!;
  const pkgDir = join(prefix, 'lib', 'node_modules', 'git-kiro');
  mkdirSync(pkgDir, { recursive: true });
  execFileSync('tar', ['-xzf', join(work, tarball), '-C', pkgDir, '--strip-components=1']);
  const deps = execFileSync('npm', ['ls', '--omit=dev', '--all', '--parseable'], { cwd: ROOT, encoding: 'utf8' }).split('\n').filter((p) => p.includes('node_modules'));
  for (const d of deps) cpSync(d, join(pkgDir, relative(ROOT, d)), { recursive: true });
  const pkg = JSON.parse(readFileSync(join(pkgDir, 'package.json'), 'utf8')) as { bin: Record<string, string>; man: string[] };
  for (const [name, file] of Object.entries(pkg.bin)) {
    mkdirSync(join(prefix, 'bin'), { recursive: true });
    symlinkSync(join(pkgDir, file), join(prefix, 'bin', name));
    chmodSync(join(pkgDir, file), 0o755);
  }
  for (const page of pkg.man) {
    const section = /\.(\d)$/.exec(page)![1];
    const dir = join(prefix, 'share', 'man', `man${section}`);
    mkdirSync(dir, { recursive: true });
    symlinkSync(join(pkgDir, page), join(dir, page.split('/').pop()!));
  }
}

test('the packed tarball, installed as npm install -g lays it out, runs as `git kiro`', () => {
  const repo = makeRepo();
  const env = repo.env;
  const prefix = join(tmp('kiro-prefix-'), 'prefix');
  installGlobally(prefix);
  const path = `${join(prefix, 'bin')}:${env.PATH}`;
  // git turns `git kiro --help` into `man git-kiro`; the page is under the prefix,
  // which a default global prefix already has on man's path.
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
