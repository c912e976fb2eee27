import { posix } from 'node:path';
import { normaliseSource } from '../agents/formats';
import { filesWritten } from '../agents/registry';
import { blameRuns, changedFiles, parentTime } from '../git/blame';
import type { ToolCall } from '../model/message';
import type { SessionRecord } from '../model/session-record';
import { turnsOf } from '../model/turns';
import type { GitWorkspace } from '../workspace/workspace';
import { attachedVersion } from './commit-sessions';

export interface BlameTurn {
  turn: number;
  prompt: string;
  reply: string;
  toolCall: ToolCall;
}

export interface BlameSession {
  id: string;
  title: string;
  /** No session is attached to the commit: this one wrote the file in the commit's time window. */
  guess?: boolean;
  /** The turns whose tool calls wrote or edited the file (empty: attached, but none did). */
  turns: BlameTurn[];
}

export interface BlameHunk {
  file: string;
  lines: [number, number];
  commit: string | null;
  subject: string;
  sessions: BlameSession[];
}

/**
 * From lines of a file to the conversation that wrote them: git blame's commit for each
 * run of lines, the sessions attached to it (as they were when attached), and in each
 * the turns whose tool calls wrote or edited this file (the agent's own tool names:
 * Claude's Write/Edit, Codex's apply_patch and shell redirections, Gemini's write_file,
 * Kiro's fs_write …). A commit with no session attached falls back to sessions whose
 * tool calls wrote the file between its parent commit and it, marked as a guess.
 * `file` is relative to the worktree root.
 */
export async function blameFile(git: GitWorkspace, file: string, ranges: [number, number][] = []): Promise<BlameHunk[]> {
  const rel = posix.normalize(file.split('\\').join('/'));
  const runs = await blameRuns(git.repo.root, rel, ranges);
  const byCommit = new Map<string, BlameSession[]>();
  const out: BlameHunk[] = [];
  for (const r of runs) {
    let sessions: BlameSession[] = [];
    if (r.commit) {
      if (!byCommit.has(r.commit)) byCommit.set(r.commit, await sessionsFor(git, r.commit, r.time, rel));
      sessions = byCommit.get(r.commit)!;
    }
    out.push({ file: rel, lines: [r.from, r.to], commit: r.commit, subject: r.subject, sessions });
  }
  return out;
}

async function sessionsFor(git: GitWorkspace, commit: string, time: number, rel: string): Promise<BlameSession[]> {
  const attached = await git.attachments.of(commit);
  const out: BlameSession[] = [];
  for (const a of attached) {
    const record = await attachedVersion(git, a).catch(() => undefined);
    if (record) out.push({ id: record.id, title: record.title, turns: await turnsWriting(git, record, rel) });
  }
  if (out.length) return out;
  // No attachment (the hooks were not installed): sessions that wrote the file in the
  // commit's window, from its parent commit (or a day before a root commit) to it.
  const from = ((await parentTime(git.repo.root, commit)) ?? time - 86400) * 1000;
  const to = time * 1000 + 60_000;
  for (const s of await git.sessions.summaries()) {
    if (s.share || Date.parse(s.updatedAt) < from || Date.parse(s.createdAt) > to) continue;
    const record = await git.sessions.record(s.id);
    if (!record) continue;
    const turns = (await turnsWriting(git, record, rel)).filter((t) => t.at === undefined || (Date.parse(t.at) >= from && Date.parse(t.at) <= to));
    if (turns.length) out.push({ id: record.id, title: record.title, guess: true, turns: turns.map(({ at: _at, ...t }) => t) });
  }
  return out;
}

async function turnsWriting(git: GitWorkspace, record: SessionRecord, rel: string): Promise<(BlameTurn & { at?: string })[]> {
  const { messages } = normaliseSource(record.source.format, await git.sessions.source(record));
  const out: (BlameTurn & { at?: string })[] = [];
  for (const t of turnsOf(messages)) {
    const call = t.toolCalls.find((c) => filesWritten(record.source.format, c).some((p) => samePath(p, rel, record.scope)));
    if (call) out.push({ turn: t.turn, prompt: t.prompt, reply: t.reply, toolCall: call, ...(t.at ? { at: t.at } : {}) });
  }
  return out;
}

/**
 * Whether a path a tool call named is the repository file `rel`. Agents give absolute
 * paths of the machine they ran on (another clone's root) or paths relative to where
 * they ran (the session's directory in the worktree): compare by the path's end.
 */
export function samePath(p: string, rel: string, scope: string): boolean {
  const norm = p.split('\\').join('/').replace(/^\.\//, '');
  if (posix.isAbsolute(norm)) return norm === `/${rel}` || norm.endsWith(`/${rel}`);
  return posix.normalize(posix.join(scope || '.', norm)) === rel || norm === rel;
}

export interface CommitTurns {
  commit: string;
  subject: string;
  sessions: { id: string; title: string }[];
  /** Per file the commit changed: the turns (of its sessions) that wrote it. */
  files: { file: string; turns: { session: string; turn: number; prompt: string }[] }[];
}

/** A commit's page: its sessions and, per file it changed, the turn that changed it. */
export async function commitTurns(git: GitWorkspace, commit: string): Promise<CommitTurns> {
  const { subject, files } = await changedFiles(git.repo.root, commit);
  const sessions: { record: SessionRecord }[] = [];
  for (const a of await git.attachments.of(commit)) {
    const record = await attachedVersion(git, a).catch(() => undefined);
    if (record) sessions.push({ record });
  }
  const out: CommitTurns['files'] = [];
  for (const file of files) {
    const turns: CommitTurns['files'][number]['turns'] = [];
    for (const { record } of sessions) for (const t of await turnsWriting(git, record, file)) turns.push({ session: record.id, turn: t.turn, prompt: t.prompt });
    out.push({ file, turns });
  }
  return { commit, subject, sessions: sessions.map(({ record }) => ({ id: record.id, title: record.title })), files: out };
}
