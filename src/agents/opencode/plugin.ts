import { captureCommand } from '../agent';

/**
 * The plug-in opencode and Kilo load from `.opencode/plugins/` / `.kilo/plugins/`
 * (they have no shell hooks). When a session goes idle (a turn ended) it asks the
 * agent's own server for the session and its messages, the shape `export` prints, and
 * hands them to `git kiro capture` on stdin: no reading of the agent's database,
 * whose recent writes sit in a WAL another reader may not see. It never throws into
 * the agent. Both SDK call shapes (v1 `path`, v2 flat) are passed.
 */
export function pluginSource(agent: 'opencode' | 'kilo'): string {
  const [cmd, ...args] = captureCommand(agent).split(' ');
  return `// added by git-kiro: git kiro hooks install --agent ${agent} (git kiro hooks uninstall --agent ${agent} removes it)
// After each turn it stores this session in git (git kiro capture --from ${agent}).
import { spawn } from 'node:child_process';

export const GitKiroCapture = async ({ client, directory }) => ({
  event: async ({ event }) => {
    if (event?.type !== 'session.idle') return;
    const id = event.properties?.sessionID;
    if (!id) return;
    try {
      const info = (await client.session.get({ path: { id }, sessionID: id })).data;
      const messages = (await client.session.messages({ path: { id }, sessionID: id })).data;
      if (!info || !Array.isArray(messages)) return;
      const cwd = info.directory || directory;
      await new Promise((resolve) => {
        const child = spawn(${JSON.stringify(cmd)}, ${JSON.stringify(args)}, { cwd, stdio: ['pipe', 'ignore', 'inherit'] });
        child.on('error', resolve);
        child.on('close', resolve);
        child.stdin.on('error', () => {});
        child.stdin.end(JSON.stringify({ session_id: id, cwd, session: { info, messages } }));
      });
    } catch {
      // Capturing must never break the agent's turn.
    }
  },
});
`;
}
