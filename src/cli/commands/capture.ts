import { captureSession, type HookEvent } from '../../api/capture-session';
import type { Agent } from '../../api/agent-sources';
import { readStdin, type CommandContext } from '../context';

/**
 * Run by an agent's hook after each turn. It must never break the agent's turn (a
 * Claude Code Stop hook that exits 2 would block the agent from stopping): any failure
 * is one warning line and exit 0.
 */
export async function capture(a: { from: Agent; payload?: string; home?: string; json?: boolean }, ctx: CommandContext): Promise<void> {
  try {
    let event: HookEvent = {};
    const raw = a.payload ?? (process.stdin.isTTY ? '' : (await readStdin()).toString('utf8'));
    if (raw.trim()) {
      try {
        event = JSON.parse(raw);
      } catch {
        /* an agent that sends no JSON: find the newest session of this directory */
      }
    }
    const item = await captureSession(await ctx.store(), a.from, event, { cwd: ctx.cwd, home: a.home });
    if (a.json) return ctx.out.json(item);
    ctx.out.err(`✔ Captured ${a.from} session ${item.id} (${item.status})`);
  } catch (e) {
    ctx.out.err(`git-kiro: warning: capture --from ${a.from}: ${(e as Error).message}`);
  }
}
