import { createInterface, type Interface } from 'node:readline';
import { v4 as uuidv4 } from 'uuid';
import { readSessionFile, writeSessionFile } from '../api/file-transfer';
import { forkSession } from '../api/fork-session';
import { listSessions } from '../api/list-sessions';
import { renameSession } from '../api/rename-session';
import { resolveSession } from '../api/resolve-id';
import { runScript } from '../api/run-script';
import { saveSession } from '../api/save-session';
import { shareSession } from '../api/share-session';
import { KiroError } from '../errors';
import { parseInput } from '../agents/parse-input';
import { normaliseSource } from '../agents/formats';
import { toKiroV1 } from '../agents/kiro/v1/write';
import { requireGit } from '../workspace/open';
import type { Workspace } from '../workspace/workspace';
import { AbortedError, type Agent } from '../chat/agents';
import { appendTurn, newConversation, type KiroDoc } from '../chat/kiro-doc';
import { paint, type Output } from './output';
import { pickSession, stdinLines } from './prompt';
import { shareUrl } from './commands/share';

const HELP = `Commands:
  /chat resume                   pick a session of this directory and continue it
  /chat save <PATH> [-f]         write this session to a file (Kiro JSON)
  /chat load <PATH>              continue the session in a file (.json optional)
  /chat save-via-script <SCRIPT> send this session to your script
  /chat load-via-script <SCRIPT> continue the session your script prints
  /chat new                      start a new session
  /session share                 share this session (prints the SHARE_ID)
  /session fork <SHARE_ID>       continue a share as your own new session
  /session rename <TITLE>        change this session's title
  /help                          this list
  /quit                          leave (Ctrl-D too; Ctrl-C stops a reply)`;

interface State {
  id: string;
  doc: KiroDoc;
  saved: boolean;
}

/**
 * The chat: one turn per line, the reply streamed as it arrives, the session saved to
 * the repository after every turn and made this worktree's active session (so the
 * next commit carries it). A crash loses at most the turn in flight.
 */
export async function runChat(ws: Workspace, agent: Agent, out: Output, opts: { cwd: string; resume?: string }): Promise<void> {
  const tty = !!process.stdin.isTTY;
  const state: State = { id: uuidv4(), doc: newConversation(''), saved: false };
  state.doc.conversation_id = state.id;
  if (opts.resume) await load(state, ws, opts.resume);
  if (!tty) return scripted(state, ws, agent, out, opts.cwd);
  const rl = createInterface({ input: process.stdin, output: process.stdout, terminal: true, historySize: 500, prompt: paint(out, 'green', '> ') });
  out.err(paint(out, 'dim', `git kiro chat with ${agent.name} — /help for commands, Ctrl-D to leave`));
  let inFlight: AbortController | undefined;
  rl.on('SIGINT', () => {
    if (inFlight) inFlight.abort();
    else {
      out.err(paint(out, 'dim', '(Ctrl-D or /quit to leave)'));
      rl.prompt();
    }
  });
  rl.prompt();
  try {
    for await (const raw of rl) {
      const line = raw.trim();
      if (line.startsWith('/')) {
        if ((await command(line, state, ws, out, rl, opts.cwd)) === 'quit') break;
      } else if (line) {
        inFlight = new AbortController();
        await turn(line, state, ws, agent, out, inFlight.signal, opts.cwd);
        inFlight = undefined;
      }
      rl.prompt();
    }
  } finally {
    rl.close();
  }
}

/** Without a terminal: one message (or command) per line of stdin; Ctrl-C stops a reply. */
async function scripted(state: State, ws: Workspace, agent: Agent, out: Output, cwd: string): Promise<void> {
  let inFlight: AbortController | undefined;
  const onSigint = () => (inFlight ? inFlight.abort() : process.exit(130));
  process.on('SIGINT', onSigint);
  try {
    for (let raw = await stdinLines().next(); raw !== undefined; raw = await stdinLines().next()) {
      const line = raw.trim();
      if (line.startsWith('/')) {
        if ((await command(line, state, ws, out, undefined, cwd)) === 'quit') break;
      } else if (line) {
        inFlight = new AbortController();
        await turn(line, state, ws, agent, out, inFlight.signal, cwd);
        inFlight = undefined;
      }
    }
  } finally {
    process.off('SIGINT', onSigint);
  }
}

async function turn(prompt: string, state: State, ws: Workspace, agent: Agent, out: Output, signal: AbortSignal, cwd: string): Promise<void> {
  let reply: string;
  let streamed = false;
  try {
    reply = await agent.reply(state.doc, prompt, {
      cwd,
      signal,
      onChunk: (t) => {
        streamed = true;
        process.stdout.write(t);
      },
    });
    if (streamed && !reply.endsWith('\n')) process.stdout.write('\n');
  } catch (e) {
    if (streamed) process.stdout.write('\n');
    if (e instanceof AbortedError) {
      // The turn is kept as far as it got, marked, so nothing typed is lost.
      reply = `${e.partial}${e.partial ? '\n' : ''}[interrupted]`;
      out.err(paint(out, 'yellow', '(interrupted; the session is kept)'));
    } else {
      out.err(`${paint(out, 'red', 'error:')} ${(e as Error).message} (the session is unchanged; try again, or /help)`);
      return;
    }
  }
  appendTurn(state.doc, prompt, reply, cwd);
  await persist(state, ws, out);
}

/** Saves the whole session (an upsert by id) and makes it active. */
async function persist(state: State, ws: Workspace, out: Output): Promise<void> {
  try {
    await saveSession(ws, { bytes: Buffer.from(JSON.stringify(state.doc, null, 2)), origin: 'chat', format: 'kiro-v1', id: state.id, here: true });
    state.saved = true;
  } catch (e) {
    out.err(`${paint(out, 'red', 'error:')} could not save the session: ${(e as Error).message}`);
  }
}

/** Makes `idOrDoc` the current session: its id, and its conversation as Kiro v1. */
async function load(state: State, ws: Workspace, id: string): Promise<void> {
  const record = await resolveSession(ws.sessions, id);
  const source = await ws.sessions.source(record);
  state.id = record.id;
  state.doc = record.source.format === 'kiro-v1' ? JSON.parse(source.toString('utf8')) : (toKiroV1(record.id, normaliseSource(record.source.format, source).messages) as KiroDoc);
  state.doc.conversation_id = record.id;
  state.saved = true;
  await ws.sessions.setActive(record.id);
}

function adopt(state: State, bytes: Buffer, origin: string): void {
  const input = parseInput(bytes, origin);
  const doc = input.format === 'kiro-v1' ? (JSON.parse(input.sourceBytes.toString('utf8')) as KiroDoc) : (toKiroV1(uuidv4(), input.conversation.messages) as KiroDoc);
  state.doc = doc;
  state.id = doc.conversation_id;
  state.saved = false;
}

async function command(line: string, state: State, ws: Workspace, out: Output, rl: Interface | undefined, cwd: string): Promise<'quit' | void> {
  const [cmd, sub, ...rest] = line.split(/\s+/);
  const arg = rest.join(' ');
  try {
    if (cmd === '/quit' || cmd === '/exit') return 'quit';
    if (cmd === '/help') return void out.out(HELP);
    if (cmd === '/chat' && sub === 'new') {
      state.id = uuidv4();
      state.doc = newConversation(state.id);
      state.saved = false;
      return void out.err('✔ Started a new chat session');
    }
    if (cmd === '/chat' && sub === 'resume') {
      const list = await listSessions(ws.sessions);
      if (!list.length) return void out.err(`No saved chat sessions for ${ws.sessions.displayDir}`);
      rl?.pause();
      const chosen = await pickSession(list);
      rl?.resume();
      if (!chosen) return void out.err('No session selected.');
      await load(state, ws, chosen.id);
      return void out.err(`✔ Resumed chat session ${state.id}`);
    }
    if (cmd === '/chat' && sub === 'save') {
      const force = rest.includes('-f') || rest.includes('--force');
      const path = rest.filter((r) => r !== '-f' && r !== '--force').join(' ');
      if (!path) return void out.err('usage: /chat save <PATH> [-f]');
      writeSessionFile(path, cwd, Buffer.from(`${JSON.stringify(state.doc, null, 2)}\n`), force);
      return void out.err(`✔ Exported chat session state to ${path}`);
    }
    if (cmd === '/chat' && sub === 'load') {
      if (!arg) return void out.err('usage: /chat load <PATH>');
      adopt(state, readSessionFile(arg, cwd).bytes, arg);
      await persist(state, ws, out);
      return void out.err(`✔ Imported chat session state from ${arg}`);
    }
    if (cmd === '/chat' && sub === 'save-via-script') {
      if (!arg) return void out.err('usage: /chat save-via-script <SCRIPT>');
      const r = await runScript(arg, { cwd, input: Buffer.from(JSON.stringify(state.doc, null, 2)) });
      if (r.stderr) process.stderr.write(r.stderr);
      return void out.err(`✔ Saved chat session via script ${arg}`);
    }
    if (cmd === '/chat' && sub === 'load-via-script') {
      if (!arg) return void out.err('usage: /chat load-via-script <SCRIPT>');
      const r = await runScript(arg, { cwd });
      adopt(state, r.stdout, `output of ${arg}`);
      await persist(state, ws, out);
      return void out.err(`✔ Loaded chat session via script ${arg}`);
    }
    if (cmd === '/session' && sub === 'share') {
      if (!state.saved) return void out.err('Nothing to share yet: say something first.');
      const { shareId, redacted } = await shareSession(requireGit(ws, '/share'), state.id);
      const n = Object.values(redacted).reduce((a, b) => a + b, 0);
      out.out(shareId);
      return void out.err(`✔ Shared as ${shareId}${n ? ` (${n} secrets redacted)` : ''}; fork it: git kiro fork ${shareId}; page: ${shareUrl(shareId)}; send it: git kiro push`);
    }
    if (cmd === '/session' && sub === 'fork') {
      if (!arg) return void out.err('usage: /session fork <SHARE_ID>');
      const { id } = await forkSession(ws.sessions, arg);
      await load(state, ws, id);
      return void out.err(`✔ Forked as ${id}; this is now your session`);
    }
    if (cmd === '/session' && sub === 'rename') {
      if (!arg) return void out.err('usage: /session rename <TITLE>');
      if (!state.saved) await persist(state, ws, out);
      const r = await renameSession(ws, state.id, arg);
      return void out.err(`✔ Renamed to "${r.title}"`);
    }
    out.err(`Unknown command ${cmd}${sub ? ` ${sub}` : ''}. Type /help for the commands.`);
  } catch (e) {
    out.err(`${paint(out, 'red', 'error:')} ${e instanceof KiroError ? e.message : (e as Error).message}`);
  }
}
