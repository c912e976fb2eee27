import { MAX_SESSION_BYTES } from '../formats/decode-json';
import { spawn } from 'node:child_process';
import { accessSync, constants, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { ExternalError, NotFoundError } from '../errors';

export interface ScriptResult {
  stdout: Buffer;
  stderr: string;
}

/** The end of a script's stderr that is kept (1 MiB). */
const MAX_STDERR = 1 << 20;
/** Kiro sets no timeout; a hung script should not hang the session forever. */
export const DEFAULT_SCRIPT_TIMEOUT_MS = 60_000;

/**
 * Runs a user's script the way Kiro does: executed directly (no shell, no arguments),
 * a relative path resolved against `cwd`, `input` written to stdin and stdin closed.
 * Throws NotFoundError (no such executable) or ExternalError (non-zero exit, a signal,
 * or the timeout), with the exit status and the script's stderr in the message.
 */
export function runScript(script: string, opts: { cwd: string; input?: Buffer; timeoutMs?: number; env?: NodeJS.ProcessEnv }): Promise<ScriptResult> {
  const path = resolve(opts.cwd, script);
  let problem: NotFoundError | undefined;
  try {
    if (!statSync(path).isFile()) problem = new NotFoundError(`script ${script} is not a file`, { hint: 'name the script itself, not its folder' });
    else accessSync(path, constants.X_OK);
  } catch (e) {
    problem =
      (e as NodeJS.ErrnoException).code === 'ENOENT'
        ? new NotFoundError(`script ${script} does not exist (looked for ${path})`, { hint: 'check the path; a relative one is taken from the current directory' })
        : new NotFoundError(`script ${script} is not executable`, { hint: `chmod +x ${script}` });
  }
  if (problem) return Promise.reject(problem);
  const timeoutMs = opts.timeoutMs ?? DEFAULT_SCRIPT_TIMEOUT_MS;
  return new Promise((resolveP, reject) => {
    // Its own process group, so a timeout stops the script and everything it started
    // (a `sleep` left behind would hold the pipes open).
    const child = spawn(path, [], { cwd: opts.cwd, env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
    const killGroup = (sig: NodeJS.Signals) => {
      try {
        process.kill(-child.pid!, sig);
      } catch {
        /* already gone */
      }
    };
    // What a script prints is bounded: a session is at most MAX_SESSION_BYTES, and only
    // the end of stderr is ever shown.
    const decoder = new TextDecoder(); // one per stream: a character split across chunks stays whole
    const out: Buffer[] = [];
    let outBytes = 0;
    let err = '';
    let overflow = false;
    let timedOut = false;
    let settled = false;
    child.stdout.on('data', (b: Buffer) => {
      outBytes += b.length;
      if (outBytes > MAX_SESSION_BYTES) {
        overflow = true;
        killGroup('SIGKILL');
        finish(null, null);
      } else out.push(b);
    });
    child.stderr.on('data', (b: Buffer) => {
      err = (err + decoder.decode(b, { stream: true })).slice(-MAX_STDERR);
    });
    child.stdin.on('error', () => undefined); // a script that does not read its stdin
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup('SIGTERM');
      setTimeout(() => killGroup('SIGKILL'), 2000).unref();
      finish(null, 'SIGTERM'); // do not wait for pipes a leftover process may hold open
    }, timeoutMs);
    function finish(code: number | null, signal: NodeJS.Signals | null) {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      child.stdout.destroy();
      child.stderr.destroy();
      const tail = err.trim() ? `: ${err.trim().split('\n').slice(-3).join(' | ')}` : '';
      if (overflow) reject(new ExternalError(`script ${script} printed more than ${MAX_SESSION_BYTES / 1e6} MB; stopped it`, { hint: `a session is at most ${MAX_SESSION_BYTES / 1e6} MB` }));
      else if (timedOut) reject(new ExternalError(`script ${script} timed out after ${timeoutMs / 1000} s${tail}`, { hint: 'raise the limit with --timeout SECONDS' }));
      else if (code !== 0) reject(new ExternalError(`script ${script} failed with ${signal ? `signal ${signal}` : `exit status ${code}`}${tail}`, { data: { code, signal, stderr: err } }));
      else resolveP({ stdout: Buffer.concat(out), stderr: err });
    }
    child.on('error', (e) => {
      settled = true;
      clearTimeout(timer);
      reject(new ExternalError(`could not run script ${script}: ${e.message}`));
    });
    // 'close' waits for every process holding the pipes; the script itself is done at
    // 'exit'. What it wrote is read a moment longer, then a leftover background process
    // (which may hold the pipes for ever) is not waited for.
    child.on('close', (code, signal) => finish(code, signal));
    child.on('exit', (code, signal) => setTimeout(() => finish(code, signal), 250).unref());
    child.stdin.end(opts.input ?? Buffer.alloc(0));
  });
}
