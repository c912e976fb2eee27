import { randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { makeRepo, serving, tmp, type Repo } from './helpers/repo';

// Issue 18: from a line of code to the turn of the conversation that wrote it.

const at = (m: number) => `2026-11-22T10:${String(m).padStart(2, '0')}:00.000Z`;

/** A Claude Code transcript: each turn a prompt and one Write of a file. */
function claudeSession(id: string, cwd: string, turns: { prompt: string; file: string }[]): string {
  let parent: string | null = null;
  const recs: object[] = [];
  turns.forEach((t, i) => {
    const u = `u${i}`;
    const a = `a${i}`;
    recs.push({ type: 'user', uuid: u, parentUuid: parent, sessionId: id, cwd, timestamp: at(i * 2), message: { role: 'user', content: t.prompt } });
    recs.push({ type: 'assistant', uuid: a, parentUuid: u, sessionId: id, cwd, timestamp: at(i * 2 + 1), message: { role: 'assistant', content: [{ type: 'text', text: `Writing ${t.file}.` }, { type: 'tool_use', id: `t${i}`, name: 'Write', input: { file_path: join(cwd, t.file), content: 'x' } }] } });
    parent = a;
  });
  return `${recs.map((r) => JSON.stringify(r)).join('\n')}\n`;
}

/** A Codex rollout whose one turn adds a file with apply_patch. */
function codexSession(id: string, cwd: string, prompt: string, file: string): string {
  return `${[
    { type: 'session_meta', timestamp: at(0), payload: { id, cwd, timestamp: at(0) } },
    { type: 'response_item', timestamp: at(1), payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] } },
    { type: 'response_item', timestamp: at(2), payload: { type: 'custom_tool_call', name: 'apply_patch', call_id: 'c1', input: `*** Begin Patch\n*** Add File: ${file}\n+def f(): pass\n*** End Patch\n` } },
    { type: 'response_item', timestamp: at(3), payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Added it.' }] } },
  ]
    .map((r) => JSON.stringify(r))
    .join('\n')}\n`;
}

/** A Kiro v1 session: turn 1 answers in text, turn 2 writes a file with fs_write. */
function kiroSession(id: string, file: string): string {
  const user = (prompt: string) => ({ content: { Prompt: { prompt } }, timestamp: null });
  return JSON.stringify({
    conversation_id: id,
    history: [
      { user: user('What should the notes say?'), assistant: { Response: { message_id: 'm1', content: 'Short ones.' } } },
      { user: user('Write the notes file'), assistant: { ToolUse: { message_id: 'm2', content: 'Writing.', tool_uses: [{ id: 't1', name: 'fs_write', orig_name: 'fs_write', args: { command: 'create', path: file, file_text: 'notes' }, orig_args: {} }] } } },
    ],
    valid_history_range: [0, 2],
    transcript: [],
    tools: {},
  });
}

function commitFile(repo: Repo, file: string, text: string, message: string): string {
  mkdirSync(join(repo.dir, file, '..'), { recursive: true });
  writeFileSync(join(repo.dir, file), text);
  repo.git('add', file);
  repo.git('commit', '-q', '-m', message);
  return repo.git('rev-parse', 'HEAD');
}

describe('blame: from a line to the turn that wrote it', () => {
  let repo: Repo;
  const claude = randomUUID();
  const codex = randomUUID();
  const kiro = randomUUID();
  const commits: Record<string, string> = {};
  beforeAll(() => {
    repo = makeRepo();
    expect(repo.kiro(['hooks', 'install']).code).toBe(0);
    const dir = tmp('kiro-sessions-');
    // Claude Code: turn 1 writes src/app.ts, turn 2 writes README.md; captured by its hook.
    const transcript = join(dir, 'claude.jsonl');
    writeFileSync(transcript, claudeSession(claude, repo.dir, [{ prompt: 'Create the app entry point', file: 'src/app.ts' }, { prompt: 'Now write the README', file: 'README.md' }]));
    expect(repo.kiro(['capture', '--from', 'claude-code'], { input: JSON.stringify({ transcript_path: transcript, cwd: repo.dir }) }).code).toBe(0);
    commits.claude = commitFile(repo, 'src/app.ts', 'export const app = 1;\nexport const two = 2;\n', 'app entry point');
    commitFile(repo, 'README.md', '# readme\n', 'readme');
    // Codex adds lib/util.py with apply_patch.
    writeFileSync(join(dir, 'rollout.jsonl'), codexSession(codex, repo.dir, 'Add a util module', 'lib/util.py'));
    expect(repo.kiro(['save', '--file', join(dir, 'rollout.jsonl')]).code).toBe(0);
    commits.codex = commitFile(repo, 'lib/util.py', 'def f(): pass\n', 'util');
    // Kiro writes docs/notes.md in its second turn.
    writeFileSync(join(dir, 'kiro.json'), kiroSession(kiro, 'docs/notes.md'));
    expect(repo.kiro(['save', '--file', join(dir, 'kiro.json')]).code).toBe(0);
    commits.kiro = commitFile(repo, 'docs/notes.md', 'notes\n', 'notes');
  });

  test('Claude Code: the line names its commit, the session and the turn that wrote the file, not the later turn', () => {
    const [h] = JSON.parse(repo.kiro(['blame', 'src/app.ts:2', '--json']).stdout);
    expect(h).toMatchObject({ file: 'src/app.ts', lines: [2, 2], commit: commits.claude, subject: 'app entry point' });
    expect(h.sessions).toHaveLength(1);
    expect(h.sessions[0]).toMatchObject({ id: claude });
    expect(h.sessions[0].guess).toBeUndefined();
    expect(h.sessions[0].turns.map((t: { turn: number }) => t.turn)).toEqual([1]);
    expect(h.sessions[0].turns[0]).toMatchObject({ prompt: 'Create the app entry point', toolCall: { name: 'Write' } });
  });

  test('Codex (apply_patch) and Kiro (fs_write, in its second turn)', () => {
    const [c] = JSON.parse(repo.kiro(['blame', 'lib/util.py', '--json']).stdout);
    expect(c).toMatchObject({ commit: commits.codex, sessions: [{ id: codex, turns: [{ turn: 1, prompt: 'Add a util module', toolCall: { name: 'apply_patch' } }] }] });
    const [k] = JSON.parse(repo.kiro(['blame', 'docs/notes.md:1', '--json']).stdout);
    expect(k).toMatchObject({ commit: commits.kiro, sessions: [{ id: kiro, turns: [{ turn: 2, prompt: 'Write the notes file', toolCall: { name: 'fs_write' } }] }] });
  });

  test('text output names the turn, the prompt, the reply and a link to the turn', () => {
    const text = repo.kiro(['blame', 'src/app.ts:1,2']).stdout;
    expect(text).toContain(`src/app.ts:1-2  ${commits.claude.slice(0, 12)} app entry point`);
    expect(text).toContain(`${claude.slice(0, 8)} "Create the app entry point"`);
    expect(text).toContain('turn 1 · Write');
    expect(text).toContain('> Create the app entry point');
    expect(text).toContain(`http://127.0.0.1:7433/session/${claude}#turn-1`);
  });

  test('log -- PATH shows only the commits that touch it; show --turn N shows one turn', () => {
    const log = JSON.parse(repo.kiro(['log', '--json', '--', 'lib/util.py']).stdout);
    expect(log.map((l: { commit: string }) => l.commit)).toEqual([commits.codex]);
    expect(log[0].sessions.map((s: { session: string }) => s.session)).toEqual([codex]);
    const turn = JSON.parse(repo.kiro(['show', kiro, '--turn', '2', '--json']).stdout);
    expect(turn.messages[0].text).toBe('Write the notes file');
    expect(turn.messages.some((m: { text: string }) => m.text === 'Short ones.')).toBe(false);
  });

  test('no attachment (the hooks were not installed): a session that wrote the file then is named, marked as a guess', () => {
    expect(repo.kiro(['hooks', 'uninstall']).code).toBe(0);
    const id = randomUUID();
    const transcript = join(tmp('kiro-guess-'), 'c.jsonl');
    const now = new Date().toISOString();
    writeFileSync(transcript, claudeSession(id, repo.dir, [{ prompt: 'Add the changelog', file: 'CHANGELOG.md' }]).replace(/2026-11-22T10:0\d:00\.000Z/g, now));
    expect(repo.kiro(['import', transcript]).code).toBe(0);
    const sha = commitFile(repo, 'CHANGELOG.md', '# changes\n', 'changelog');
    const [h] = JSON.parse(repo.kiro(['blame', 'CHANGELOG.md', '--json']).stdout);
    expect(h).toMatchObject({ commit: sha, sessions: [{ id, guess: true, turns: [{ turn: 1, prompt: 'Add the changelog' }] }] });
    expect(repo.kiro(['blame', 'CHANGELOG.md']).stdout).toContain('(a guess: no session is attached');
  });

  test('the commit page lists its sessions and, per file, the turn that changed it', async () => {
    await serving(repo, async (get) => {
      const html = (await get(`/commit/${commits.claude}`)).body;
      expect(html).toContain(`href="/session/${claude}#turn-1"`);
      expect(html).toContain('src/app.ts');
      expect((await get(`/session/${claude}`)).body).toContain('id="turn-2"');
    });
  });
});
