/**
 * A Claude Code transcript as the agent writes it (one JSON record per line, each block
 * of a reply its own record): prompts in Markdown, a reply with a code fence, thinking,
 * and the three kinds of tool call a reader cares about (an edit, a shell command with
 * a long output, a new file) with their results.
 */
export function claudeTranscript(sessionId: string, cwd = '/work/app'): string {
  let n = 0;
  let parent: string | null = null;
  const at = (s: number) => new Date(Date.UTC(2026, 10, 20, 9, 0, s)).toISOString();
  const rec = (type: 'user' | 'assistant', content: unknown) => {
    const uuid = `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    const r = { type, parentUuid: parent, isSidechain: false, userType: 'external', cwd, sessionId, version: '2.1.197', uuid, timestamp: at(n * 7), message: type === 'user' ? { role: 'user', content } : { id: `msg_${n}`, type: 'message', role: 'assistant', model: 'claude-sonnet-4-5', content } };
    parent = uuid;
    return JSON.stringify(r);
  };
  const log = Array.from({ length: 40 }, (_, i) => `PASS test/unit-${i}.test.ts (${i + 3} ms)`).join('\n');
  return [
    rec('user', 'Make `parsePort` reject **negative** ports, then run the tests.\n\nKeep the error message:\n- short\n- in English'),
    rec('assistant', [{ type: 'thinking', thinking: 'The check belongs in parsePort, before the range test.', signature: 'x' }]),
    rec('assistant', [{ type: 'text', text: 'Here is the check I will add:\n\n```ts\nexport function parsePort(s: string): number {\n  const n = Number(s);\n  if (n < 0) throw new RangeError("negative port");\n  return n;\n}\n```' }]),
    rec('assistant', [{ type: 'tool_use', id: 'toolu_edit', name: 'Edit', input: { file_path: `${cwd}/src/port.ts`, old_string: 'export function parsePort(s: string): number {\n  const n = Number(s);\n  return n;\n}', new_string: 'export function parsePort(s: string): number {\n  const n = Number(s);\n  if (n < 0) throw new RangeError("negative port");\n  return n;\n}' } }]),
    rec('user', [{ type: 'tool_result', tool_use_id: 'toolu_edit', content: 'The file src/port.ts has been updated.' }]),
    rec('assistant', [{ type: 'tool_use', id: 'toolu_bash', name: 'Bash', input: { command: 'npm test -- --silent', description: 'Run the tests' } }]),
    rec('user', [{ type: 'tool_result', tool_use_id: 'toolu_bash', content: `${log}\nTests: 40 passed, 40 total` }]),
    rec('assistant', [{ type: 'text', text: 'All **40** tests pass. See [the docs](https://example.com/ports) for the range.' }]),
    rec('user', 'Now add a test file for it.'),
    rec('assistant', [{ type: 'tool_use', id: 'toolu_write', name: 'Write', input: { file_path: `${cwd}/test/port.test.ts`, content: "import { parsePort } from '../src/port';\n\ntest('negative', () => {\n  expect(() => parsePort('-1')).toThrow(RangeError);\n});\n" } }]),
    rec('user', [{ type: 'tool_result', tool_use_id: 'toolu_write', content: 'File created successfully at: test/port.test.ts' }]),
    rec('assistant', [{ type: 'text', text: 'Added `test/port.test.ts`.' }]),
  ].join('\n');
}
