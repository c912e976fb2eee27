import { homedir } from 'node:os';
import { resolve } from 'node:path';
import { NotFoundError } from '../errors';
import type { AgentSession } from '../agents/agent';
import { agentWith } from '../agents/registry';
import type { Workspace } from '../workspace/workspace';
import { importFiles, type ImportItem } from './import-sessions';
import { existsSync, readFileSync, statSync } from 'node:fs';

/** What an agent's hook tells us, from its stdin or argument (all optional). */
export interface HookEvent {
  session_id?: string;
  transcript_path?: string;
  cwd?: string;
  'thread-id'?: string;
  /** Copilot CLI's camelCase names for the same. */
  sessionId?: string;
  transcriptPath?: string;
  /** Copilot CLI: when it called the hook (ms), also written into its log. */
  timestamp?: unknown;
  /** The whole session, from an agent whose plug-in can hand it over (opencode, Kilo: their export shape). */
  session?: unknown;
}

/**
 * The one command an agent's own hook runs after each turn: stores that agent's
 * current session of this directory and makes it this worktree's active session, so
 * the next commit carries it. The session is the one the hook names (Claude Code's
 * transcript_path, Codex's thread-id, Kiro's session), else the newest of the directory.
 * Running it twice updates; it never duplicates. Throws NotFoundError when there is none.
 */
export async function captureSession(ws: Workspace, agent: string, event: HookEvent, opts: { cwd: string; home?: string; now?: Date; waitMs?: number }): Promise<ImportItem> {
  const plugin = agentWith(agent, 'sessions');
  const cwd = resolve(event.cwd ?? opts.cwd);
  const home = opts.home ?? homedir();
  let candidate: AgentSession | undefined;
  const transcript = event.transcript_path ?? event.transcriptPath;
  // Copilot CLI writes its log behind its hook: the file may not exist yet (seen on a
  // first run) or lack the turn's last reply. Its log records this very hook call, with
  // the payload's numeric timestamp, after everything before it: wait for that line.
  // The agent's event loop goes on while its hook runs, so it comes if we wait.
  if (transcript && opts.waitMs) await appears(transcript, opts.waitMs, typeof event.timestamp === 'number' ? `"timestamp":${event.timestamp}` : undefined);
  if (event.session && typeof event.session === 'object') {
    // Checked by the agent's format adapter on import, like any file.
    candidate = { name: `${agent} session ${event.session_id ?? ''}`.trim(), bytes: Buffer.from(JSON.stringify(event.session)), cwd, mtimeMs: Date.now() };
  } else if (transcript && existsSync(transcript)) {
    // The agent names the file of this very session (Claude Code, Gemini, Qwen, Copilot).
    candidate = { name: transcript, bytes: readFileSync(transcript), cwd, mtimeMs: statSync(transcript).mtimeMs };
  } else {
    const all = (await plugin.sessions(home, cwd)).filter((s) => !s.error && resolve(s.cwd) === cwd);
    const wanted = event.session_id ?? event.sessionId ?? event['thread-id'];
    const named = wanted ? all.filter((s) => s.name.includes(wanted) || s.bytes.toString('utf8', 0, 4096).includes(wanted)) : [];
    candidate = (named.length ? named : all).sort((a, b) => b.mtimeMs - a.mtimeMs)[0];
  }
  if (!candidate) {
    const where = plugin.whereSessions ? ` (looked in ${plugin.whereSessions(home, cwd)})` : '';
    throw new NotFoundError(`no ${agent} session found for ${cwd}${where}`);
  }
  const [item] = await importFiles(ws, [candidate], { cwd: opts.cwd, now: opts.now, live: true });
  if (item.status === 'invalid') throw new NotFoundError(`the ${agent} session ${candidate.name} could not be read: ${item.reason}`);
  // A single file can be re-read at commit time for the session's latest state.
  await ws.sessions.setActive(item.id!, !candidate.companion && existsSync(candidate.name) ? candidate.name : undefined);
  return item;
}

/** Waits until `path` exists (and holds `text`), up to `ms`. */
async function appears(path: string, ms: number, text?: string): Promise<void> {
  const ready = () => existsSync(path) && (!text || readFileSync(path, 'utf8').includes(text));
  for (const until = Date.now() + ms; !ready() && Date.now() < until; ) await new Promise((r) => setTimeout(r, 100));
}
