import { realpathSync } from 'node:fs';
import { hooksStatus } from '../../api/hooks-status';
import { installHooks } from '../../api/install-hooks';
import { uninstallHooks } from '../../api/uninstall-hooks';
import type { CommandContext } from '../context';
import { agentHook, type HookAgent } from '../../api/agent-hooks';
import { GitSessionStore } from '../../store/git-session-store';

/** `git kiro hooks install|uninstall|status`. */
export async function hooks(a: { action: string; sync?: boolean; agent?: HookAgent; uninstall?: boolean; home?: string; json?: boolean }, ctx: CommandContext): Promise<void> {
  const store = await ctx.store();
  if (a.agent) {
    const root = store instanceof GitSessionStore ? store.repo.root : ctx.cwd;
    const r = agentHook(a.agent, root, { uninstall: a.uninstall || a.action === 'uninstall', home: a.home });
    if (a.json) return ctx.out.json(r);
    ctx.out.err(`✔ ${r.agent}: ${r.action} in ${r.file}:`);
    ctx.out.out(r.snippet.trimEnd());
    return;
  }
  if (a.action === 'install') {
    // The hook runs this very node and bundle, so it works without git-kiro on PATH.
    const r = await installHooks(store, { node: process.execPath, bundle: realpathSync(process.argv[1]) }, { sync: a.sync });
    if (a.json) return ctx.out.json(r);
    for (const h of r.hooks) ctx.out.err(`✔ ${h.name}: ${h.action === 'chained' ? 'installed; your existing hook still runs first' : h.action} (${r.hooksDir}/${h.name})`);
    for (const c of r.config) ctx.out.err(`✔ git config ${c}`);
    return;
  }
  if (a.action === 'uninstall') {
    const r = await uninstallHooks(store);
    if (a.json) return ctx.out.json(r);
    if (!r.removed.length && !r.restored.length) return ctx.out.err('No git-kiro hooks were installed.');
    for (const n of r.removed) ctx.out.err(`✔ removed ${n}${r.restored.includes(n) ? ' and put back the hook that was there' : ''}`);
    return;
  }
  const s = await hooksStatus(store);
  if (a.json) return ctx.out.json(s);
  ctx.out.out(`hooks directory: ${s.hooksDir}`);
  for (const h of s.hooks) ctx.out.out(`  ${h.name.padEnd(13)} ${h.state}${h.chained ? ' (chains your own hook)' : ''}`);
  ctx.out.out(`notes.rewriteRef: ${s.rewriteRef.join(', ') || '(unset)'}`);
  ctx.out.out(`notes.rewriteMode: ${s.rewriteMode ?? '(unset: concatenate)'}`);
}
