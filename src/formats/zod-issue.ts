import { InvalidInputError } from '../errors';

interface Issue {
  path: PropertyKey[];
  message: string;
  code?: string;
  expected?: string;
  input?: unknown;
  minimum?: unknown;
}

/**
 * The first zod issue as one line naming the field, e.g.
 * `history[3].user.content: missing (expected an object)`. zod/mini ships no message
 * locale (that is what keeps it small), so the wording is made here from the issue.
 * Parse with `reportInput: true` so the received value can be described.
 */
export function issueToError(issues: readonly Issue[], file: string, root = ''): InvalidInputError {
  const first = issues[0];
  const field = [root, ...first.path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${String(p)}`))]
    .join('')
    .replace(/^\./, '');
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''})` : '';
  return new InvalidInputError(`${describe(first)}${more}`, { file, field: field || '(top level)' });
}

function describe(i: Issue): string {
  const expected = i.expected === 'record' ? 'object' : i.expected;
  if (i.code === 'invalid_type') {
    if (i.input === undefined) return `missing (expected ${article(expected)})`;
    return `expected ${article(expected)}, got ${kind(i.input)}`;
  }
  if (i.code === 'too_small') return `too small (at least ${String(i.minimum)})`;
  if (i.code === 'too_big') return `too big`;
  return i.message;
}

const article = (t = 'value') => (/^[aeiou]/.test(t) ? `an ${t}` : `a ${t}`);
const kind = (v: unknown) => (v === null ? 'null' : Array.isArray(v) ? 'an array' : article(typeof v));
