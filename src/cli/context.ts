import { isatty } from 'node:tty';
import { UsageError } from '../errors';
import type { SessionStore } from '../store/session-store';
import { openWorkspace, requireGit } from '../workspace/open';
import type { GitWorkspace, Workspace } from '../workspace/workspace';
import type { Output } from './output';

/**
 * What every command handler gets: where it runs, its terminal (so a handler can be
 * run in-process with other streams), and its workspace, opened once, on first use.
 */
export interface CommandContext {
  cwd: string;
  out: Output;
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** A person can answer: stdin and stderr are terminals. */
  isInteractive: boolean;
  workspace(): Promise<Workspace>;
  /** The git workspace; outside a repository a UsageError naming `what`. */
  git(what: string): Promise<GitWorkspace>;
  /** The sessions of the workspace (what most commands need). */
  sessions(): Promise<SessionStore>;
}

export function makeContext(out: Output, opts: { cwd?: string; stdin?: CommandContext['stdin']; isInteractive?: boolean } = {}): CommandContext & { close(): void } {
  let opened: Promise<Workspace> | undefined;
  const cwd = opts.cwd ?? process.cwd();
  const workspace = () => (opened ??= openWorkspace({ cwd }));
  // process.stdin only when a command reads it: made on a pipe, it is a socket whose
  // closing held every command's exit for about 3 ms. A terminal is asked with isatty.
  let stdin = opts.stdin;
  return {
    cwd,
    out,
    get stdin() {
      return (stdin ??= process.stdin);
    },
    isInteractive: opts.isInteractive ?? ((opts.stdin ? !!opts.stdin.isTTY : isatty(0)) && isatty(2)),
    workspace,
    git: async (what) => requireGit(await workspace(), what),
    sessions: async () => (await workspace()).sessions,
    close: () => void opened?.then((w) => w.close(), () => undefined),
  };
}

export async function readStdin(ctx: Pick<CommandContext, 'stdin'>): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of ctx.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks);
}

/**
 * The one confirm-or-refuse rule for destructive commands: `--yes` goes ahead; a
 * person at a terminal is asked (false: they said no); anywhere else it refuses with a
 * UsageError, since nobody can answer.
 */
export async function confirmOrRefuse(ctx: CommandContext, opts: { yes?: boolean; question: string; refusal: string }): Promise<boolean> {
  if (opts.yes) return true;
  if (!ctx.isInteractive) throw new UsageError(opts.refusal, { hint: 'add --yes when not on a terminal' });
  const { confirm } = await import('./prompt');
  return confirm(opts.question);
}
