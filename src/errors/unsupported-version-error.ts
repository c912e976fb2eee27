import { EXIT, KiroError } from './base-error';

/** A stored document (note or cache) was written by a newer git-kiro than this one. */
export class UnsupportedVersionError extends KiroError {
  readonly code = 'UNSUPPORTED_VERSION';
  readonly exitCode = EXIT.invalidInput;

  constructor(what: string, found: unknown, supported: number) {
    super(`${what} has format version ${String(found)}; this git-kiro reads up to ${supported}`, {
      hint: 'upgrade git-kiro (npm install -g git-kiro@latest)',
      data: { found, supported },
    });
  }
}
