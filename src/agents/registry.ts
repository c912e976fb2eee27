import { existsSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { UsageError } from '../errors';
import type { ToolCall } from '../model/message';
import type { AgentPlugin } from './agent';
import { genericFilesWritten } from './written-files';
import { aiderAgent } from './aider';
import { claudeCodeAgent } from './claude-code';
import { codexAgent } from './codex';
import { geminiAgent } from './gemini';
import { kiroAgent } from './kiro';
import { kiloAgentPlugin, openCodeAgentPlugin } from './opencode';
import { qwenAgent } from './qwen';
import { copilotAgent } from './copilot';

/**
 * Every agent git-kiro knows: one line each. The command line's choices, `import
 * --from`, `capture --from`, `hooks install --agent` and format detection all read
 * this list. Order is detection order (the most specific formats first).
 */
export const AGENTS: readonly AgentPlugin[] = [kiroAgent, qwenAgent, claudeCodeAgent, codexAgent, geminiAgent, openCodeAgentPlugin, kiloAgentPlugin, copilotAgent, aiderAgent];

type Capability = 'sessions' | 'hook' | 'into';

/** The files a tool call wrote, as the agent whose format the session is in sees it. */
export function filesWritten(format: string, call: ToolCall): string[] {
  const agent = AGENTS.find((a) => a.formats.some((f) => f.name === format || f.aliases?.includes(format)));
  return (agent?.filesWritten ?? genericFilesWritten)(call);
}

/** The names of the agents that can do `cap` (for the command line's choices). */
export const agentNames = (cap: Capability): string[] => AGENTS.filter((a) => a[cap]).map((a) => a.name);

/** The agent called `name` that can do `cap`; throws a UsageError listing those that can. */
export function agentWith<C extends Capability>(name: string, cap: C): AgentPlugin & Required<Pick<AgentPlugin, C>> {
  const a = AGENTS.find((x) => x.name === name);
  if (a?.[cap]) return a as AgentPlugin & Required<Pick<AgentPlugin, C>>;
  const lacks = { hook: 'after-turn hook git-kiro can use', sessions: 'session store git-kiro can use', into: 'session store git-kiro can resume into yet' }[cap];
  throw new UsageError(`${a ? `${a.label} has no ${lacks}` : `unknown agent "${name}"`}`, { hint: `one of: ${agentNames(cap).join(', ')}` });
}

/** Whether `program` is on this PATH (how the share page knows which agents are installed here). */
function onPath(program: string, path = process.env.PATH ?? ''): boolean {
  return path.split(delimiter).some((dir) => dir && existsSync(join(dir, program)));
}

/**
 * The agents a session can be resumed into (`resume --into`, `fork --into`): those
 * installed here (their program on PATH), or every one that can when `installed` is
 * false (a published page is read on other machines).
 */
export function agentsToContinueIn(installed = true): { name: string; label: string }[] {
  return AGENTS.filter((a) => a.into && (!installed || onPath(a.into.program))).map((a) => ({ name: a.name, label: a.label }));
}
