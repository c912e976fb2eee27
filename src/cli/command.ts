import type { ArgumentsCamelCase, Argv } from 'yargs';
import type { CommandContext } from './context';

/**
 * One command: its words, its flags (the yargs builder) and its handler, side by side.
 * The handler's argument type is inferred from the builder, so a flag is declared once.
 */
export interface Command<O = object> {
  command: string | readonly string[];
  /** false: hidden from --help (run by hooks, not people). */
  describe: string | false;
  builder: (y: Argv) => Argv<O>;
  run: (args: ArgumentsCamelCase<O>, ctx: CommandContext) => Promise<void>;
}

/** Declares a command; only here so the handler's types are inferred from the builder. */
export function defineCommand<O>(c: Command<O>): Command<O> {
  return c;
}

/** The flag every read command takes. */
export const jsonFlag = { json: { type: 'boolean', describe: 'machine-readable output' } } as const;
export const yesFlag = { yes: { alias: 'y', type: 'boolean', describe: 'do not ask' } } as const;
export const redactFlag = { redact: { type: 'boolean', default: true, describe: 'replace secrets before storing (--no-redact stores them as they are)' } } as const;
