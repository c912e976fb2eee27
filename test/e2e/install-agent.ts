import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the agents are installed: outside the repository, shared by runs (GIT_KIRO_E2E_CACHE to move it). */
export const E2E_CACHE = process.env.GIT_KIRO_E2E_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'git-kiro-e2e');

/**
 * The agent's program from the npm registry at a pinned version, installed once into
 * its own folder of the cache (never a dependency of git-kiro). Returns the folder of
 * its programs, or why it cannot be had here (no registry: the test skips, saying so).
 */
export function installAgent(pkg: string, version: string, bin: string): { binDir: string } | { skip: string } {
  const dir = join(E2E_CACHE, `${pkg.replace(/^@/, '').replace(/\//g, '+')}@${version}`);
  const binDir = join(dir, 'node_modules', '.bin');
  if (existsSync(join(binDir, bin))) return { binDir };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `${pkg}@${version}`], { cwd: dir, encoding: 'utf8', timeout: 600_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.status === 0 && existsSync(join(binDir, bin))) return { binDir };
  const why = (r.error?.message ?? r.stderr ?? '').split('\n').filter(Boolean).slice(-1)[0] ?? `exit ${r.status}`;
  return { skip: `could not install ${pkg}@${version} from the npm registry (${why})` };
}
