import { homedir } from 'node:os';
import { resumeInto } from '../api/resume-into';
import { agentNames } from '../agents/registry';
import type { SessionRecord } from '../model/session-record';
import type { CommandContext } from './context';

/** `--into AGENT [--force]`, shared by resume and fork. */
export const intoFlags = {
  into: { type: 'string', describe: `write it into this agent's own store for this checkout and print the agent's command to continue (${agentNames('into').join(', ')})` },
  force: { type: 'boolean', describe: 'with --into: replace a different copy already in the agent\'s store' },
} as const;

/** Hands a stored session to an agent and says how to continue it (`{agent, agentSessionId, path, command}` with --json). */
export async function continueInto(ctx: CommandContext, record: SessionRecord, a: { into?: string; force?: boolean; json?: boolean }): Promise<void> {
  const r = await resumeInto(await ctx.sessions(), record, a.into!, { home: homedir(), cwd: ctx.cwd, force: a.force });
  if (a.json) return ctx.out.json({ agent: r.agent, agentSessionId: r.agentSessionId, path: r.path, command: r.command, session: record.id, status: r.status });
  ctx.out.err(`✔ ${r.status === 'written' ? 'Wrote' : 'Already in place:'} ${record.id} for ${r.agent} at ${r.path}`);
  ctx.out.out(r.command);
}
