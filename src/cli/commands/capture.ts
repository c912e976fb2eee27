import { captureSession, type HookEvent } from '../../api/capture-session';
import { afterAutosave } from '../auto-push';
import { agentNames } from '../../agents/registry';
import { defineCommand, jsonFlag } from '../command';
import { readStdin } from '../context';

/**
 * Run by an agent's hook after each turn. It must never break the agent's turn (a
 * Claude Code Stop hook that exits 2 would block the agent from stopping): any failure
 * is one warning line and exit 0.
 */
export const captureCommand = defineCommand({
  command: 'capture [payload]',
  describe: 'store an agent\'s current session of this directory and make it active (run by the agent\'s hook after each turn)',
  builder: (y) =>
    y
      .positional('payload', { type: 'string', describe: 'the hook\'s JSON, when the agent passes it as an argument (Codex)' })
      .option('from', { choices: agentNames('sessions'), demandOption: true })
      .option('home', { type: 'string', describe: 'the home directory to look in (default: yours)' })
      .options(jsonFlag),
  run: async (a, ctx) => {
    try {
      let event: HookEvent = {};
      const raw = a.payload ?? (ctx.stdin.isTTY ? '' : (await readStdin(ctx)).toString('utf8'));
      if (raw.trim()) {
        try {
          event = JSON.parse(raw);
        } catch {
          /* an agent that sends no JSON: find the newest session of this directory */
        }
      }
      const ws = await ctx.workspace();
      const item = await captureSession(ws, a.from, event, { cwd: ctx.cwd, home: a.home, waitMs: 10_000 });
      await afterAutosave(ws);
      if (a.json) return ctx.out.json(item);
      ctx.out.err(`✔ Captured ${a.from} session ${item.id} (${item.status})`);
    } catch (e) {
      ctx.out.err(`git-kiro: warning: capture --from ${a.from}: ${(e as Error).message}`);
    }
  },
});
