import { createHash } from 'node:crypto';
import { existsSync, readdirSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, makeRepo, tmp, type Repo } from './helpers/repo';

const OWN = join(ROOT, 'fixtures');
const claudeName = (dir: string) => dir.replace(/[^a-zA-Z0-9]/g, '-');

/** A Claude Code transcript that ran in `cwd`. */
function claudeTranscript(id: string, cwd: string, prompt: string, turns = 1): string {
  const lines = [];
  for (let i = 0; i < turns; i++) {
    lines.push(JSON.stringify({ type: 'user', uuid: `${id}-u${i}`, parentUuid: i ? `${id}-a${i - 1}` : null, sessionId: id, cwd, timestamp: '2026-11-20T08:00:00Z', message: { role: 'user', content: i ? `more ${i}` : prompt } }));
    lines.push(JSON.stringify({ type: 'assistant', uuid: `${id}-a${i}`, parentUuid: `${id}-u${i}`, sessionId: id, cwd, timestamp: '2026-11-20T08:00:01Z', message: { role: 'assistant', content: [{ type: 'text', text: `reply ${i}` }] } }));
  }
  return `${lines.join('\n')}\n`;
}

function codexRollout(id: string, cwd: string, prompt: string): string {
  return [
    { timestamp: '2026-11-20T10:00:00Z', type: 'session_meta', payload: { id, cwd, timestamp: '2026-11-20T10:00:00Z' } },
    { timestamp: '2026-11-20T10:00:01Z', type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: prompt }] } },
    { timestamp: '2026-11-20T10:00:02Z', type: 'response_item', payload: { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'ok' }] } },
  ]
    .map((l) => JSON.stringify(l))
    .join('\n');
}

const kiroV1 = (id: string, prompt: string) => JSON.stringify({ conversation_id: id, history: [{ user: { content: { Prompt: { prompt } } }, assistant: { Response: { content: 'ok' } } }], valid_history_range: [0, 1], transcript: [], tools: {} });

/** Kiro 1.x's database, written with sql.js exactly as Kiro lays it out. */
async function kiroDatabase(path: string, rows: [string, string, string][]): Promise<void> {
  const initSqlJs = require('sql.js');
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  db.run('CREATE TABLE conversations_v2 (key TEXT NOT NULL, conversation_id TEXT NOT NULL, value TEXT NOT NULL, created_at INTEGER NOT NULL, updated_at INTEGER NOT NULL, PRIMARY KEY (key, conversation_id))');
  db.run('CREATE INDEX idx_conversations_v2_key_updated ON conversations_v2(key, updated_at DESC)');
  rows.forEach(([key, id, value], i) => db.run('INSERT INTO conversations_v2 VALUES (?, ?, ?, ?, ?)', [key, id, value, 1000 + i, 2000 + i]));
  mkdirSync(join(path, '..'), { recursive: true });
  writeFileSync(path, Buffer.from(db.export()));
  db.close();
}

const ids = (repo: Repo) => JSON.parse(repo.kiro(['list', '--all', '--json']).stdout).map((s: { id: string; scope: string }) => `${s.scope}:${s.id}`).sort();

/**
 * A repository with a subdirectory, a fake home with the agent's files for the
 * repository root, the subdirectory and an unrelated repository.
 */
function setup(): { repo: Repo; home: string; sub: string; other: string } {
  const repo = makeRepo();
  const sub = join(repo.dir, 'services', 'api');
  mkdirSync(sub, { recursive: true });
  const other = join(tmp('kiro-other-'), 'unrelated');
  mkdirSync(other, { recursive: true });
  return { repo, home: tmp('kiro-fakehome-'), sub, other };
}

const ROOT_ID = '11111111-aaaa-4aaa-8aaa-000000000001';
const SUB_ID = '22222222-aaaa-4aaa-8aaa-000000000002';
const OTHER_ID = '33333333-aaaa-4aaa-8aaa-000000000003';

describe('import --from finds this repository\'s sessions (root and subdirectories), not others', () => {
  test('claude-code', () => {
    const { repo, home, sub, other } = setup();
    for (const [id, cwd] of [[ROOT_ID, repo.dir], [SUB_ID, sub], [OTHER_ID, other]]) {
      mkdirSync(join(home, '.claude', 'projects', claudeName(cwd)), { recursive: true });
      writeFileSync(join(home, '.claude', 'projects', claudeName(cwd), `${id}.jsonl`), claudeTranscript(id, cwd, `work in ${cwd}`));
    }
    expect(repo.kiro(['import', '--from', 'claude-code', '--home', home]).code).toBe(0);
    expect(ids(repo)).toEqual([`:${ROOT_ID}`, `services/api:${SUB_ID}`]);
  });

  test('codex', () => {
    const { repo, home, sub, other } = setup();
    const day = join(home, '.codex', 'sessions', '2026', '11', '20');
    mkdirSync(day, { recursive: true });
    for (const [id, cwd] of [[ROOT_ID, repo.dir], [SUB_ID, sub], [OTHER_ID, other]]) writeFileSync(join(day, `rollout-2026-11-20T10-00-00-${id}.jsonl`), codexRollout(id, cwd, 'hi'));
    repo.kiro(['import', '--from', 'codex', '--home', home]);
    expect(ids(repo)).toEqual([`:${ROOT_ID}`, `services/api:${SUB_ID}`]);
  });

  test('kiro: the SQLite database (1.x) and ~/.kiro/sessions/cli (2.x)', async () => {
    const { repo, home, sub, other } = setup();
    await kiroDatabase(join(home, '.local', 'share', 'kiro-cli', 'data.sqlite3'), [
      [repo.dir, ROOT_ID, kiroV1(ROOT_ID, 'root work')],
      [sub, SUB_ID, kiroV1(SUB_ID, 'sub work')],
      [other, OTHER_ID, kiroV1(OTHER_ID, 'elsewhere')],
    ]);
    const v2 = join(home, '.kiro', 'sessions', 'cli');
    mkdirSync(v2, { recursive: true });
    const V2_ID = '44444444-aaaa-4aaa-8aaa-000000000004';
    const exportDoc = JSON.parse(readFileSync(join(OWN, 'kiro-v2', 'export.json'), 'utf8'));
    writeFileSync(join(v2, `${V2_ID}.json`), JSON.stringify({ ...exportDoc.metadata, session_id: V2_ID, cwd: sub }));
    writeFileSync(join(v2, `${V2_ID}.jsonl`), exportDoc.log_entries.map((e: unknown) => JSON.stringify(e)).join('\n'));
    writeFileSync(join(v2, `${OTHER_ID}.json`), JSON.stringify({ ...exportDoc.metadata, session_id: OTHER_ID, cwd: other }));
    const r = repo.kiro(['import', '--from', 'kiro', '--home', home, '--json']);
    expect(r.code).toBe(0);
    expect(ids(repo)).toEqual([`:${ROOT_ID}`, `services/api:${SUB_ID}`, `services/api:${V2_ID}`]);
    expect(JSON.parse(repo.kiro(['show', V2_ID, '--json']).stdout).messageCount).toBe(4);
  });

  test('gemini: project folders named by the sha256 of the directory', () => {
    const { repo, home, sub, other } = setup();
    const chat = readFileSync(join(OWN, 'gemini', 'session-2026-11-20T10-00-7a3e.json'), 'utf8');
    for (const [id, cwd] of [[ROOT_ID, repo.dir], [SUB_ID, sub], [OTHER_ID, other]]) {
      const folder = join(home, '.gemini', 'tmp', createHash('sha256').update(cwd).digest('hex'), 'chats');
      mkdirSync(folder, { recursive: true });
      writeFileSync(join(folder, `session-2026-11-20T10-00-${id.slice(0, 4)}.json`), chat.replace('7a3e9b1c-0000-4000-8000-0000000000ge', id));
    }
    repo.kiro(['import', '--from', 'gemini', '--home', home]);
    expect(ids(repo)).toEqual([`:${ROOT_ID}`, `services/api:${SUB_ID}`]);
  });
});

describe('capture, as each agent\'s hook calls it', () => {
  test('claude-code Stop hook (JSON on stdin): twice in a row updates, then the commit carries it', () => {
    const { repo, home } = setup();
    repo.kiro(['hooks', 'install']);
    const folder = join(home, '.claude', 'projects', claudeName(repo.dir));
    mkdirSync(folder, { recursive: true });
    const transcript = join(folder, `${ROOT_ID}.jsonl`);
    writeFileSync(transcript, claudeTranscript(ROOT_ID, repo.dir, 'Start the feature'));
    const event = JSON.stringify({ session_id: ROOT_ID, transcript_path: transcript, cwd: repo.dir, hook_event_name: 'Stop', stop_hook_active: false });
    const first = repo.kiro(['capture', '--from', 'claude-code', '--home', home], { input: event });
    expect(first.code).toBe(0);
    expect(first.stderr.trim()).toBe(`✔ Captured claude-code session ${ROOT_ID} (imported)`);
    writeFileSync(transcript, claudeTranscript(ROOT_ID, repo.dir, 'Start the feature', 2));
    expect(repo.kiro(['capture', '--from', 'claude-code', '--home', home], { input: event }).stderr.trim()).toBe(`✔ Captured claude-code session ${ROOT_ID} (updated)`);
    expect(repo.kiro(['capture', '--from', 'claude-code', '--home', home], { input: event }).stderr.trim()).toBe(`✔ Captured claude-code session ${ROOT_ID} (skipped)`);
    expect(ids(repo)).toEqual([`:${ROOT_ID}`]);
    expect(JSON.parse(repo.kiro(['show', ROOT_ID, '--json']).stdout).messageCount).toBe(4);
    writeFileSync(join(repo.dir, 'f.txt'), 'x');
    repo.git('add', 'f.txt');
    repo.git('commit', '-q', '-m', 'feature');
    expect(JSON.parse(repo.git('notes', '--ref=kiro', 'show', 'HEAD')).session).toBe(ROOT_ID);
  });

  test('kiro stop hook (event on stdin, no session id): the newest session of this directory', async () => {
    const { repo, home } = setup();
    await kiroDatabase(join(home, '.local', 'share', 'kiro-cli', 'data.sqlite3'), [
      [repo.dir, ROOT_ID, kiroV1(ROOT_ID, 'older')],
      [repo.dir, SUB_ID, kiroV1(SUB_ID, 'newest')],
    ]);
    const event = JSON.stringify({ hook_event_name: 'stop', cwd: repo.dir });
    for (let i = 0; i < 2; i++) expect(repo.kiro(['capture', '--from', 'kiro', '--home', home], { input: event }).stderr).toContain(`Captured kiro session ${SUB_ID}`);
    expect(ids(repo)).toEqual([`:${SUB_ID}`]);
    expect(JSON.parse(repo.kiro(['load']).stdout).conversation_id).toBe(SUB_ID);
  });

  test('codex notify (JSON as the argument)', () => {
    const { repo, home } = setup();
    const day = join(home, '.codex', 'sessions', '2026', '11', '20');
    mkdirSync(day, { recursive: true });
    writeFileSync(join(day, `rollout-2026-11-20T10-00-00-${ROOT_ID}.jsonl`), codexRollout(ROOT_ID, repo.dir, 'notify me'));
    const payload = JSON.stringify({ type: 'agent-turn-complete', 'thread-id': ROOT_ID, 'turn-id': '1', cwd: repo.dir, 'last-assistant-message': 'ok' });
    for (let i = 0; i < 2; i++) expect(repo.kiro(['capture', '--from', 'codex', '--home', home, payload]).stderr).toContain(`Captured codex session ${ROOT_ID}`);
    expect(ids(repo)).toEqual([`:${ROOT_ID}`]);
  });

  test('nothing to capture: one warning line, exit 0 (a hook never breaks the agent\'s turn)', () => {
    const { repo, home } = setup();
    const r = repo.kiro(['capture', '--from', 'claude-code', '--home', home], { input: '{}' });
    expect(r.code).toBe(0);
    expect(r.stderr.trim().split('\n')).toEqual([expect.stringMatching(/^git-kiro: warning: capture --from claude-code: no claude-code session found for /)]);
  });
});

describe('hooks install --agent writes the agent\'s hook and removes only what it added', () => {
  test('claude-code keeps the user\'s own settings', () => {
    const { repo } = setup();
    const file = join(repo.dir, '.claude', 'settings.local.json');
    mkdirSync(join(repo.dir, '.claude'));
    const mine = { permissions: { allow: ['Bash(npm test)'] }, hooks: { Stop: [{ hooks: [{ type: 'command', command: 'say done' }] }] } };
    writeFileSync(file, JSON.stringify(mine, null, 2));
    const r = repo.kiro(['hooks', 'install', '--agent', 'claude-code']);
    expect(r.stderr).toContain(`✔ claude-code: added in ${file}`);
    expect(r.stdout).toContain('git kiro capture --from claude-code');
    const after = JSON.parse(readFileSync(file, 'utf8'));
    expect(after.hooks.Stop).toHaveLength(2);
    expect(repo.kiro(['hooks', 'install', '--agent', 'claude-code']).stderr).toContain('already there');
    repo.kiro(['hooks', 'install', '--agent', 'claude-code', '--uninstall']);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual(mine);
  });

  test('kiro: its own hook file, removed whole', () => {
    const { repo } = setup();
    const r = repo.kiro(['hooks', 'install', '--agent', 'kiro', '--json']);
    const file = JSON.parse(r.stdout).file;
    expect(JSON.parse(readFileSync(file, 'utf8')).hooks[0]).toEqual(expect.objectContaining({ trigger: 'Stop', action: { type: 'command', command: 'git kiro capture --from kiro' } }));
    repo.kiro(['hooks', 'uninstall', '--agent', 'kiro']);
    expect(existsSync(file)).toBe(false);
  });

  /** Every file under `dirs`, path → bytes (base64), to compare trees byte for byte. */
  const snapshot = (...dirs: string[]) => Object.fromEntries(dirs.flatMap((d) => walk(d)).map((f) => [f, f.endsWith('/') ? 'folder' : readFileSync(f).toString('base64')]));
  // Folders count too (an empty one left behind is a change), as `path/`.
  const walk = (d: string): string[] => (existsSync(d) ? readdirSync(d, { withFileTypes: true }).flatMap((e) => (e.name === '.git' ? [] : e.isDirectory() ? [`${join(d, e.name)}/`, ...walk(join(d, e.name))] : [join(d, e.name)])) : []);

  test.each([
    // The user's settings in their own layout (four spaces, no final newline) with a hook of their own.
    ['claude-code', '.claude/settings.local.json', '{\n    "model": "opus",\n    "hooks": {\n        "Stop": [\n            {\n                "hooks": [\n                    {\n                        "type": "command",\n                        "command": "say done"\n                    }\n                ]\n            }\n        ]\n    }\n}'],
    ['gemini', '.gemini/settings.json', '{\n  "ui": {\n    "theme": "GitHub"\n  },\n  "hooks": {\n    "BeforeAgent": [\n      {\n        "hooks": [\n          {\n            "type": "command",\n            "command": "echo hi"\n          }\n        ]\n      }\n    ]\n  }\n}\n'],
    ['qwen', '.qwen/settings.json', '{"general":{"vimMode":true},"hooks":{"Stop":[{"hooks":[{"type":"command","command":"notify-send done"}]}]}}'],
    ['copilot', '.github/hooks/lint.json', '{"version":1,"hooks":{"postToolUse":[{"type":"command","bash":"npm run lint"}]}}\n'],
    ['opencode', '.opencode/plugins/mine.js', 'export const Mine = async () => ({});\n'],
    ['kilo', '.kilo/plugins/mine.js', 'export const Mine = async () => ({});\n'],
    ['kiro', '.kiro/agents/dev.json', '{\n  "name": "dev",\n  "hooks": {\n    "agentSpawn": [\n      {\n        "command": "git status"\n      }\n    ]\n  }\n}\n'],
  ])('%s: install then uninstall gives the user\'s files back byte for byte', (agent, path, mine) => {
    const { repo, home } = setup();
    mkdirSync(join(repo.dir, path, '..'), { recursive: true });
    writeFileSync(join(repo.dir, path), mine);
    const before = snapshot(repo.dir, home);
    const r = repo.kiro(['hooks', 'install', '--agent', agent, '--home', home, '--json']);
    expect(r.code).toBe(0);
    const change = JSON.parse(r.stdout);
    expect(change.action).toBe('added');
    const after = snapshot(repo.dir, home);
    expect(after).not.toEqual(before);
    // What was added runs the capture, and the user's own hook is still there.
    expect(Object.values(after).map((b) => Buffer.from(b, 'base64').toString()).join('\n')).toContain(`git kiro capture --from ${agent}`);
    expect(readFileSync(join(repo.dir, path), 'utf8')).toContain(['say done', 'echo hi', 'git status', 'notify-send done', 'npm run lint'].find((c) => mine.includes(c)) ?? 'Mine');
    if (agent === 'kiro') expect(change.more.map((c: { file: string; action: string }) => [c.file, c.action])).toEqual([[join(repo.dir, path), 'added']]);
    expect(JSON.parse(repo.kiro(['hooks', 'install', '--agent', agent, '--home', home, '--json']).stdout).action).toBe('already there');
    expect(repo.kiro(['hooks', 'install', '--agent', agent, '--home', home, '--uninstall']).code).toBe(0);
    expect(snapshot(repo.dir, home)).toEqual(before);
  });

  test('codex: notify in config.toml, never replacing the user\'s own', () => {
    const { repo, home } = setup();
    const file = join(home, '.codex', 'config.toml');
    mkdirSync(join(home, '.codex'));
    writeFileSync(file, 'model = "gpt-5-codex"\n\n[tui]\nnotifications = true\n');
    repo.kiro(['hooks', 'install', '--agent', 'codex', '--home', home]);
    expect(readFileSync(file, 'utf8')).toMatch(/^# added by git-kiro.*\nnotify = \["git", "kiro", "capture", "--from", "codex"\]\n\nmodel = "gpt-5-codex"/);
    repo.kiro(['hooks', 'install', '--agent', 'codex', '--home', home, '--uninstall']);
    expect(readFileSync(file, 'utf8')).toBe('model = "gpt-5-codex"\n\n[tui]\nnotifications = true\n');
    writeFileSync(file, 'notify = ["my-notifier"]\n');
    const r = repo.kiro(['hooks', 'install', '--agent', 'codex', '--home', home]);
    expect(r.code).toBe(5);
    expect(readFileSync(file, 'utf8')).toBe('notify = ["my-notifier"]\n');
  });
});
