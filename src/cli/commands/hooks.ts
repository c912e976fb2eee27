import { realpathSync } from 'node:fs';
import { homedir } from 'node:os';
import { hooksStatus } from '../../api/hooks-status';
import { installHooks } from '../../api/install-hooks';
import { uninstallHooks } from '../../api/uninstall-hooks';
import { agentNames, agentWith } from '../../agents/registry';
import { defineCommand, jsonFlag } from '../command';

/** `git kiro hooks install|uninstall|status`, and `--agent` for an agent's own after-turn hook. */
export const hooksCommand = defineCommand({
  command: 'hooks <action>',
  describe: 'install, uninstall or show the git hooks that attach sessions to commits',
  builder: (y) =>
    y
      .positional('action', { choices: ['install', 'uninstall', 'status'] as const, demandOption: true })
      .option('sync', { type: 'boolean', describe: 'also pre-push (push sessions with every git push) and post-merge/post-checkout (pull)' })
      .option('agent', { choices: agentNames('hook'), describe: 'instead: the agent\'s own hook that runs git kiro capture after each turn' })
      .option('uninstall', { type: 'boolean', describe: 'with --agent: remove what install added' })
      .option('home', { type: 'string', describe: 'with --agent codex: the home directory holding .codex' })
      .options(jsonFlag),
  run: async (a, ctx) => {
    if (a.agent) {
      // An agent's hook lives in the project (the worktree root) or in the user's home.
      const root = (await ctx.workspace()).root;
      const r = agentWith(a.agent, 'hook').hook(root, { uninstall: !!a.uninstall || a.action === 'uninstall', home: a.home ?? homedir() });
      if (a.json) return ctx.out.json(r);
      for (const c of [r, ...(r.more ?? [])]) {
        ctx.out.err(`✔ ${c.agent}: ${c.action} in ${c.file}:`);
        ctx.out.out(c.snippet.trimEnd());
      }
      return;
    }
    const git = await ctx.git(`hooks ${a.action}`);
    if (a.action === 'install') {
      // The hook runs this very node and bundle, so it works without git-kiro on PATH.
      const r = await installHooks(git, { node: process.execPath, bundle: realpathSync(process.argv[1]) }, { sync: a.sync });
      if (a.json) return ctx.out.json(r);
      for (const h of r.hooks) ctx.out.err(`✔ ${h.name}: ${h.action === 'chained' ? 'installed; your existing hook still runs first' : h.action} (${r.hooksDir}/${h.name})`);
      for (const c of r.config) ctx.out.err(`✔ git config ${c}`);
      return;
    }
    if (a.action === 'uninstall') {
      const r = await uninstallHooks(git);
      if (a.json) return ctx.out.json(r);
      if (!r.removed.length && !r.restored.length) return ctx.out.err('No git-kiro hooks were installed.');
      for (const n of r.removed) ctx.out.err(`✔ removed ${n}${r.restored.includes(n) ? ' and put back the hook that was there' : ''}`);
      return;
    }
    const s = await hooksStatus(git);
    if (a.json) return ctx.out.json(s);
    ctx.out.out(`hooks directory: ${s.hooksDir}`);
    for (const h of s.hooks) ctx.out.out(`  ${h.name.padEnd(13)} ${h.state}${h.chained ? ' (chains your own hook)' : ''}`);
    ctx.out.out(`notes.rewriteRef: ${s.rewriteRef.join(', ') || '(unset)'}`);
    ctx.out.out(`notes.rewriteMode: ${s.rewriteMode ?? '(unset: concatenate)'}`);
  },
});
