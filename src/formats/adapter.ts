import type { Conversation } from '../model/message';

/** One file (or a file and its companion) as read for import. */
export interface InputFile {
  /** Where it came from, for messages. */
  name: string;
  bytes: Buffer;
  /** Kiro 2.x keeps a session in two files: the metadata .json and this .jsonl log. */
  companion?: Buffer;
}

/** One session found in an input, ready for the store. */
export interface ParsedInput {
  /** The format of `sourceBytes` (record.source.format). */
  format: string;
  /** Exactly what is stored and what `export --format source` gives back. */
  sourceBytes: Buffer;
  conversation: Conversation;
  /** Metadata from the source: title, createdAt, task, and the directory it ran in. */
  meta?: { id?: string; title?: string; createdAt?: string; task?: Record<string, unknown>; cwd?: string; branch?: string };
  /** Problems that did not stop the import (a corrupt line of a log, say). */
  warnings?: string[];
}

/**
 * A foreign session format. `detect` is cheap and looks at the first bytes or the
 * parsed shape; `parse` is lenient (unknown records and fields are kept in the stored
 * source and skipped in the normalised view) and throws InvalidInputError only when
 * nothing usable is there; `normalise` runs on stored bytes and never throws.
 */
export interface FormatAdapter {
  name: string;
  /** Other stored format names it reads (formats it wrote under another name). */
  aliases?: string[];
  /** File name endings it reads, for folder imports. */
  extensions: string[];
  detect(file: InputFile, json: unknown): boolean;
  parse(file: InputFile, json: unknown): ParsedInput[];
  normalise(bytes: Buffer): Conversation;
}

export type Obj = Record<string, unknown>;
export const isObj = (v: unknown): v is Obj => !!v && typeof v === 'object' && !Array.isArray(v);
export const str = (v: unknown): string => (typeof v === 'string' ? v : '');

/** Lines of a JSONL file: parsed records, and the numbers of lines that were not JSON. */
export function readJsonl(bytes: Buffer): { records: Obj[]; bad: number[] } {
  const records: Obj[] = [];
  const bad: number[] = [];
  bytes
    .toString('utf8')
    .split('\n')
    .forEach((line, i) => {
      if (!line.trim()) return;
      try {
        const v = JSON.parse(line);
        if (isObj(v)) records.push(v);
        else bad.push(i + 1);
      } catch {
        bad.push(i + 1);
      }
    });
  return { records, bad };
}

export function badLineWarnings(bad: number[]): string[] {
  if (!bad.length) return [];
  const shown = bad.slice(0, 5).join(', ');
  return [`line${bad.length > 1 ? 's' : ''} ${shown}${bad.length > 5 ? ` and ${bad.length - 5} more` : ''} not JSON: skipped in the transcript, kept in the stored source`];
}

/** Text of content given as a string or as parts with a text field. */
export function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) {
    return content
      .map((p) => (typeof p === 'string' ? p : isObj(p) ? str(p.text) || str(p.data) || (typeof p.content === 'string' ? p.content : '') : ''))
      .filter(Boolean)
      .join('\n');
  }
  return '';
}

/** The first non-empty line parsed as a JSON object: how JSONL formats are told apart. */
export function firstRecord(bytes: Buffer): Obj | undefined {
  const text = bytes.toString('utf8', 0, 1 << 20);
  const line = text.split('\n').find((l) => l.trim());
  if (!line) return undefined;
  try {
    const v = JSON.parse(line);
    return isObj(v) ? v : undefined;
  } catch {
    return undefined;
  }
}
