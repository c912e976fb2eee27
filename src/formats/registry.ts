import type { Conversation } from '../model/message';
import type { FormatAdapter } from './adapter';
import { aider } from './aider/adapter';
import { claudeCode } from './claude-code/adapter';
import { codex } from './codex/adapter';
import { gemini } from './gemini/adapter';
import { kiroV1 } from './kiro-v1/adapter';
import { kiroV2 } from './kiro-v2/adapter';

/** Detection order: the most specific shapes first. */
export const ADAPTERS: FormatAdapter[] = [kiroV1, kiroV2, claudeCode, codex, gemini, aider];

/** Stored format name -> the adapter that reads it. */
const BY_FORMAT = new Map<string, FormatAdapter>([...ADAPTERS.map((a) => [a.name, a] as const), ['gemini-checkpoint', gemini]]);

export const FORMAT_NAMES = ADAPTERS.map((a) => a.name);

export function adapterFor(format: string): FormatAdapter | undefined {
  return BY_FORMAT.get(format);
}

/** A stored source as messages. Never throws: an unreadable source has no messages. */
export function normaliseSource(format: string, bytes: Buffer): Conversation {
  try {
    return adapterFor(format)?.normalise(bytes) ?? { messages: [] };
  } catch {
    return { messages: [] };
  }
}
