import { copyFileSync, cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, SHARED_FIXTURES, describeShared, errLines, makeRepo, tmp, type Repo } from './helpers/repo';

const OWN = join(ROOT, 'fixtures');

interface Item {
  path: string;
  status: string;
  id?: string;
  format?: string;
  reason?: string;
  warnings?: string[];
}

function importJson(repo: Repo, args: string[]): Item[] {
  const r = repo.kiro(['import', ...args, '--json']);
  expect(r.code).toBe(0);
  return JSON.parse(r.stdout);
}

const roles = (repo: Repo, id: string) => JSON.parse(repo.kiro(['show', id, '--json']).stdout).messages.map((m: { role: string }) => m.role);

/** Every export format works, and the two that promise a round trip keep it. */
function checkExports(repo: Repo, id: string, sourcePath?: string) {
  const md = repo.kiro(['export', id, '--format', 'md']);
  expect(md.code).toBe(0);
  expect(md.stdout).toMatch(/^# .+\n/);
  const html = repo.kiro(['export', id, '--format', 'html']);
  expect(html.stdout).toMatch(/^<!doctype html>/);
  // Nothing that runs or loads: no script, no external resource. A URL in the text is at
  // most a link the reader may follow, which tells the site nothing about where it came from.
  expect(html.stdout).not.toMatch(/<script|<link|<img|<iframe|<object|<embed|\ssrc=|url\(/i);
  for (const a of html.stdout.match(/<[a-z]+\s[^>]*href="?https?:[^>]*>/gi) ?? []) expect(a).toMatch(/^<a href="https?:[^"]*" rel="nofollow noopener noreferrer">$/);
  const source = repo.kiro(['export', id, '--format', 'source']);
  if (sourcePath) expect(source.out.equals(readFileSync(sourcePath))).toBe(true);
  // Kiro v1 from any source: a valid ConversationState that Kiro (and our save) accepts.
  const kiro = repo.kiro(['export', id, '--format', 'kiro']);
  const other = makeRepo();
  const saved = other.kiro(['save', '--stdin', '--format', 'kiro-v1', '--json'], { input: kiro.out });
  expect(saved.stderr).toBe('');
  expect(JSON.parse(saved.stdout).id).toBe(id);
  // Our JSON carries the source: saved elsewhere, the source comes back the same.
  const json = repo.kiro(['export', id, '--format', 'json']);
  const third = makeRepo();
  expect(third.kiro(['save', '--stdin'], { input: json.out }).code).toBe(0);
  expect(third.kiro(['export', id, '--format', 'source']).out.equals(source.out)).toBe(true);
}

describe("the project's own fixtures, one per format (hand-counted)", () => {
  const cases: [string, string, string, string[]][] = [
    ['codex', 'codex/rollout-2026-11-20T10-00-00-7f1c2d3e-0000-4000-8000-00000000c0de.jsonl', 'codex', ['user', 'assistant', 'tool', 'assistant']],
    ['gemini chat', 'gemini/session-2026-11-20T10-00-7a3e.json', 'gemini', ['user', 'assistant', 'assistant']],
    ['gemini checkpoint', 'gemini/checkpoint-refactor.json', 'gemini-checkpoint', ['user', 'assistant', 'tool', 'assistant']],
    ['kiro 2.x export', 'kiro-v2/export.json', 'kiro-v2', ['user', 'assistant', 'tool', 'assistant']],
    ['claude-code with a rewind and a sidechain', 'claude-code/rewind-and-sidechain.jsonl', 'claude-code', ['user', 'assistant', 'tool', 'assistant']],
  ];
  test.each(cases)('%s', (_name, file, format, expectedRoles) => {
    const repo = makeRepo();
    const [item] = importJson(repo, [join(OWN, file)]);
    expect(item).toEqual(expect.objectContaining({ status: 'imported', format }));
    expect(roles(repo, item.id!)).toEqual(expectedRoles);
    checkExports(repo, item.id!, join(OWN, file));
  });

  test('details survive normalisation: codex tool call, claude title, kiro 2.x title and model', () => {
    const repo = makeRepo();
    const items = importJson(repo, [join(OWN, 'codex'), join(OWN, 'claude-code/rewind-and-sidechain.jsonl'), join(OWN, 'kiro-v2/export.json')]);
    const show = (id: string) => JSON.parse(repo.kiro(['show', id, '--json']).stdout);
    const cx = show(items[0].id!);
    expect(cx.id).toBe('7f1c2d3e-0000-4000-8000-00000000c0de');
    expect(cx.model).toBe('gpt-5-codex');
    expect(cx.messages[1].toolCalls[0]).toEqual({ id: 'call_1', name: 'shell', args: { command: ['rg', 'discount', 'src/cart.ts'] } });
    const cc = show(items[1].id!);
    expect(cc.title).toBe('Speed up the image resizer');
    expect(cc.messages.map((m: { text: string }) => m.text)).not.toContain('I could rewrite it in Rust.');
    const k2 = show(items[2].id!);
    expect(k2.title).toBe('Fix flaky checkout test');
    expect(k2.model).toBe('claude-sonnet-4.5');
  });

  test('aider: one file, two chats, two sessions with stable ids', () => {
    const repo = makeRepo();
    const items = importJson(repo, [join(OWN, 'aider', '.aider.chat.history.md')]);
    expect(items.map((i) => i.status)).toEqual(['imported', 'imported']);
    expect(roles(repo, items[0].id!)).toEqual(['tool', 'user', 'assistant', 'tool', 'user', 'assistant']);
    expect(roles(repo, items[1].id!)).toEqual(['user', 'assistant']);
    const again = importJson(repo, [join(OWN, 'aider', '.aider.chat.history.md')]);
    expect(again.map((i) => [i.id, i.status])).toEqual(items.map((i) => [i.id, 'skipped']));
    checkExports(repo, items[1].id!);
  });
});

describeShared('the real files in ../shared/fixtures', () => {
  test('import the whole folder: counts and roles against hand-counted expectations', () => {
    const repo = makeRepo();
    const items = importJson(repo, [SHARED_FIXTURES]);
    const by = (name: string) => items.find((i) => i.path.endsWith(name))!;
    expect(by('README.md')).toEqual(expect.objectContaining({ status: 'invalid', reason: 'not a recognised session format' }));
    expect(items.filter((i) => i.status === 'imported')).toHaveLength(10);
    // Hand-counted from the files.
    expect(roles(repo, by('sample_session.jsonl').id!)).toEqual(['user', 'assistant', 'tool', 'assistant', 'tool', 'user', 'assistant']);
    expect(roles(repo, by('session_b.jsonl').id!)).toEqual(['user', 'assistant', 'user']);
    expect(roles(repo, by('session_v1_pre_metering.json').id!)).toEqual(['user', 'assistant']);
    expect(JSON.parse(repo.kiro(['show', by('basic_tool_use.json').id!, '--json']).stdout).messageCount).toBe(20);
    // edge_cases.jsonl has lines that are not JSON: imported, with a warning naming them.
    expect(by('edge_cases.jsonl').warnings).toEqual(['lines 13, 15, 16 not JSON: skipped in the transcript, kept in the stored source']);
    for (const i of items.filter((x) => x.status === 'imported')) {
      checkExports(repo, i.id!, i.format === 'kiro-v2' ? undefined : i.path);
    }
  });
});

describe('bad input per item; one bad file never stops a folder', () => {
  test('truncated, corrupted and wrong-format files', () => {
    const repo = makeRepo();
    const dir = tmp('kiro-mixed-');
    copyFileSync(join(OWN, 'claude-code', 'truncated.jsonl'), join(dir, 'truncated.jsonl'));
    writeFileSync(join(dir, 'corrupt.json'), '{"conversation_id": "0b6f3b7e-39f4-4a8e-9a57-3e7c7a0f0001",\n "history": [\n');
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'not-a-session', version: '1.0.0' }));
    writeFileSync(join(dir, 'kiro-missing-field.json'), JSON.stringify({ conversation_id: '0b6f3b7e-39f4-4a8e-9a57-3e7c7a0f0002', history: [], valid_history_range: [0, 0], transcript: [] }));
    cpSync(join(OWN, 'codex'), join(dir, 'codex'), { recursive: true });
    const items = importJson(repo, [dir]);
    const by = (name: string) => items.find((i) => i.path.endsWith(name))!;
    expect(by('truncated.jsonl')).toEqual(expect.objectContaining({ status: 'imported', warnings: ['line 7 not JSON: skipped in the transcript, kept in the stored source'] }));
    expect(roles(repo, by('truncated.jsonl').id!)).toEqual(['user', 'assistant']);
    expect(by('corrupt.json')).toEqual(expect.objectContaining({ status: 'invalid', reason: '3:1: invalid JSON: unexpected end of input' }));
    expect(by('package.json')).toEqual(expect.objectContaining({ status: 'invalid', reason: 'not a recognised session format' }));
    expect(by('kiro-missing-field.json')).toEqual(expect.objectContaining({ status: 'invalid', reason: 'tools: missing (expected an object)' }));
    expect(items.find((i) => i.path.includes('rollout-'))!.status).toBe('imported');
    // The human report: one line per item and a total.
    const text = repo.kiro(['import', dir]);
    expect(errLines(text).at(-1)).toBe('0 imported, 0 updated, 2 skipped, 3 invalid');
  });

  test('importing again updates a changed source and never duplicates', () => {
    const repo = makeRepo();
    const dir = tmp('kiro-again-');
    copyFileSync(join(OWN, 'kiro-v2', 'export.json'), join(dir, 'export.json'));
    const [first] = importJson(repo, [dir]);
    const doc = JSON.parse(readFileSync(join(dir, 'export.json'), 'utf8'));
    doc.log_entries.push({ version: 'v1', kind: 'Prompt', data: { message_id: 'p2', content: [{ kind: 'text', data: 'Thanks' }] } });
    writeFileSync(join(dir, 'export.json'), JSON.stringify(doc));
    expect(importJson(repo, [dir])).toEqual([expect.objectContaining({ id: first.id, status: 'updated' })]);
    expect(importJson(repo, [dir])).toEqual([expect.objectContaining({ id: first.id, status: 'skipped' })]);
    expect(JSON.parse(repo.kiro(['list', '--all', '--json']).stdout)).toHaveLength(1);
  });

  test('a batch of many sessions is one notes commit', () => {
    const repo = makeRepo();
    const dir = tmp('kiro-many-');
    const base = JSON.parse(readFileSync(join(OWN, 'kiro-v2', 'export.json'), 'utf8'));
    for (let i = 0; i < 120; i++) {
      base.metadata.session_id = `batch-${i}`;
      writeFileSync(join(dir, `s${i}.json`), JSON.stringify(base));
    }
    const items = importJson(repo, [dir]);
    expect(items.filter((i) => i.status === 'imported')).toHaveLength(120);
    expect(repo.git('rev-list', '--count', 'refs/notes/kiro')).toBe('1');
  });
});

