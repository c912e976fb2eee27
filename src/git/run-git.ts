import { spawn } from 'node:child_process';
import { ExternalError } from '../errors';

export interface GitOptions {
  cwd: string;
  /** Bytes written to git's stdin, which is then closed. */
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
  /** Exit codes that are answers rather than failures (e.g. 1 for "ref moved"). */
  okCodes?: number[];
}

export interface GitResult {
  stdout: Buffer;
  stderr: string;
  code: number;
}

/**
 * Runs the git binary. This module and cat-file.ts are the only places that start git.
 * Throws ExternalError when git exits with a code not in `okCodes` (default: 0 only),
 * with git's own first stderr line as the message.
 */
export function runGit(args: string[], opts: GitOptions): Promise<GitResult> {
  const okCodes = opts.okCodes ?? [0];
  return new Promise((resolve, reject) => {
    const child = spawn('git', args, {
      cwd: opts.cwd,
      env: opts.env ?? process.env,
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => reject(new ExternalError(`could not run git: ${e.message}`, { hint: 'is git installed and on PATH?' })));
    // git may exit before reading all of stdin (e.g. on a usage error): ignore EPIPE.
    child.stdin.on('error', () => undefined);
    child.stdin.end(opts.input ?? '');
    child.on('close', (code) => {
      const result = { stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8'), code: code ?? -1 };
      if (okCodes.includes(result.code)) resolve(result);
      else reject(gitFailure(args, result));
    });
  });
}

/** runGit, returning stdout as text without the trailing newline. */
export async function gitText(args: string[], opts: GitOptions): Promise<string> {
  const r = await runGit(args, opts);
  return r.stdout.toString('utf8').replace(/\n$/, '');
}

function gitFailure(args: string[], r: GitResult): ExternalError {
  const first = r.stderr.split('\n').find((l) => l.trim()) ?? `exit code ${r.code}`;
  return new ExternalError(`git ${args[0]} failed: ${first.replace(/^(fatal|error): /, '')}`, {
    data: { args, code: r.code, stderr: r.stderr },
  });
}
