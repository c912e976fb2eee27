import { openStore } from '../api/open-store';
import type { SessionStore } from '../store/session-store';
import type { Output } from './output';

/** What every command handler gets: where it runs, how it prints, its store. */
export interface CommandContext {
  cwd: string;
  out: Output;
  store(): Promise<SessionStore>;
}

export function makeContext(out: Output, cwd = process.cwd()): CommandContext & { close(): void } {
  let opened: Promise<SessionStore> | undefined;
  return {
    cwd,
    out,
    store: () => (opened ??= openStore({ cwd })),
    close: () => void opened?.then((s) => s.close(), () => undefined),
  };
}

export async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
