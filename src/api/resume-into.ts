import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { agentWith } from '../agents/registry';
import { ConflictError } from '../errors';
import { writeAtomic } from '../fs/write-atomic';
import type { SessionRecord } from '../model/session-record';
import type { SessionStore } from '../store/session-store';
import { viewOf } from './show-session';

export interface ResumedInto {
  agent: string;
  agentSessionId: string;
  path: string;
  command: string;
  /** `written`, or `unchanged` when the agent's store already held exactly this. */
  status: 'written' | 'unchanged';
}

/**
 * Writes a stored session into an agent's own store, at the place the agent uses for
 * this user (`home`) and this checkout (`cwd`), not the one recorded on the machine it
 * came from, and returns the agent's command that continues it. Idempotent. A copy
 * already there that differs (the agent went on with it here, or it is another
 * conversation) is never overwritten without `force`: ConflictError.
 */
export async function resumeInto(store: SessionStore, record: SessionRecord, agent: string, where: { home: string; cwd: string; force?: boolean }): Promise<ResumedInto> {
  const plugin = agentWith(agent, 'into');
  const { messages } = await viewOf(store, record);
  const source = { format: record.source.format, bytes: await store.source(record) };
  const { agentSessionId, path, bytes, companion } = plugin.into.place({ id: record.id, messages, source, model: record.model }, where);
  // An agent that takes sessions in through its own command gets it each time (it may have been installed since).
  const entered = (status: ResumedInto['status']): ResumedInto => {
    const taken = plugin.into.enter ? plugin.into.enter(path, where) : true;
    return { agent: plugin.name, agentSessionId, path, command: plugin.into.command(agentSessionId, taken ? undefined : path), status };
  };
  // A session in two files (Kiro 2.x: metadata and log) is in place when both are; the log tells whether it went on.
  const files = [...(companion ? [companion] : []), { path, bytes }];
  const there = files.map((f) => (existsSync(f.path) ? readFileSync(f.path) : undefined));
  if (files.every((f, i) => there[i]?.equals(f.bytes))) return entered('unchanged');
  const i = there.findIndex((b, k) => b && !b.equals(files[k].bytes));
  if (i >= 0 && !where.force) {
    const existing = there[i]!;
    const newer = existing.length > files[i].bytes.length && existing.subarray(0, files[i].bytes.length).equals(files[i].bytes);
    throw new ConflictError(`${files[i].path} already holds ${newer ? 'a newer copy of this session (it went on here)' : 'a different copy of this session'}`, {
      hint: `keep it: git kiro capture --from ${plugin.name}; or replace it: add --force`,
    });
  }
  for (const f of files) {
    mkdirSync(dirname(f.path), { recursive: true });
    writeAtomic(f.path, f.bytes);
  }
  return entered('written');
}
