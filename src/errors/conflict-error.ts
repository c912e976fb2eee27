import { EXIT, KiroError } from './base-error';

/** The request is valid but clashes with what exists: an ambiguous id, a file in the way. */
export class ConflictError extends KiroError {
  readonly code = 'CONFLICT';
  readonly exitCode = EXIT.conflict;
}
