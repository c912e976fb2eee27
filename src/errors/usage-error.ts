import { EXIT, KiroError } from './base-error';

/** The command line itself is wrong (unknown option, missing argument). */
export class UsageError extends KiroError {
  readonly code = 'USAGE';
  readonly exitCode = EXIT.usage;
}
