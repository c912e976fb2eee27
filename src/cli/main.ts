import type yargsType from 'yargs/yargs';
import { EXIT, KiroError, UsageError } from '../errors';
import type { Command } from './command';
import { attachCommand, detachCommand } from './commands/attach';
import { blameCommand } from './commands/blame';
import { captureCommand } from './commands/capture';
import { chatCommand } from './commands/chat';
import { deleteCommand } from './commands/delete';
import { doctorCommand } from './commands/doctor';
import { exportCommand } from './commands/export';
import { forkCommand } from './commands/fork';
import { historyCommand } from './commands/history';
import { hookCommand } from './commands/hook';
import { hooksCommand } from './commands/hooks';
import { importCommand } from './commands/import';
import { listCommand } from './commands/list';
import { loadCommand } from './commands/load';
import { logCommand } from './commands/log';
import { privateCommand } from './commands/private';
import { purgeCommand } from './commands/purge';
import { renameCommand } from './commands/rename';
import { resumeCommand } from './commands/resume';
import { saveCommand } from './commands/save';
import { loadViaScriptCommand, saveViaScriptCommand } from './commands/save-via-script';
import { searchCommand } from './commands/search';
import { serveCommand } from './commands/serve';
import { shareCommand, sharesCommand, unshareCommand } from './commands/share';
import { publishCommand } from './commands/publish';
import { remapCommand } from './commands/remap';
import { statusCommand } from './commands/status';
import { showCommand } from './commands/show';
import { pullCommand, pushCommand, syncCommand } from './commands/sync';
import { makeContext } from './context';
import { fastParse } from './fast-parse';
import { consoleOutput, paint, type Output } from './output';

/** Every command, in the order --help lists them. Each file declares its flags beside its handler. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each command has its own argument type
export const COMMANDS: Command<any>[] = [
  saveCommand, loadCommand, listCommand, resumeCommand, showCommand, historyCommand, deleteCommand, renameCommand, searchCommand,
  importCommand, captureCommand, exportCommand, shareCommand, unshareCommand, sharesCommand, publishCommand, forkCommand, doctorCommand,
  purgeCommand, serveCommand, privateCommand, attachCommand, detachCommand, logCommand, blameCommand, syncCommand, pushCommand,
  pullCommand, remapCommand, statusCommand, hooksCommand, hookCommand, saveViaScriptCommand, loadViaScriptCommand, chatCommand,
];

/**
 * The entry point: parse, run one command, turn an error into one message and an exit
 * code. Only this file decides exit codes (README "Exit codes"). What is costly to
 * load (prompts, sql.js) is loaded where it is used, so start-up does not pay for it.
 */
export async function main(argv: string[]): Promise<number> {
  // `git kiro show X | head`: a closed pipe is the reader's choice, not an error.
  process.stdout.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(0);
  });
  const out = consoleOutput();
  const ctx = makeContext(out);
  const debug = argv.includes('--debug');
  try {
    // The everyday commands' plain lines skip building the yargs parser (fast-parse.ts).
    const fast = argv.includes('--debug') ? undefined : fastParse(argv, COMMANDS);
    if (fast) await fast.command.run(fast.args as never, ctx);
    else await parser(argv, ctx).parseAsync();
    // A command may report a non-fatal outcome (doctor with problems left) this way.
    return typeof process.exitCode === 'number' ? process.exitCode : EXIT.ok;
  } catch (e) {
    return report(e, out, debug);
  } finally {
    ctx.close();
  }
}

type Ctx = ReturnType<typeof makeContext>;

function parser(argv: string[], ctx: Ctx) {
  // Required here, not imported above, so that a command line fast-parse.ts handles never evaluates yargs.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const yargs = require('yargs/yargs') as typeof yargsType;
  let y = yargs(argv)
    .scriptName('git kiro')
    .usage('$0 <command> [options]\n\nAI coding-agent chat sessions, kept in this repository (refs/notes/kiro).');
  for (const c of COMMANDS) {
    y = y.command({ command: c.command as string | string[], describe: c.describe, builder: c.builder, handler: (a) => c.run(a, ctx) });
  }
  return y
    .option('debug', { type: 'boolean', describe: 'show stack traces' })
    .demandCommand(1, 'name a command')
    .strict()
    .help()
    .alias('h', 'help')
    .version()
    .epilog('Exit codes: 0 ok, 1 bug, 2 usage, 3 not found, 4 invalid input, 5 conflict, 6 external failure (git, script).')
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UsageError(msg ?? 'invalid command line', { hint: 'see git kiro --help' });
    });
}

function report(e: unknown, out: Output, debug: boolean): number {
  if (e instanceof KiroError) {
    out.err(`${paint(out, 'red', 'error:')} ${e.message}`);
    if (e.hint) out.err(`${paint(out, 'dim', 'hint:')} ${e.hint}`);
    if (debug) out.err(e.stack ?? '');
    return e.exitCode;
  }
  const err = e as Error;
  out.err(`${paint(out, 'red', 'error:')} ${err?.message ?? String(e)}`);
  out.err(debug ? err?.stack ?? '' : 'this is a bug in git-kiro; run again with --debug for details and report it');
  return EXIT.bug;
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
