import { spawn } from 'node:child_process';
import { createParser } from 'eventsource-parser';
import { ExternalError, UsageError } from '../errors';
import type { Settings } from '../settings/settings';
import { chatMessages, withPending, type KiroDoc } from './kiro-doc';

/** Streams a reply: calls `onChunk` as text arrives, resolves the whole reply. Rejects on abort. */
export interface Agent {
  name: string;
  reply(doc: KiroDoc, prompt: string, opts: { cwd: string; signal: AbortSignal; onChunk: (text: string) => void }): Promise<string>;
}

export class AbortedError extends Error {
  constructor(readonly partial: string) {
    super('interrupted');
  }
}

/** The built-in offline agent: repeats the prompt, streamed word by word. No set-up. */
export const echoAgent: Agent = {
  name: 'echo',
  async reply(_doc, prompt, { signal, onChunk }) {
    const words = `You said: ${prompt}`.split(/(?<= )/);
    let out = '';
    for (const w of words) {
      if (signal.aborted) throw new AbortedError(out);
      out += w;
      onChunk(w);
      await new Promise((r) => setImmediate(r));
    }
    return out;
  },
};

/**
 * A command (run by the shell): the session JSON (Kiro v1, the new prompt as
 * `next_message`) on its stdin, the reply streamed from its stdout. It fails on a
 * non-zero exit (with its stderr) or when it stays silent for `stallMs`.
 */
export function commandAgent(command: string, stallMs: number): Agent {
  return {
    name: `command (${command})`,
    reply(doc, prompt, { cwd, signal, onChunk }) {
      return new Promise((resolve, reject) => {
        const child = spawn('sh', ['-c', command], { cwd, stdio: ['pipe', 'pipe', 'pipe'], detached: true });
        let out = '';
        let err = '';
        let done = false;
        const kill = () => {
          try {
            process.kill(-child.pid!, 'SIGKILL');
          } catch {
            /* gone */
          }
        };
        let stall = setTimeout(() => finish(new ExternalError(`the agent command sent nothing for ${stallMs / 1000} s; stopped it`)), stallMs);
        const finish = (e?: Error) => {
          if (done) return;
          done = true;
          clearTimeout(stall);
          signal.removeEventListener('abort', onAbort);
          if (e) {
            kill();
            reject(e);
          } else resolve(out);
        };
        const onAbort = () => finish(new AbortedError(out));
        signal.addEventListener('abort', onAbort);
        // One decoder for the stream: a character split across two chunks stays whole.
        const decoder = new TextDecoder();
        child.stdout.on('data', (b: Buffer) => {
          const t = decoder.decode(b, { stream: true });
          out += t;
          onChunk(t);
          clearTimeout(stall);
          stall = setTimeout(() => finish(new ExternalError(`the agent command sent nothing for ${stallMs / 1000} s; stopped it`)), stallMs);
        });
        child.stderr.on('data', (b: Buffer) => (err += b.toString('utf8')));
        child.on('error', (e) => finish(new ExternalError(`could not run the agent command: ${e.message}`)));
        child.on('close', (code) => {
          if (code === 0) finish();
          else finish(new ExternalError(`the agent command failed with exit status ${code}${err.trim() ? `: ${err.trim().split('\n').slice(-2).join(' | ')}` : ''}`));
        });
        child.stdin.on('error', () => undefined);
        child.stdin.end(JSON.stringify(withPending(doc, prompt, cwd)));
      });
    },
  };
}

/**
 * Any OpenAI-compatible chat-completions server (OpenAI, a local llama.cpp or Ollama),
 * streamed (server-sent events). The key, if any, comes from an environment variable.
 */
export function openaiAgent(opts: { baseUrl: string; model: string; apiKey?: string; stallMs: number }): Agent {
  return {
    name: `openai (${opts.model} at ${opts.baseUrl})`,
    async reply(doc, prompt, { signal, onChunk }) {
      const ctrl = new AbortController();
      const abort = () => ctrl.abort();
      signal.addEventListener('abort', abort);
      let stalled = false;
      let timer = setTimeout(() => ((stalled = true), ctrl.abort()), opts.stallMs);
      const bump = () => {
        clearTimeout(timer);
        timer = setTimeout(() => ((stalled = true), ctrl.abort()), opts.stallMs);
      };
      let out = '';
      try {
        const res = await fetch(`${opts.baseUrl.replace(/\/$/, '')}/chat/completions`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(opts.apiKey ? { authorization: `Bearer ${opts.apiKey}` } : {}) },
          body: JSON.stringify({ model: opts.model, stream: true, messages: chatMessages(doc, prompt) }),
          signal: ctrl.signal,
        });
        if (!res.ok || !res.body) {
          const text = (await res.text().catch(() => '')).slice(0, 300).replace(/\s+/g, ' ');
          throw new ExternalError(`the agent server answered ${res.status} ${res.statusText}${text ? `: ${text}` : ''}`);
        }
        // Server-sent events, parsed by eventsource-parser (comments, multi-line data,
        // CRLF); bytes decoded by a streaming decoder, so a character split across
        // chunks stays whole.
        const decoder = new TextDecoder();
        let finished = false;
        const parser = createParser({
          onEvent: (ev) => {
            if (ev.data === '[DONE]') {
              finished = true;
              return;
            }
            try {
              const delta = JSON.parse(ev.data)?.choices?.[0]?.delta?.content;
              if (typeof delta === 'string' && delta) {
                out += delta;
                onChunk(delta);
              }
            } catch {
              /* an event we do not know */
            }
          },
        });
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          bump();
          parser.feed(decoder.decode(chunk, { stream: true }));
          if (finished) return out;
        }
        return out;
      } catch (e) {
        if (signal.aborted) throw new AbortedError(out);
        if (stalled) throw new ExternalError(`the agent server sent nothing for ${opts.stallMs / 1000} s; stopped waiting`);
        if (e instanceof ExternalError) throw e;
        throw new ExternalError(`could not reach the agent server at ${opts.baseUrl}: ${(e as Error).cause ? String(((e as Error).cause as Error).message ?? (e as Error).cause) : (e as Error).message}`);
      } finally {
        clearTimeout(timer);
        signal.removeEventListener('abort', abort);
      }
    },
  };
}

export interface AgentOptions {
  agent?: string;
  agentCmd?: string;
  baseUrl?: string;
  model?: string;
  apiKeyEnv?: string;
  timeout?: number;
}

/** The agent from the command line, else the `kiro.agent…` settings, else echo. Throws UsageError. */
export function chooseAgent(cli: AgentOptions, settings: Settings, env: NodeJS.ProcessEnv): Agent {
  const stallMs = (cli.timeout ?? settings.agentTimeout) * 1000;
  const cmd = cli.agentCmd ?? (cli.agent ? undefined : settings.agentCmd);
  const kind = cli.agentCmd ? 'command' : cli.agent ?? settings.agent ?? (cmd ? 'command' : 'echo');
  if (kind === 'echo') return echoAgent;
  if (kind === 'command') {
    if (!cmd) throw new UsageError('the command agent needs a command', { hint: 'git kiro chat --agent-cmd "<command>", or git config kiro.agentCmd "<command>"' });
    return commandAgent(cmd, stallMs);
  }
  if (kind === 'openai') {
    const baseUrl = cli.baseUrl ?? settings.baseUrl ?? 'https://api.openai.com/v1';
    const model = cli.model ?? settings.model;
    if (!model) throw new UsageError('the openai agent needs a model', { hint: '--model NAME, or git config kiro.model NAME' });
    const keyVar = cli.apiKeyEnv ?? settings.apiKeyEnv ?? 'OPENAI_API_KEY';
    return openaiAgent({ baseUrl, model, apiKey: env[keyVar], stallMs });
  }
  throw new UsageError(`unknown agent "${kind}"`, { hint: 'echo, openai, or --agent-cmd "<command>"' });
}
