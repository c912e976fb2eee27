import type { Conversation } from '../model/message';
import type { FormatAdapter } from '../formats/adapter';
import { AGENTS } from './registry';

/** Every format of every agent, in detection order (the most specific shapes first). */
export const ADAPTERS: FormatAdapter[] = AGENTS.flatMap((a) => a.formats);

/** Stored format name -> the adapter that reads it. */
const BY_FORMAT = new Map<string, FormatAdapter>(ADAPTERS.flatMap((a) => [a.name, ...(a.aliases ?? [])].map((n) => [n, a] as const)));

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
