import { EXIT, KiroError } from './base-error';

/** Something outside the tool failed: git, a user's script, the file system. */
export class ExternalError extends KiroError {
  readonly code = 'EXTERNAL';
  readonly exitCode = EXIT.external;
}
