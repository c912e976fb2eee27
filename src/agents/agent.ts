import type { FormatAdapter, InputFile } from '../formats/adapter';
import type { Message } from '../model/message';
import type { FilesWritten } from './written-files';

/** A session an agent left on this machine, with the directory it ran in. */
export interface AgentSession extends InputFile {
  cwd: string;
  /** When it last changed, to find the newest (capture). */
  mtimeMs: number;
  /** A store that could not be read: import reports it as invalid, the rest goes on. */
  error?: Error;
}

/** What `hooks install --agent` did to the agent's configuration. */
export interface AgentHookChange {
  agent: string;
  file: string;
  action: 'added' | 'already there' | 'removed' | 'not there';
  /** Exactly what was added or removed. */
  snippet: string;
  /** Further files the same hook lives in (Kiro 2.x: each agent configuration). */
  more?: AgentHookChange[];
}

/**
 * One agent, as a plug-in: the formats it writes, where it keeps its sessions on a
 * machine, and how its after-turn hook is installed. Adding an agent is one folder
 * under src/agents/ exporting one of these, plus one line in registry.ts.
 */
export interface AgentPlugin {
  /** The name used on the command line and in stored records (`claude-code`). */
  name: string;
  /** How people write it (`Claude Code`). */
  label: string;
  /** The formats it writes, most specific first (detection order). */
  formats: FormatAdapter[];
  /** Every session it keeps under `home` for directories inside `root` (import --from, capture --from). */
  sessions?(home: string, root: string): Promise<AgentSession[]>;
  /** Where capture looked, for the message when it found nothing. */
  whereSessions?(home: string, cwd: string): string;
  /** Writes (or removes) its after-turn hook running `git kiro capture --from <name>`. */
  hook?(root: string, opts: { uninstall: boolean; home: string }): AgentHookChange;
  /** The files one of its tool calls wrote or edited (blame: which turn wrote a line). */
  filesWritten?: FilesWritten;
  /** Resuming a stored session in this agent: its program, and how a session enters its store. */
  into?: ResumeInto;
}

/** A stored session, as `resume --into` hands it to an agent. */
export interface SessionToResume {
  /** The session's id in git-kiro. */
  id: string;
  messages: Message[];
  /** The stored source: written as it is when it is already in this agent's format. */
  source: { format: string; bytes: Buffer };
  model?: string;
}

export interface ResumeInto {
  /** The program on PATH (`claude`): the share page offers it only where installed. */
  program: string;
  /** The file in the agent's store for this user and this checkout, and its bytes. */
  place(session: SessionToResume, where: { home: string; cwd: string }): { agentSessionId: string; path: string; bytes: Buffer; companion?: { path: string; bytes: Buffer } };
  /**
   * For an agent that takes a session in through its own command (opencode's
   * `import`): runs it on the written file; false where it could not (not installed).
   */
  enter?(path: string, where: { home: string; cwd: string }): boolean;
  /** The agent's own command that continues it (`path`: the file still to be taken in, when `enter` could not). */
  command(agentSessionId: string, path?: string): string;
}

/** The command every agent hook runs. */
export const captureCommand = (agent: string) => `git kiro capture --from ${agent}`;
