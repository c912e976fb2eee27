import { UsageError } from '../errors';
import type { ToolCall } from '../model/message';
import type { AgentPlugin } from './agent';
import { genericFilesWritten } from './written-files';
import { aiderAgent } from './aider';
import { claudeCodeAgent } from './claude-code';
import { codexAgent } from './codex';
import { geminiAgent } from './gemini';
import { kiroAgent } from './kiro';

/**
 * Every agent git-kiro knows: one line each. The command line's choices, `import
 * --from`, `capture --from`, `hooks install --agent` and format detection all read
 * this list. Order is detection order (the most specific formats first).
 */
export const AGENTS: readonly AgentPlugin[] = [kiroAgent, claudeCodeAgent, codexAgent, geminiAgent, aiderAgent];

type Capability = 'sessions' | 'hook';

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
  throw new UsageError(`${a ? `${a.label} has no ${cap === 'hook' ? 'after-turn hook' : 'session store'} git-kiro can use` : `unknown agent "${name}"`}`, { hint: `one of: ${agentNames(cap).join(', ')}` });
}
