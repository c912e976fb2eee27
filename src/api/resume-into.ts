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
  const { agentSessionId, path, bytes } = plugin.into.place({ id: record.id, messages, source, model: record.model }, where);
  // An agent that takes sessions in through its own command gets it each time (it may have been installed since).
  const entered = (status: ResumedInto['status']): ResumedInto => {
    const taken = plugin.into.enter ? plugin.into.enter(path, where) : true;
    return { agent: plugin.name, agentSessionId, path, command: plugin.into.command(agentSessionId, taken ? undefined : path), status };
  };
  const existing = existsSync(path) ? readFileSync(path) : undefined;
  if (existing?.equals(bytes)) return entered('unchanged');
  if (existing && !where.force) {
    const newer = existing.length > bytes.length && existing.subarray(0, bytes.length).equals(bytes);
    throw new ConflictError(`${path} already holds ${newer ? 'a newer copy of this session (it went on here)' : 'a different copy of this session'}`, {
      hint: `keep it: git kiro capture --from ${plugin.name}; or replace it: add --force`,
    });
  }
  mkdirSync(dirname(path), { recursive: true });
  writeAtomic(path, bytes);
  return entered('written');
}
