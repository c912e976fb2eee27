import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where the agents are installed: outside the repository, shared by runs (GIT_KIRO_E2E_CACHE to move it). */
export const E2E_CACHE = process.env.GIT_KIRO_E2E_CACHE ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'git-kiro-e2e');

let registryDown: string | undefined;

/**
 * The agent's program from the npm registry at a pinned version, installed once into
 * its own folder of the cache (never a dependency of git-kiro). Returns the folder of
 * its programs, or why it cannot be had here (no registry: the test skips, saying so).
 */
export function installAgent(pkg: string, version: string, bin: string): { binDir: string } | { skip: string } {
  if (registryDown) return { skip: `could not install ${pkg}@${version}: the npm registry was unreachable for an earlier agent (${registryDown})` };
  const dir = join(E2E_CACHE, `${pkg.replace(/^@/, '').replace(/\//g, '+')}@${version}`);
  const binDir = join(dir, 'node_modules', '.bin');
  if (existsSync(join(binDir, bin))) return { binDir };
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), '{"private":true}\n');
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--loglevel=error', `${pkg}@${version}`], { cwd: dir, encoding: 'utf8', timeout: 600_000, env: { ...process.env, npm_config_update_notifier: 'false' } });
  if (r.status === 0 && existsSync(join(binDir, bin))) return { binDir };
  // npm's most telling line: the error code or the failed request, not "A complete log of this run…".
  const lines = (r.error?.message ?? r.stderr ?? '').split('\n').filter(Boolean);
  const why = lines.find((l) => /npm error (code|errno|network|request to|404)/.test(l)) ?? lines[0] ?? `exit ${r.status}`;
  // No registry: the next agents would each wait out npm's retries for the same answer.
  if (/ECONNREFUSED|ENOTFOUND|EAI_AGAIN|ETIMEDOUT|ENETUNREACH|ECONNRESET|network/i.test(lines.join('\n'))) registryDown = why.trim();
  return { skip: `could not install ${pkg}@${version} from the npm registry (${why.trim()})` };
}
