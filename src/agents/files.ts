import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, relative } from 'node:path';
import { InvalidInputError } from '../errors';
import { writeAtomic } from '../fs/write-atomic';
import type { AgentSession } from './agent';

/** Whether `dir` is `root` or inside it. */
export const within = (root: string, dir: string) => {
  const rel = relative(root, dir);
  return !rel.startsWith('..') && !isAbsolute(rel);
};

/** An agent's session file as read for import. */
export function readSession(path: string, cwd: string, companion?: Buffer): AgentSession {
  return { name: path, bytes: readFileSync(path), cwd, mtimeMs: statSync(path).mtimeMs, ...(companion ? { companion } : {}) };
}

/** The first value `key` finds in the first lines of a JSONL file (the directory it ran in). */
export function firstJsonlValue(path: string, key: (rec: Record<string, unknown>) => unknown): string | undefined {
  const head = readFileSync(path).toString('utf8', 0, 65536).split('\n').slice(0, 50);
  for (const line of head) {
    try {
      const v = key(JSON.parse(line));
      if (typeof v === 'string' && v) return v;
    } catch {
      /* a partial last line */
    }
  }
  return undefined;
}

/** An agent's JSON settings file as an object ({} when absent); anything else is refused, untouched. */
export function readJsonObject(file: string): Record<string, unknown> {
  if (!existsSync(file)) return {};
  try {
    const v = JSON.parse(readFileSync(file, 'utf8'));
    if (v && typeof v === 'object' && !Array.isArray(v)) return v;
  } catch {
    /* fall through */
  }
  throw new InvalidInputError('is not a JSON object; not touching it', { file });
}

/** Writes an agent's configuration file atomically, creating its folder. */
export function writeConfigFile(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeAtomic(file, text);
}
