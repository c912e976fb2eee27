import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { makeRepo, ROOT } from './helpers/repo';

/**
 * Files the real agents wrote in the end-to-end run (npm run e2e with
 * GIT_KIRO_E2E_FIXTURES=1 keeps them in fixtures/e2e/<agent>/): each is read by its
 * agent's format, with the prompt, the file-writing tool call and the reply.
 */
const DIR = join(ROOT, 'fixtures', 'e2e');
const agents = existsSync(DIR) ? readdirSync(DIR).sort() : [];

test('the end-to-end run left a file for every agent it drives', () => {
  expect(agents).toEqual(['claude-code', 'codex', 'copilot', 'gemini', 'kilo', 'opencode', 'qwen']);
});

test.each(agents)('%s: what the real agent wrote imports in its own format, turn for turn', (agent) => {
  const repo = makeRepo();
  const [file] = readdirSync(join(DIR, agent));
  const r = repo.kiro(['import', join(DIR, agent, file), '--json']);
  expect(r.code).toBe(0);
  const [item] = JSON.parse(r.stdout);
  const shown = JSON.parse(repo.kiro(['show', item.id, '--json']).stdout);
  expect(shown.source.format).toBe(agent);
  const messages = shown.messages as { role: string; text: string; toolCalls?: { args: unknown }[] }[];
  expect(messages.filter((m) => m.role === 'user' && m.text).map((m) => m.text)).toEqual([expect.stringContaining(`Please create hello.txt containing hi from ${agent}`)]);
  expect(messages.filter((m) => m.toolCalls?.some((c) => JSON.stringify(c.args).includes('hello.txt')))).toHaveLength(1);
  expect(messages[messages.length - 1]).toMatchObject({ role: 'assistant', text: 'Done: the file is written.' });
});
