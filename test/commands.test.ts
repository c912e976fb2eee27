import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { errLines, kiroSession, makeRepo, type Repo } from './helpers/repo';

const A = 'aaaaaaaa-1111-4111-8111-000000000001';
const B = 'aaaaaaaa-2222-4222-8222-000000000002';
const C = 'cccccccc-3333-4333-8333-000000000003';

/** Three sessions: two in the root (B newer than A), one in src/app. */
function seeded(): Repo {
  const repo = makeRepo();
  mkdirSync(join(repo.dir, 'src', 'app'), { recursive: true });
  expect(repo.kiro(['save', '--stdin'], { input: kiroSession(A, ['Fix the flaky login test', 'and the retry']) }).code).toBe(0);
  expect(repo.kiro(['save', '--stdin', '--title', 'Parser work'], { input: kiroSession(B, ['Rewrite the tokenizer for speed']) }).code).toBe(0);
  expect(repo.kiro(['save', '--stdin'], { input: kiroSession(C, ['Add a dark mode toggle']), cwd: join(repo.dir, 'src', 'app') }).code).toBe(0);
  return repo;
}

describe('list, resume, show, rename, delete, search', () => {
  let repo: Repo;
  beforeAll(() => {
    repo = seeded();
  });

  test('list: this directory only, newest first, in Kiro\'s layout', () => {
    const r = repo.kiro(['list']);
    expect(r.code).toBe(0);
    const lines = r.stdout.split('\n');
    expect(lines[0]).toBe(`Chat sessions for ${repo.dir}:`);
    expect(lines[2]).toBe(`Chat SessionId: ${B}`);
    expect(lines[3]).toBe('  Parser work');
    expect(lines[4]).toBe('  just now | Rewrite the tokenizer for speed | 2 msgs');
    expect(lines[6]).toBe(`Chat SessionId: ${A}`);
    // Its title is its first prompt: not repeated, exactly Kiro's two lines.
    expect(lines[7]).toBe('  just now | Fix the flaky login test | 4 msgs');
    expect(lines[8]).toBe('');
    expect(r.stdout).not.toContain(C);
    expect(lines.at(-2)).toBe('To delete a session, use: git kiro delete <SESSION_ID>');
  });

  test('list --json, --all and the scope of a subdirectory', () => {
    const here = JSON.parse(repo.kiro(['list', '--json']).stdout);
    expect(here.map((s: { id: string }) => s.id)).toEqual([B, A]);
    expect(Object.keys(here[0])).toEqual(expect.arrayContaining(['id', 'title', 'scope', 'createdAt', 'updatedAt', 'messageCount']));
    const all = JSON.parse(repo.kiro(['list', '--all', '--json']).stdout);
    expect(all.map((s: { id: string }) => s.id)).toEqual([C, B, A]);
    const sub = JSON.parse(repo.kiro(['list', '--json'], { cwd: join(repo.dir, 'src', 'app') }).stdout);
    expect(sub).toEqual([expect.objectContaining({ id: C, scope: 'src/app', title: 'Add a dark mode toggle' })]);
  });

  test('list in a directory with no sessions: Kiro\'s message on stderr, exit 0', () => {
    const r = repo.kiro(['list'], { cwd: join(repo.dir, 'src') });
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('');
    expect(r.stderr.trim()).toBe(`No saved chat sessions for ${join(repo.dir, 'src')}`);
  });

  test('resume: the latest of this directory becomes active; load then prints it', () => {
    const r = repo.kiro(['resume']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain(`✔ Resumed chat session ${B}`);
    expect(r.stdout).toContain('> Rewrite the tokenizer for speed');
    const named = JSON.parse(repo.kiro(['resume', 'aaaaaaaa-1', '--json']).stdout);
    expect(named.id).toBe(A);
    expect(named.messages[0]).toEqual({ role: 'user', text: 'Fix the flaky login test' });
    // The active session is what `load` with no id gives (Kiro's load-via-script).
    expect(JSON.parse(repo.kiro(['load']).stdout).conversation_id).toBe(A);
  });

  test('id prefixes: unique works, ambiguous lists the candidates', () => {
    expect(JSON.parse(repo.kiro(['show', 'ccc', '--json']).stdout).id).toBe(C);
    const r = repo.kiro(['show', 'aaaa']);
    expect(r.code).toBe(5);
    expect(r.stderr).toContain("session id prefix 'aaaa' is ambiguous; it matches 2 sessions:");
    expect(r.stderr).toContain(A);
    expect(r.stderr).toContain(B);
  });

  test('show: metadata, git context and the conversation', () => {
    const r = repo.kiro(['show', C]);
    expect(r.stdout).toMatch(/^Add a dark mode toggle\nChat SessionId: cccccccc/);
    expect(r.stdout).toContain('directory src/app');
    expect(r.stdout).toContain(`branch    main`);
    expect(r.stdout).toContain(`commit    ${repo.git('rev-parse', 'HEAD')}`);
    expect(r.stdout).toContain('> Add a dark mode toggle\n\nanswer to Add a dark mode toggle\n');
  });

  test('rename changes the title only', () => {
    const before = repo.kiro(['load', A]).stdout;
    expect(repo.kiro(['rename', A, 'Login flake']).code).toBe(0);
    expect(JSON.parse(repo.kiro(['show', A, '--json']).stdout).title).toBe('Login flake');
    expect(repo.kiro(['load', A]).stdout).toBe(before);
  });

  test('search by content, with where it matched', () => {
    const r = JSON.parse(repo.kiro(['search', 'TOKENIZER', '--json']).stdout);
    expect(r).toEqual([expect.objectContaining({ id: B, matches: [expect.objectContaining({ message: 1, role: 'user' }), expect.objectContaining({ message: 2, role: 'assistant' })] })]);
    expect(JSON.parse(repo.kiro(['search', 'dark mode', '--json']).stdout)).toEqual([]);
    expect(JSON.parse(repo.kiro(['search', 'dark mode', '--all', '--json']).stdout).map((h: { id: string }) => h.id)).toEqual([C]);
    // Text numbers messages from 1, as --json does, and --all says where each session lives.
    const text = repo.kiro(['search', 'dark mode', '--all']).stdout;
    expect(text).toContain(`${C}  Add a dark mode toggle  [src/app]`);
    expect(text).toContain('  #1 user: Add a dark mode toggle');
  });
});

describe('delete confirms unless --yes', () => {
  test('without a terminal and without --yes it refuses and keeps the session', () => {
    const repo = seeded();
    const r = repo.kiro(['delete', C]);
    expect(r.code).toBe(2);
    expect(errLines(r)[0]).toBe(`error: refusing to delete session ${C} without confirmation`);
    expect(repo.git('notes', '--ref=kiro', 'list').split('\n')).toHaveLength(3);
    expect(repo.kiro(['delete', 'ccc', '--yes']).stderr).toContain("'ccc' is too short to name a session to delete; give at least 4 characters");
    const ok = repo.kiro(['delete', 'cccc', '--yes']);
    expect(ok.code).toBe(0);
    expect(ok.stderr.trim()).toBe(`✔ Deleted chat session ${C}`);
    expect(JSON.parse(repo.kiro(['list', '--all', '--json']).stdout)).toHaveLength(2);
    expect(repo.kiro(['show', C]).code).toBe(3);
    // What is left is a tombstone (for sync), without the conversation.
    const { sessionKey } = require('../src/store/notes-layout');
    const key = sessionKey(C, 'sha1');
    expect(JSON.parse(repo.git('notes', '--ref=kiro', 'show', key))).toEqual(expect.objectContaining({ id: C, deleted: true }));
    expect(repo.git('ls-tree', '-r', '--name-only', 'refs/notes/kiro', `${key.slice(0, 2)}/`).split('\n').sort()).toEqual([`${key.slice(0, 2)}/${key.slice(2)}`, `${key.slice(0, 2)}/${key.slice(2)}.id`]);
  });
});

describe("Kiro's spellings", () => {
  test('chat --list-sessions, --resume, --resume-id, --delete-session', () => {
    const repo = seeded();
    const list = repo.kiro(['chat', '--list-sessions']);
    expect(list.stdout).toContain(`Chat SessionId: ${B}`);
    expect(list.stdout).toContain('To delete a session, use: git kiro chat --delete-session <SESSION_ID>');
    expect(repo.kiro(['chat', '--resume']).stderr).toContain(`✔ Resumed chat session ${B}`);
    expect(repo.kiro(['chat', '--resume-id', C]).stderr).toContain(`✔ Resumed chat session ${C}`);
    expect(repo.kiro(['chat', '--resume-id', 'deadbeef']).stderr).toContain("Chat session 'deadbeef' not found");
    // As in Kiro, --delete-session deletes at once: no question, no --yes needed.
    const del = repo.kiro(['chat', '--delete-session', A]);
    expect(del.code).toBe(0);
    expect(del.stderr).toContain(`✔ Deleted chat session ${A}`);
    expect(repo.kiro(['list', '--json']).stdout).not.toContain(A);
  });

  test('--resume in a directory without sessions', () => {
    const repo = makeRepo();
    const r = repo.kiro(['chat', '--resume']);
    expect(r.code).toBe(3);
    expect(errLines(r)[0]).toBe(`error: No saved chat sessions for ${repo.dir}`);
  });

  test('--resume-picker without a terminal: a numbered prompt read from stdin', () => {
    const repo = seeded();
    const r = repo.kiro(['chat', '--resume-picker'], { input: '2\n' });
    expect(r.stderr).toContain('  1) Parser work');
    expect(r.stderr).toContain('  2) Fix the flaky login test');
    expect(r.stderr).toContain(`✔ Resumed chat session ${A}`);
    const none = repo.kiro(['chat', '--resume-picker'], { input: '' });
    expect(none.code).toBe(0);
    expect(none.stderr).toContain('No session selected.');
  });
});
