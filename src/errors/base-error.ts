/**
 * Every error the tool expects carries a stable `code`, structured `data`, a hint for
 * the person reading it, and the process exit code the CLI should use. Anything that
 * is not a KiroError is a bug, and the CLI says so.
 */
export abstract class KiroError extends Error {
  abstract readonly code: string;
  /** Exit status documented in README.md ("Exit codes"). */
  abstract readonly exitCode: number;
  readonly hint?: string;
  readonly data: Record<string, unknown>;

  constructor(message: string, opts: { hint?: string; data?: Record<string, unknown> } = {}) {
    super(message);
    this.name = new.target.name;
    this.hint = opts.hint;
    this.data = opts.data ?? {};
  }
}

/** Exit codes, one place. */
export const EXIT = {
  ok: 0,
  bug: 1,
  usage: 2,
  notFound: 3,
  invalidInput: 4,
  conflict: 5,
  external: 6,
} as const;
