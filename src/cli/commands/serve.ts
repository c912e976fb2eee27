import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { commitTurns } from '../../api/blame';
import { sessionCommits } from '../../api/session-commits';
import { resolveCommit } from '../../git/commits';
import { ExternalError } from '../../errors';
import { defineCommand } from '../command';

/** `git kiro serve`: the read-only viewer on 127.0.0.1 unless told otherwise; runs until Ctrl-C. */
export const serveCommand = defineCommand({
  command: 'serve',
  describe: 'a local, read-only web page of this repository\'s sessions and shares',
  builder: (y) =>
    y
      .option('port', { type: 'number', default: 7433, describe: '0 picks a free port' })
      .option('host', { type: 'string', default: '127.0.0.1', describe: 'the address to listen on' })
      .option('open', { type: 'boolean', describe: 'open it in the browser' }),
  run: async (a, ctx) => {
    const ws = await ctx.workspace();
    // node:http costs start-up time every other command should not pay.
    const { createViewer } = await import('../../server/serve');
    const loopback = ['127.0.0.1', 'localhost', '::1'].includes(a.host);
    const git = ws.kind === 'git' ? ws : undefined;
    const server = createViewer(ws, {
      commitsOf: git && ((id) => sessionCommits(git, id)),
      commitTurns: git && (async (rev) => commitTurns(git, await resolveCommit(git.repo.root, rev))),
      host: loopback ? undefined : a.host,
    });
    await new Promise<void>((resolve, reject) => {
      server.once('error', (e: NodeJS.ErrnoException) =>
        reject(
          e.code === 'EADDRINUSE'
            ? new ExternalError(`port ${a.port} on ${a.host} is already in use`, { hint: 'choose another: git kiro serve --port 0 picks a free one' })
            : e.code === 'EADDRNOTAVAIL' || e.code === 'EACCES'
              ? new ExternalError(`cannot listen on ${a.host}:${a.port}: ${e.code}`, { hint: 'check --host and --port' })
              : e,
        ),
      );
      server.listen(a.port, a.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${a.host.includes(':') ? `[${a.host}]` : a.host}:${port}/`;
    ctx.out.err(`Serving the sessions of ${ws.sessions.displayDir} at ${url} (read-only; Ctrl-C to stop)`);
    if (a.host !== '127.0.0.1' && a.host !== 'localhost' && a.host !== '::1') ctx.out.err('warning: listening beyond this machine; anyone who can reach it can read every session');
    if (a.open) spawn(process.platform === 'darwin' ? 'open' : 'xdg-open', [url], { stdio: 'ignore', detached: true }).on('error', () => undefined).unref();
    await new Promise<void>((resolve) => {
      const stop = () => server.close(() => resolve());
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  },
});
