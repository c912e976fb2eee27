import { EXIT, KiroError } from './base-error';

/** Where in the input the problem is; every part optional. */
export interface InputLocation {
  file?: string;
  field?: string;
  line?: number;
  column?: number;
}

/** Input that cannot become a session: bad JSON, wrong shape, wrong encoding, too large. */
export class InvalidInputError extends KiroError {
  readonly code = 'INVALID_INPUT';
  readonly exitCode = EXIT.invalidInput;
  readonly location: InputLocation;

  constructor(problem: string, location: InputLocation = {}, hint?: string) {
    super(`${formatLocation(location)}${problem}`, { hint, data: { ...location } });
    this.location = location;
  }
}

/** `file:line:column: field: ` — the parts that are known, in the order editors expect. */
function formatLocation(loc: InputLocation): string {
  let where = loc.file ?? '';
  if (loc.line !== undefined) where += `${where ? ':' : 'line '}${loc.line}`;
  if (loc.column !== undefined) where += `:${loc.column}`;
  const parts = [where, loc.field].filter(Boolean);
  return parts.length ? `${parts.join(': ')}: ` : '';
}
