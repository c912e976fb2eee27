import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { CLI, makeRepo, tmp, type Repo } from './helpers/repo';

const sessions = (repo: Repo, cwd?: string) => JSON.parse(repo.kiro(['list', '--json'], { cwd }).stdout) as { id: string; title: string; messageCount: number }[];
const messages = (repo: Repo, id: string) => JSON.parse(repo.kiro(['show', id, '--json']).stdout).messages.map((m: { role: string; text: string }) => `${m.role}: ${m.text}`);

/** A mock OpenAI-compatible server: streams its reply as server-sent events, or fails as told. */
function mockServer(): Promise<{ url: string; server: Server; requests: unknown[]; mode: { next: 'ok' | 'error' | 'stall' } }> {
  const requests: unknown[] = [];
  const mode = { next: 'ok' as 'ok' | 'error' | 'stall' };
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests.push(JSON.parse(body));
      const m = mode.next;
      mode.next = 'ok';
      if (m === 'error') {
        res.writeHead(500, { 'content-type': 'application/json' });
        return res.end('{"error":{"message":"model overloaded"}}');
      }
      res.writeHead(200, { 'content-type': 'text/event-stream' });
      if (m === 'stall') return res.write(': waiting\n\n'); // and then nothing, ever
      const last = JSON.parse(body).messages.at(-1).content;
      const words = ['Mock ', 'says: ', `${last}`];
      let i = 0;
      const tick = setInterval(() => {
        if (i < words.length) res.write(`data: ${JSON.stringify({ choices: [{ delta: { content: words[i++] } }] })}\n\n`);
        else {
          res.write('data: [DONE]\n\n');
          res.end();
          clearInterval(tick);
        }
      }, 20);
    });
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({ url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, server, requests, mode })));
}

describe('scripted: one message per line when stdin is not a terminal', () => {
  test('the echo agent by default; each turn saved; --resume continues the same session', () => {
    const repo = makeRepo();
    const r = repo.kiro(['chat'], { input: 'first question\nsecond question\n' });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('You said: first question\nYou said: second question\n');
    const [s] = sessions(repo);
    expect(s.messageCount).toBe(4);
    expect(s.title).toBe('first question');
    const again = repo.kiro(['chat', '--resume'], { input: 'third\n' });
    expect(again.stderr).toContain(`✔ Resumed chat session ${s.id}`);
    expect(sessions(repo)).toEqual([expect.objectContaining({ id: s.id, messageCount: 6 })]);
    // The session is this worktree's active one: the next commit would carry it; Kiro can load it.
    expect(JSON.parse(repo.kiro(['load']).stdout).conversation_id).toBe(s.id);
  });

  test('an agent command gets the session JSON on stdin and its stdout is the reply; git config sets it', () => {
    const repo = makeRepo();
    const agent = join(tmp(), 'agent.sh');
    writeFileSync(agent, `#!/bin/sh\nnode -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const j=JSON.parse(s);process.stdout.write("turns so far: "+j.history.length+", you said: "+j.next_message.content.Prompt.prompt.split("").reverse().join(""))})'\n`);
    chmodSync(agent, 0o755);
    repo.git('config', 'kiro.agentCmd', agent);
    const r = repo.kiro(['chat'], { input: 'abc\nxyz\n' });
    expect(r.stdout).toBe('turns so far: 0, you said: cba\nturns so far: 1, you said: zyx\n');
  });

  test('an agent whose reply splits a character across two writes: the character stays whole', () => {
    const repo = makeRepo();
    const agent = join(tmp(), 'utf8.sh');
    // "é" is 0xC3 0xA9: the first byte, a pause (two reads), then the second.
    writeFileSync(agent, "#!/bin/sh\ncat > /dev/null\nprintf 'caf\\303'\nsleep 0.3\nprintf '\\251!'\n");
    chmodSync(agent, 0o755);
    const r = repo.kiro(['chat', '--agent-cmd', agent], { input: 'coffee?\n' });
    expect(r.stdout).toBe('café!\n');
    const [s] = sessions(repo);
    expect(messages(repo, s.id)).toEqual(['user: coffee?', 'assistant: café!']);
  });

  test('an agent that fails or hangs: a clear message, and the session stays usable', () => {
    const repo = makeRepo();
    const agent = join(tmp(), 'moody.sh');
    writeFileSync(agent, '#!/bin/sh\ncase "$(cat)" in\n *boom*) echo "exploded" >&2; exit 3;;\n *hang*) sleep 30;;\n *) printf fine;;\nesac\n');
    chmodSync(agent, 0o755);
    const r = repo.kiro(['chat', '--agent-cmd', agent, '--timeout', '1'], { input: 'boom\nhang\nhello\n' });
    expect(r.stderr).toContain('error: the agent command failed with exit status 3: exploded (the session is unchanged; try again, or /help)');
    expect(r.stderr).toContain('error: the agent command sent nothing for 1 s; stopped it');
    expect(r.stdout).toBe('fine\n');
    const [s] = sessions(repo);
    expect(messages(repo, s.id)).toEqual(['user: hello', 'assistant: fine']);
  });
});

describe('the remaining slash commands, scripted', () => {
  test('/chat save-via-script, /chat load-via-script, /chat resume (picker on stdin), /quit', () => {
    const repo = makeRepo();
    const dir = tmp('kiro-chat-scripts-');
    const saveScript = join(dir, 'save.sh');
    const loadScript = join(dir, 'load.sh');
    writeFileSync(saveScript, `#!/bin/sh\ncat > ${join(dir, 'sent.json')}\n`);
    writeFileSync(loadScript, `#!/bin/sh\ncat ${join(dir, 'sent.json')}\n`);
    chmodSync(saveScript, 0o755);
    chmodSync(loadScript, 0o755);
    const first = repo.kiro(['chat'], { input: `kept for later\n/chat save-via-script ${saveScript}\n/chat new\nanother topic\n/quit\nnever sent\n` });
    expect(first.stderr).toContain(`✔ Saved chat session via script ${saveScript}`);
    expect(first.stdout).toBe('You said: kept for later\nYou said: another topic\n'); // nothing after /quit
    const sent = JSON.parse(readFileSync(join(dir, 'sent.json'), 'utf8'));
    expect(sent.history).toHaveLength(1);
    const second = repo.kiro(['chat'], { input: `/chat load-via-script ${loadScript}\nand continued\n` });
    expect(second.stderr).toContain(`✔ Loaded chat session via script ${loadScript}`);
    expect(messages(repo, sent.conversation_id)).toEqual(['user: kept for later', 'assistant: You said: kept for later', 'user: and continued', 'assistant: You said: and continued']);
    // /chat resume: the picker reads its number from the next line.
    const list = sessions(repo);
    const target = list.findIndex((x) => x.id === sent.conversation_id) + 1;
    const third = repo.kiro(['chat'], { input: `/chat resume\n${target}\nthird visit\n` });
    expect(third.stderr).toContain(`✔ Resumed chat session ${sent.conversation_id}`);
    expect(messages(repo, sent.conversation_id).at(-1)).toBe('assistant: You said: third visit');
  });
});

describe('an OpenAI-compatible server (a mock on 127.0.0.1)', () => {
  let mock: Awaited<ReturnType<typeof mockServer>>;
  beforeAll(async () => {
    mock = await mockServer();
  });
  afterAll(() => mock.server.close());

  const chat = (repo: Repo, input: string, extra: string[] = []) =>
    new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const child = require('node:child_process').spawn(process.execPath, [CLI, 'chat', '--agent', 'openai', '--base-url', mock.url, '--model', 'mock-1', ...extra], { cwd: repo.dir, env: { ...repo.env, MOCK_KEY: 'k-123' } });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (d: Buffer) => (stdout += d));
      child.stderr.on('data', (d: Buffer) => (stderr += d));
      child.on('close', (code: number) => resolve({ code, stdout, stderr }));
      child.stdin.end(input);
    });

  test('streams the reply; the conversation so far is sent each turn', async () => {
    const repo = makeRepo();
    const r = await chat(repo, 'one\ntwo\n', ['--api-key-env', 'MOCK_KEY']);
    expect(r.stdout).toBe('Mock says: one\nMock says: two\n');
    const last = mock.requests.at(-1) as { model: string; stream: boolean; messages: { role: string; content: string }[] };
    expect(last).toEqual({ model: 'mock-1', stream: true, messages: [{ role: 'user', content: 'one' }, { role: 'assistant', content: 'Mock says: one' }, { role: 'user', content: 'two' }] });
  });

  test('a server that errors, then one that stalls: clear messages, the session goes on', async () => {
    const repo = makeRepo();
    mock.mode.next = 'error';
    const r1 = await chat(repo, 'first\nsecond\n');
    expect(r1.stderr).toContain('error: the agent server answered 500 Internal Server Error: {"error":{"message":"model overloaded"}}');
    expect(r1.stdout).toBe('Mock says: second\n');
    mock.mode.next = 'stall';
    const r2 = await chat(repo, 'third\nfourth\n', ['--timeout', '1']);
    expect(r2.stderr).toContain('error: the agent server sent nothing for 1 s; stopped waiting');
    expect(r2.stdout).toBe('Mock says: fourth\n');
  });
});

const haveTmux = spawnSync('tmux', ['-V']).status === 0;
(haveTmux ? describe : describe.skip)('as a person uses it, in a terminal (tmux)', () => {
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

  async function terminal(repo: Repo, args: string[]) {
    const name = `kiro-chat-${process.pid}-${Math.floor(Math.random() * 1e6)}`;
    const env = Object.entries({ HOME: repo.env.HOME, XDG_DATA_HOME: repo.env.XDG_DATA_HOME, NO_COLOR: '1', GIT_AUTHOR_NAME: 'Test Author', GIT_AUTHOR_EMAIL: 'author@example.com', GIT_COMMITTER_NAME: 'Test Author', GIT_COMMITTER_EMAIL: 'author@example.com' }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    execFileSync('tmux', ['new-session', '-d', '-s', name, '-x', '150', '-y', '50', ...env, `cd ${repo.dir} && ${process.execPath} ${CLI} chat ${args.join(' ')}; echo EXITED-$?; sleep 60`]);
    const screen = () => execFileSync('tmux', ['capture-pane', '-p', '-S', '-200', '-t', name], { encoding: 'utf8' });
    const waitFor = async (text: string | RegExp, ms = 15000) => {
      const end = Date.now() + ms;
      while (Date.now() < end) {
        const s = screen();
        if (typeof text === 'string' ? s.includes(text) : text.test(s)) return s;
        await sleep(50);
      }
      throw new Error(`timed out waiting for ${text}; screen:\n${screen()}`);
    };
    const type = async (text: string) => {
      execFileSync('tmux', ['send-keys', '-t', name, '-l', text]);
      execFileSync('tmux', ['send-keys', '-t', name, 'Enter']);
    };
    const keys = (...k: string[]) => execFileSync('tmux', ['send-keys', '-t', name, ...k]);
    return { screen, waitFor, type, keys, close: () => spawnSync('tmux', ['kill-session', '-t', name]) };
  }

  test('turns saved one by one, Ctrl-C keeps the session, slash commands, history, Ctrl-D', async () => {
    const repo = makeRepo();
    const slow = join(tmp(), 'slow.sh');
    // Slow only when the new prompt (next_message) asks for it; the history may mention it.
    writeFileSync(slow, `#!/bin/sh\nif node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>process.exit(/slowly/.test(JSON.parse(s).next_message.content.Prompt.prompt)?0:1))'; then printf "thinking "; sleep 20; printf "never"; else printf "quick answer"; fi\n`);
    chmodSync(slow, 0o755);
    const t = await terminal(repo, ['--agent-cmd', slow]);
    try {
      await t.waitFor('/help for commands');
      await t.type('first message');
      await t.waitFor('quick answer');
      await sleep(300);
      expect(sessions(repo)[0].messageCount).toBe(2); // saved after the turn
      await t.type('answer slowly please');
      await t.waitFor('thinking');
      t.keys('C-c');
      await t.waitFor('(interrupted; the session is kept)');
      await sleep(300);
      const id = sessions(repo)[0].id;
      expect(messages(repo, id)).toEqual(['user: first message', 'assistant: quick answer', 'user: answer slowly please', 'assistant: thinking \n[interrupted]']);
      // Line editing and history: Up brings back the first message, edited before sending.
      t.keys('Up', 'Up');
      t.keys('C-e', '-', 'x');
      t.keys('Enter');
      await t.waitFor(/quick answer[\s\S]*quick answer/);
      await t.type('/session rename Terminal chat');
      await t.waitFor('✔ Renamed to "Terminal chat"');
      await t.type('/chat save saved.json');
      await t.waitFor('✔ Exported chat session state to saved.json');
      expect(JSON.parse(readFileSync(join(repo.dir, 'saved.json'), 'utf8')).conversation_id).toBe(id);
      await t.type('/session share');
      const shown = await t.waitFor(/Shared as ([0-9a-f-]{36})/);
      const shareId = /Shared as ([0-9a-f-]{36})/.exec(shown)![1];
      await t.type('/chat new');
      await t.waitFor('✔ Started a new chat session');
      await t.type(`/session fork ${shareId}`);
      await t.waitFor('this is now your session');
      await t.type('/chat load saved');
      await t.waitFor('✔ Imported chat session state from saved');
      await t.type('/nonsense');
      await t.waitFor('Unknown command /nonsense. Type /help for the commands.');
      await t.type('/help');
      await t.waitFor('/session fork <SHARE_ID>');
      t.keys('C-d');
      await t.waitFor('EXITED-0');
    } finally {
      t.close();
    }
    expect(sessions(repo).map((s) => s.title).sort()).toEqual(['Forked from "Terminal chat"', 'Terminal chat']);
    expect(existsSync(join(repo.dir, 'saved.json'))).toBe(true);
  }, 90_000);
});

describe('on another clone', () => {
  test('the same session continued after sync', () => {
    const remote = makeRepo({ bare: true });
    const a = makeRepo();
    a.git('remote', 'add', 'origin', remote.dir);
    a.git('push', '-q', 'origin', 'main');
    a.kiro(['chat'], { input: 'started on A\n' });
    const [s] = sessions(a);
    a.kiro(['push']);
    const b = makeRepo({ clone: remote.dir });
    b.kiro(['pull']);
    const r = b.kiro(['chat', '--resume-id', s.id], { input: 'continued on B\n' });
    expect(r.stderr).toContain(`✔ Resumed chat session ${s.id}`);
    b.kiro(['push']);
    a.kiro(['pull']);
    expect(messages(a, s.id)).toEqual(['user: started on A', 'assistant: You said: started on A', 'user: continued on B', 'assistant: You said: continued on B']);
  });
});
