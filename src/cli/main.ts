import yargs from 'yargs/yargs';
import { EXIT, KiroError, UsageError } from '../errors';
import { makeContext } from './context';
import { consoleOutput, paint, type Output } from './output';

/**
 * The entry point: parse, run one command, turn an error into one message and an exit
 * code. Only this file decides exit codes (README "Exit codes"). Command modules are
 * imported lazily, so `--help` or `list` never load what `save` needs (zod, uuid).
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
    await parser(argv, ctx).parseAsync();
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
  const json = { json: { type: 'boolean', describe: 'machine-readable output' } } as const;
  return yargs(argv)
    .scriptName('git kiro')
    .usage('$0 <command> [options]\n\nAI coding-agent chat sessions, kept in this repository (refs/notes/kiro).')
    .command(
      'save [path]',
      'store a session (--file, --stdin), or write this directory\'s session to PATH',
      (y) =>
        y
          .positional('path', { type: 'string', describe: 'export to this file (Kiro\'s /chat save PATH)' })
          .option('file', { alias: 'F', type: 'string', describe: 'read the session from this file' })
          .option('stdin', { type: 'boolean', describe: 'read the session JSON from stdin' })
          .option('format', { type: 'string', default: 'auto', describe: 'input format: auto, native, kiro-v1, kiro-v2, claude-code, codex, gemini, aider' })
          .option('title', { type: 'string', describe: 'set the title' })
          .option('id', { type: 'string', describe: 'store under (or export) this session id' })
          .option('snapshot', { type: 'boolean', describe: 'also store uncommitted changes (git diff HEAD, untracked included)' })
          .option('private', { type: 'boolean', describe: 'keep it on this machine only (default: git config kiro.private)' })
          .option('redact', { type: 'boolean', default: true, describe: 'replace secrets before storing (--no-redact stores them as they are)' })
          .option('force', { alias: 'f', type: 'boolean', describe: 'overwrite PATH' })
          .options(json),
      async (a) => (await import('./commands/save')).save(a, ctx),
    )
    .command(
      'load [target]',
      'print a session (ID, or this directory\'s), or read a session file into the store (PATH)',
      (y) =>
        y
          .positional('target', { type: 'string', describe: 'a session id (prefix) or a file path (.json optional)' })
          .option('head', { type: 'boolean', describe: 'the session attached to HEAD' })
          .option('commit', { type: 'string', describe: 'the session attached to this commit' })
          .option('output', { alias: 'o', type: 'string', describe: 'write to this file instead of stdout' })
          .option('force', { alias: 'f', type: 'boolean', describe: 'overwrite the output file' })
          .option('format', { choices: ['source', 'native'] as const, default: 'source' as const, describe: 'source: as saved (Kiro JSON); native: with git-kiro metadata' })
          .options(json),
      async (a) => (await import('./commands/load')).load(a, ctx),
    )
    .command(
      ['list', 'ls'],
      'sessions of this directory, newest first',
      (y) => y.option('all', { alias: 'a', type: 'boolean', describe: 'the whole repository' }).options(json),
      async (a) => (await import('./commands/list')).list(a, ctx),
    )
    .command(
      'resume [id]',
      'make a session active (default: the latest here) and print it',
      (y) =>
        y
          .positional('id', { type: 'string' })
          .option('picker', { type: 'boolean', describe: 'choose interactively' })
          .option('head', { type: 'boolean', describe: 'the session attached to HEAD' })
          .option('commit', { type: 'string', describe: 'the session attached to this commit' })
          .options(json),
      async (a) => (await import('./commands/resume')).resume(a, ctx),
    )
    .command('show <id>', 'show a session, or the sessions attached to a commit', (y) => y.positional('id', { type: 'string', demandOption: true }).options(json), async (a) =>
      (await import('./commands/show')).show(a, ctx),
    )
    .command(
      ['delete <id>', 'rm <id>'],
      'delete a session',
      (y) =>
        y
          .positional('id', { type: 'string', demandOption: true })
          .option('yes', { alias: 'y', type: 'boolean', describe: 'do not ask' })
          .option('purge', { type: 'boolean', describe: 'also remove its content from the notes history (see purge)' })
          .options(json),
      async (a) => (a.purge ? (await import('./commands/purge')).purge(a, ctx) : (await import('./commands/delete')).del(a, ctx)),
    )
    .command(
      'rename <id> <title>',
      'change a session\'s title',
      (y) => y.positional('id', { type: 'string', demandOption: true }).positional('title', { type: 'string', demandOption: true }).options(json),
      async (a) => (await import('./commands/rename')).rename(a, ctx),
    )
    .command(
      'search <text>',
      'find sessions by what was said in them',
      (y) => y.positional('text', { type: 'string', demandOption: true }).option('all', { alias: 'a', type: 'boolean', describe: 'the whole repository' }).options(json),
      async (a) => (await import('./commands/search')).search(a, ctx),
    )
    .command(
      'import [paths..]',
      'import sessions from files and folders, or --from an agent\'s own store (Kiro, Claude Code, Codex, Gemini, Aider)',
      (y) =>
        y
          .positional('paths', { type: 'string', array: true })
          .option('from', { choices: ['kiro', 'claude-code', 'codex', 'gemini'] as const, describe: 'find that agent\'s sessions of this repository on this machine' })
          .option('home', { type: 'string', describe: 'the home directory to look in (default: yours)' })
          .option('format', { type: 'string', default: 'auto', describe: 'auto, kiro-v1, kiro-v2, claude-code, codex, gemini, aider, native' })
          .option('redact', { type: 'boolean', default: true, describe: 'replace secrets before storing (--no-redact stores them as they are)' })
          .options(json),
      async (a) => (await import('./commands/import')).importCmd({ ...a, paths: a.paths as string[] | undefined }, ctx),
    )
    .command(
      'capture [payload]',
      'store an agent\'s current session of this directory and make it active (run by the agent\'s hook after each turn)',
      (y) =>
        y
          .positional('payload', { type: 'string', describe: 'the hook\'s JSON, when the agent passes it as an argument (Codex)' })
          .option('from', { choices: ['kiro', 'claude-code', 'codex', 'gemini'] as const, demandOption: true })
          .option('home', { type: 'string', describe: 'the home directory to look in (default: yours)' })
          .options(json),
      async (a) => (await import('./commands/capture')).capture(a, ctx),
    )
    .command(
      'export <id>',
      'a session as Markdown, HTML, JSON, Kiro v1 JSON, or its source',
      (y) =>
        y
          .positional('id', { type: 'string', demandOption: true })
          .option('format', { choices: ['md', 'html', 'json', 'kiro', 'source'] as const, default: 'md' as const })
          .option('output', { alias: 'o', type: 'string', describe: 'write to this file instead of stdout' })
          .option('force', { alias: 'f', type: 'boolean', describe: 'overwrite the output file' }),
      async (a) => (await import('./commands/export')).exportCmd(a, ctx),
    )
    .command(
      'share <id>',
      'a frozen, read-only copy with its own SHARE_ID, pushed with the sessions',
      (y) =>
        y
          .positional('id', { type: 'string', demandOption: true })
          .option('yes', { alias: 'y', type: 'boolean', describe: 'do not ask' })
          .option('redact', { type: 'boolean', default: true, describe: 'replace secrets before storing (--no-redact stores them as they are)' })
          .options(json),
      async (a) => (await import('./commands/share')).share(a, ctx),
    )
    .command(
      'unshare <shareId>',
      'remove a share (the removal travels with push)',
      (y) => y.positional('shareId', { type: 'string', demandOption: true }).option('yes', { alias: 'y', type: 'boolean', describe: 'do not ask' }).options(json),
      async (a) => (await import('./commands/share')).unshare({ ...a, id: a.shareId }, ctx),
    )
    .command('shares', 'the shares in this repository', (y) => y.options(json), async (a) => (await import('./commands/share')).shares(a, ctx))
    .command(
      'fork <id>',
      'a new session of your own from a share (fetched if not here) or a session',
      (y) => y.positional('id', { type: 'string', demandOption: true }).option('at', { type: 'number', describe: 'keep only the first N messages' }).options(json),
      async (a) => (await import('./commands/fork')).fork(a, ctx),
    )
    .command(
      'doctor',
      'check refs/notes/kiro and the cache; --repair mends what can be mended without loss',
      (y) => y.option('repair', { type: 'boolean' }).options(json),
      async (a) => (await import('./commands/doctor')).doctorCmd(a, ctx),
    )
    .command(
      'purge',
      'remove the content of deleted sessions from the notes history, so no push can send it',
      (y) =>
        y
          .option('remote', { type: 'string', describe: 'also replace this remote\'s history (force-with-lease, after merging its sessions)' })
          .option('yes', { alias: 'y', type: 'boolean', describe: 'do not ask' })
          .options(json),
      async (a) => (await import('./commands/purge')).purge(a, ctx),
    )
    .command(
      'serve',
      'a local, read-only web page of this repository\'s sessions and shares',
      (y) =>
        y
          .option('port', { type: 'number', default: 7433, describe: '0 picks a free port' })
          .option('host', { type: 'string', default: '127.0.0.1', describe: 'the address to listen on' })
          .option('open', { type: 'boolean', describe: 'open it in the browser' }),
      async (a) => (await import('./commands/serve')).serve(a, ctx),
    )
    .command(
      'private <id> <state>',
      'keep a session on this machine only (on), or let it travel again (off)',
      (y) => y.positional('id', { type: 'string', demandOption: true }).positional('state', { choices: ['on', 'off'] as const, demandOption: true }).options(json),
      async (a) => (await import('./commands/private')).privateCmd(a, ctx),
    )
    .command(
      'attach [id] [rev]',
      'attach a session (default: the active one) to a commit (default: HEAD)',
      (y) => y.positional('id', { type: 'string' }).positional('rev', { type: 'string' }).options(json),
      async (a) => (await import('./commands/attach')).attach(a, ctx),
    )
    .command(
      'detach <id> [rev]',
      'remove a session from a commit (default: HEAD)',
      (y) => y.positional('id', { type: 'string', demandOption: true }).positional('rev', { type: 'string' }).options(json),
      async (a) => (await import('./commands/detach')).detach(a, ctx),
    )
    .command(
      'log [range..]',
      'commits with the sessions attached to them',
      (y) => y.positional('range', { type: 'string', array: true }).option('max-count', { alias: 'n', type: 'number' }).options(json),
      async (a) => (await import('./commands/log')).log(a, ctx),
    )
    .command(
      'sync [remote]',
      'pull, then push: afterwards both sides hold the same sessions',
      (y) => y.positional('remote', { type: 'string', describe: 'default: the branch\'s upstream remote, else origin' }).options(json),
      async (a) => (await import('./commands/sync')).sync({ ...a, action: 'sync' }, ctx),
    )
    .command(
      'push [remote]',
      'send refs/notes/kiro (never forced; merges first when the remote moved)',
      (y) => y.positional('remote', { type: 'string' }).options(json),
      async (a) => (await import('./commands/sync')).sync({ ...a, action: 'push' }, ctx),
    )
    .command(
      'pull [remote]',
      'fetch the remote\'s sessions and merge them in without loss',
      (y) => y.positional('remote', { type: 'string' }).options(json),
      async (a) => (await import('./commands/sync')).sync({ ...a, action: 'pull' }, ctx),
    )
    .command(
      'hooks <action>',
      'install, uninstall or show the git hooks that attach sessions to commits',
      (y) =>
        y
          .positional('action', { choices: ['install', 'uninstall', 'status'] as const, demandOption: true })
          .option('sync', { type: 'boolean', describe: 'also pre-push (push sessions with every git push) and post-merge/post-checkout (pull)' })
          .option('agent', { choices: ['claude-code', 'kiro', 'codex'] as const, describe: 'instead: the agent\'s own hook that runs git kiro capture after each turn' })
          .option('uninstall', { type: 'boolean', describe: 'with --agent: remove what install added' })
          .option('home', { type: 'string', describe: 'with --agent codex: the home directory holding .codex' })
          .options(json),
      async (a) => (await import('./commands/hooks')).hooks(a, ctx),
    )
    .command(
      'hook <name> [args..]',
      false, // run by the installed git hooks, not by people
      (y) =>
        y
          .positional('name', { choices: ['post-commit', 'post-rewrite', 'pre-push', 'post-merge', 'post-checkout'] as const, demandOption: true })
          .positional('args', { type: 'string', array: true })
          .parserConfiguration({ 'unknown-options-as-args': true }),
      async (a) => (await import('./commands/hook')).hook(a, ctx),
    )
    .command(
      'save-via-script <script>',
      'run SCRIPT with this directory\'s session JSON on stdin (Kiro\'s contract)',
      (y) =>
        y
          .positional('script', { type: 'string', demandOption: true })
          .option('id', { type: 'string', describe: 'the session to send (default: active, else latest)' })
          .option('timeout', { type: 'number', default: 60, describe: 'seconds before the script is stopped' })
          .options(json),
      async (a) => (await import('./commands/save-via-script')).saveViaScript(a, ctx),
    )
    .command(
      'load-via-script <script>',
      'run SCRIPT and store the session JSON it prints (Kiro\'s contract)',
      (y) => y.positional('script', { type: 'string', demandOption: true }).option('timeout', { type: 'number', default: 60 }).options(json),
      async (a) => (await import('./commands/load-via-script')).loadViaScript(a, ctx),
    )
    .command(
      'chat',
      'chat with an agent, saved after every turn; Kiro\'s --resume, --resume-picker, --resume-id, --list-sessions, --delete-session',
      (y) =>
        y
          .option('resume', { alias: 'r', type: 'boolean', describe: 'resume the latest session of this directory' })
          .option('resume-picker', { type: 'boolean', describe: 'choose a session to resume' })
          .option('resume-id', { type: 'string', describe: 'resume this session' })
          .option('list-sessions', { type: 'boolean', describe: 'list this directory\'s sessions' })
          .option('delete-session', { type: 'string', describe: 'delete this session' })
          .option('yes', { alias: 'y', type: 'boolean', describe: 'do not ask before deleting' })
          .option('agent', { choices: ['echo', 'openai', 'command'] as const, describe: 'who answers (default: git config kiro.agent, else echo)' })
          .option('agent-cmd', { type: 'string', describe: 'a command that reads the session JSON on stdin and prints the reply' })
          .option('base-url', { type: 'string', describe: 'openai: the server (an OpenAI-compatible /v1 URL)' })
          .option('model', { type: 'string', describe: 'openai: the model' })
          .option('api-key-env', { type: 'string', describe: 'openai: the environment variable holding the key (default OPENAI_API_KEY)' })
          .option('timeout', { type: 'number', describe: 'seconds an agent may stay silent before it is stopped (default 60)' })
          .options(json),
      async (a) => (await import('./commands/chat')).chat(a, ctx),
    )
    .option('debug', { type: 'boolean', describe: 'show stack traces' })
    .demandCommand(1, 'name a command; see git kiro --help')
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
