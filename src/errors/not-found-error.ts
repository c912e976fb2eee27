import { EXIT, KiroError } from './base-error';

/** A session, commit or file the user named does not exist. */
export class NotFoundError extends KiroError {
  readonly code = 'NOT_FOUND';
  readonly exitCode = EXIT.notFound;
}
