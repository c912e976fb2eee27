import { InvalidInputError } from '../errors';
import { locateJsonError } from './json-syntax';

/**
 * Sessions larger than this are refused with a clear message (stated in README): a
 * session is one git object, and hosts refuse objects of 100 MB (GitHub) or less, which
 * would make refs/notes/kiro unpushable for everyone.
 */
export const MAX_SESSION_BYTES = 95_000_000;
/** From this size on a save warns: the host's own limit may be lower than the usual 100 MB. */
export const WARN_SESSION_BYTES = 50_000_000;

/** Deeper nesting than this is refused: no agent writes it, and recursive code would overflow on it. */
export const MAX_NESTING = 200;

/**
 * Refuses JSON or JSONL text nested deeper than MAX_NESTING (brackets outside strings,
 * one linear pass, no recursion), naming the line and column where it went too deep.
 */
export function checkNesting(text: string, file: string): void {
  let depth = 0;
  let inString = false;
  let backslash = -2; // where the next backslash is; -1: there is none; -2: not looked yet
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // a backslash escapes the next character
      else if (c === 0x22) inString = false;
      else {
        // Most of a conversation is inside strings: jump to the next quote or backslash
        // (a native search) instead of looking at every character (12 ms -> 2 at 2.5 MB).
        // The next backslash is remembered, so the whole pass stays linear.
        if (backslash !== -1 && backslash < i) backslash = text.indexOf('\\', i);
        const q = text.indexOf('"', i);
        const next = q < 0 ? backslash : backslash < 0 ? q : Math.min(q, backslash);
        i = (next < 0 ? text.length : next) - 1;
      }
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > MAX_NESTING) throw new InvalidInputError(`nested deeper than ${MAX_NESTING} levels`, { file, ...lineColumn(text, i) });
    } else if (c === 0x5d || c === 0x7d) depth = Math.max(0, depth - 1);
    else if (c === 0x0a) depth = depth && text.charCodeAt(i - 1) === 0x0a ? depth : depth; // JSONL: each line stands alone only when balanced
  }
}

/**
 * Bytes to a JSON value, or an InvalidInputError that says where: empty input, the
 * first byte that is not UTF-8, or the line and column of a JSON syntax error.
 */
export function decodeJson(bytes: Buffer, file: string): unknown {
  if (bytes.length > MAX_SESSION_BYTES) {
    throw new InvalidInputError(
      `session is ${(bytes.length / 1e6).toFixed(1)} MB; the limit is ${MAX_SESSION_BYTES / 1e6} MB`,
      { file },
      'git hosts refuse objects of 100 MB, and the notes would no longer push; split the conversation, or start a new session',
    );
  }
  const text = decodeUtf8(bytes, file);
  if (!text.trim()) throw new InvalidInputError('input is empty; expected session JSON', { file });
  try {
    return JSON.parse(text);
  } catch {
    const { offset, reason } = locateJsonError(text);
    throw new InvalidInputError(`invalid JSON: ${reason}`, { file, ...lineColumn(text, offset) });
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function decodeUtf8(bytes: Buffer, file: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    const at = firstInvalidUtf8(bytes);
    throw new InvalidInputError(`not valid UTF-8 (byte ${at}, 0x${bytes[at]?.toString(16).padStart(2, '0')})`, {
      file,
      ...lineColumn(bytes.subarray(0, at).toString('latin1'), at),
    });
  }
}

function lineColumn(text: string, pos: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < pos && i < text.length; i++) {
    if (text.charCodeAt(i) === 10) {
      line++;
      lineStart = i + 1;
    }
  }
  return { line, column: pos - lineStart + 1 };
}

/** Offset of the first byte that breaks UTF-8; only called once decoding failed. */
function firstInvalidUtf8(b: Buffer): number {
  let i = 0;
  while (i < b.length) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xc2 && c < 0xe0 ? 1 : c >= 0xe0 && c < 0xf0 ? 2 : c >= 0xf0 && c < 0xf5 ? 3 : -1;
    if (n < 0) return i;
    for (let k = 1; k <= n; k++) if (i + k >= b.length || (b[i + k] & 0xc0) !== 0x80) return i;
    i += n + 1;
  }
  return i;
}
