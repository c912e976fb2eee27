import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { claudeCode } from '../src/agents/claude-code/adapter';
import { codex } from '../src/agents/codex/adapter';
import { messagesHtml } from '../src/render/html';
import { lineDiff } from '../src/render/line-diff';
import { markdownHtml } from '../src/render/markdown-html';
import { timeHtml } from '../src/render/time';
import { toolView } from '../src/render/tool-call';
import { escapeHtml } from '../src/render/escape';
import { claudeTranscript } from './helpers/claude-session';
import { makeRepo, ROOT } from './helpers/repo';

describe('how a conversation reads', () => {
  test('tool calls are told apart by what they did, whichever agent named them', () => {
    const call = (name: string, args: unknown) => toolView({ id: 'x', name, args });
    // Edits: Claude, Kiro, opencode, Claude's MultiEdit, Kiro's insert.
    expect(call('Edit', { file_path: 'a.ts', old_string: 'a', new_string: 'b' })).toEqual({ kind: 'edit', path: 'a.ts', edits: [{ before: 'a', after: 'b' }] });
    expect(call('fs_write', { command: 'str_replace', path: 'a.ts', old_str: 'a', new_str: 'b' })).toEqual({ kind: 'edit', path: 'a.ts', edits: [{ before: 'a', after: 'b' }] });
    expect(call('edit', { filePath: 'a.ts', oldString: 'a', newString: 'b' })).toMatchObject({ kind: 'edit', path: 'a.ts' });
    expect(call('MultiEdit', { file_path: 'a.ts', edits: [{ old_string: '1', new_string: '2' }, { old_string: '3', new_string: '4' }] })).toMatchObject({ kind: 'edit', edits: [{ before: '1', after: '2' }, { before: '3', after: '4' }] });
    expect(call('fs_write', { command: 'insert', path: 'a.ts', insert_line: 3, new_str: 'x' })).toEqual({ kind: 'edit', path: 'a.ts', edits: [{ before: '', after: 'x' }] });
    // Writes: Claude, Kiro, Gemini.
    expect(call('Write', { file_path: 'b.py', content: 'print(1)' })).toEqual({ kind: 'write', path: 'b.py', content: 'print(1)' });
    expect(call('fs_write', { command: 'create', path: 'b.py', file_text: 'x' })).toEqual({ kind: 'write', path: 'b.py', content: 'x' });
    expect(call('write_file', { file_path: 'b.py', content: 'x' })).toMatchObject({ kind: 'write' });
    // Shell: Claude, Kiro, Gemini, Codex's argv and exec_command.
    expect(call('Bash', { command: 'ls -la' })).toEqual({ kind: 'shell', command: 'ls -la' });
    expect(call('execute_bash', { command: 'ls' })).toEqual({ kind: 'shell', command: 'ls' });
    expect(call('run_shell_command', { command: 'ls' })).toEqual({ kind: 'shell', command: 'ls' });
    expect(call('shell', { command: ['bash', '-lc', 'cat a | wc -l'] })).toEqual({ kind: 'shell', command: 'cat a | wc -l' });
    expect(call('shell', { command: ['ls', '-1', 'src'] })).toEqual({ kind: 'shell', command: 'ls -1 src' });
    expect(call('exec_command', { cmd: 'make' })).toEqual({ kind: 'shell', command: 'make' });
    // Codex patches, however they arrive.
    const patch = '*** Begin Patch\n*** Update File: a.ts\n@@\n-a\n+b\n*** End Patch';
    expect(call('apply_patch', patch)).toEqual({ kind: 'patch', patch });
    expect(call('apply_patch', { input: patch })).toEqual({ kind: 'patch', patch });
    expect(call('shell', { command: ['apply_patch', patch] })).toEqual({ kind: 'patch', patch });
    // Anything else stays a folded call.
    expect(call('fs_read', { path: 'a.ts' })).toEqual({ kind: 'other' });
    expect(call('Grep', { pattern: 'x', command: 'not a shell' })).toEqual({ kind: 'other' });
  });

  test('an edit is a line diff with context, long unchanged runs folded, removals before additions', () => {
    const before = Array.from({ length: 20 }, (_, i) => `line ${i}`).join('\n');
    const after = before.replace('line 10', 'line ten').replace('line 11\n', '');
    expect(lineDiff(before, after, 2)).toEqual([
      { op: '…', skipped: 8 },
      { op: ' ', text: 'line 8' },
      { op: ' ', text: 'line 9' },
      { op: '-', text: 'line 10' },
      { op: '-', text: 'line 11' },
      { op: '+', text: 'line ten' },
      { op: ' ', text: 'line 12' },
      { op: ' ', text: 'line 13' },
      { op: '…', skipped: 6 },
    ]);
    expect(lineDiff('same', 'same')).toEqual([{ op: '…', skipped: 1 }]);
    // Too large for the quadratic part: everything old removed, everything new added, at once.
    const big = (p: string) => Array.from({ length: 3000 }, (_, i) => `${p}${i}`).join('\n');
    const diff = lineDiff(big('a'), big('b'));
    expect(diff.filter((l) => l.op === '-')).toHaveLength(3000);
    expect(diff.filter((l) => l.op === '+')).toHaveLength(3000);
  });

  test('Markdown: raw HTML stays text, images become nothing fetched, code is highlighted only in a named language', () => {
    expect(markdownHtml('<b>x</b> <script>alert(1)</script>')).toBe('<p>&lt;b&gt;x&lt;/b&gt; &lt;script&gt;alert(1)&lt;/script&gt;</p>\n');
    expect(markdownHtml('![a](http://example.com/a.png)')).not.toMatch(/<img|src=/);
    expect(markdownHtml('[x](javascript:alert(1))')).not.toContain('href');
    expect(markdownHtml('```js\nconst a = "<b>";\n```')).toContain('<span class="hljs-keyword">const</span>');
    expect(markdownHtml('```js\nconst a = "<b>";\n```')).toContain('&lt;b&gt;');
    expect(markdownHtml('```\nconst a = 1;\n```')).toBe('<pre class="code" tabindex="0"><code class="hljs">const a = 1;\n</code></pre>\n');
  });

  test('a time shows the offset of the zone it is shown in', () => {
    const run = (tz: string) => spawnSync(process.execPath, ['-e', `console.log(require(${JSON.stringify(join(ROOT, 'dist/lib/render/time.js'))}).timeHtml('2026-11-20T09:00:00Z', (s) => s))`], { env: { ...process.env, TZ: tz }, encoding: 'utf8' }).stdout.trim();
    expect(run('UTC')).toBe('<time datetime="2026-11-20T09:00:00.000Z">2026-11-20 09:00 UTC+00:00</time>');
    expect(run('Asia/Kolkata')).toBe('<time datetime="2026-11-20T09:00:00.000Z">2026-11-20 14:30 UTC+05:30</time>');
    expect(run('America/New_York')).toBe('<time datetime="2026-11-20T09:00:00.000Z">2026-11-20 04:00 UTC−05:00</time>');
    expect(timeHtml('not a time', escapeHtml)).toBe('not a time');
  });

  test('results are shown beside their calls; a result without its call is shown where it is', () => {
    const html = messagesHtml([
      { role: 'user', text: 'go' },
      { role: 'assistant', text: '', toolCalls: [{ id: 'c1', name: 'Bash', args: { command: 'ls' } }] },
      { role: 'tool', text: '', toolResults: [{ toolCallId: 'c1', text: 'a.txt' }] },
      { role: 'tool', text: '', toolResults: [{ toolCallId: 'gone', text: 'orphan output' }] },
    ]);
    expect(html.match(/<article/g)).toHaveLength(3); // the paired result's message is not repeated
    expect(html.indexOf('a.txt')).toBeGreaterThan(html.indexOf('$ ls'));
    expect(html).toContain('orphan output');
  });

  test('thinking is read from Claude Code (its own records) and Codex (reasoning summaries), message counts unchanged', () => {
    const claude = claudeCode.normalise(Buffer.from(claudeTranscript('s', '/w'))).messages;
    expect(claude).toHaveLength(11);
    expect(claude[1]).toMatchObject({ role: 'assistant', thinking: 'The check belongs in parsePort, before the range test.' });
    const line = (type: string, payload: unknown) => JSON.stringify({ timestamp: '2026-01-01T00:00:00Z', type, payload });
    const rollout = [
      line('session_meta', { id: 'r1', timestamp: '2026-01-01T00:00:00Z', cwd: '/w' }),
      line('response_item', { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hi' }] }),
      line('response_item', { type: 'reasoning', summary: [{ type: 'summary_text', text: 'Look at the files first.' }] }),
      line('response_item', { type: 'function_call', name: 'shell', arguments: '{"command":["ls"]}', call_id: 'c1' }),
      line('response_item', { type: 'function_call_output', call_id: 'c1', output: 'a' }),
      line('response_item', { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'done' }] }),
    ].join('\n');
    const msgs = codex.normalise(Buffer.from(rollout)).messages;
    expect(msgs.map((m) => [m.role, m.thinking])).toEqual([
      ['user', undefined],
      ['assistant', 'Look at the files first.'],
      ['tool', undefined],
      ['assistant', undefined],
    ]);
  });
});

test('a read still under way when a command ended does not keep the program running', () => {
  const repo = makeRepo();
  // A large object for the late read, so it is still being answered when the old process exits.
  const big = spawnSync('git', ['hash-object', '-w', '--stdin'], { cwd: repo.dir, input: randomBytes(40 << 20), encoding: 'utf8' }).stdout.trim();
  const script = `const { CatFile } = require(${JSON.stringify(join(ROOT, 'dist/lib/git/cat-file.js'))});
const c = new CatFile(process.cwd());
c.read('HEAD:nothing').then(async () => {
  // Closed with a read still owed by its process, and a read right after (never awaited):
  // the owed one is answered, the late one neither fails it nor keeps the program alive.
  const owed = c.read('HEAD:a');
  c.close();
  c.read('${big}');
  await owed;
  console.log('ended');
});`;
  const r = spawnSync(process.execPath, ['-e', script], { cwd: repo.dir, encoding: 'utf8', timeout: 20_000 });
  expect(r.status).toBe(0); // before: killed by the timeout (status null), or 1 when the late read was failed by the old process's exit
  expect(r.stdout).toBe('ended\n');
});
