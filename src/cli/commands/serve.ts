import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { createViewer } from '../../server/serve';
import type { CommandContext } from '../context';

/** `git kiro serve`: the read-only viewer on 127.0.0.1 unless told otherwise; runs until Ctrl-C. */
export async function serve(a: { port: number; host: string; open?: boolean }, ctx: CommandContext): Promise<void> {
  const store = await ctx.store();
  const server = createViewer(store);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(a.port, a.host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const url = `http://${a.host.includes(':') ? `[${a.host}]` : a.host}:${port}/`;
  ctx.out.err(`Serving the sessions of ${store.displayDir} at ${url} (read-only; Ctrl-C to stop)`);
  if (a.host !== '127.0.0.1' && a.host !== 'localhost' && a.host !== '::1') ctx.out.err('warning: listening beyond this machine; anyone who can reach it can read every session');
  if (a.open) spawn(process.platform === 'darwin' ? 'open' : 'xdg-open', [url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
}
