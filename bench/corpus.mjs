// Realistic sessions for the benchmark: Kiro v1 conversations of 5 KB to 200 KB
// (log-uniform, so most are small and a few large, as real ones are), text drawn from
// a vocabulary of prose, code and tool output, deterministic from a seed.
const WORDS = (
  'the a to of and in is for it this that with on we can be as should function test file error value ' +
  'return const let if else await async import export class interface type string number array object ' +
  'cache session commit branch merge rebase notes tree blob index parser token stream buffer request ' +
  'response handler config option flag path directory module package build lint format review refactor ' +
  'database query migration schema table column row transaction lock retry timeout latency memory'
).split(' ');

export function rng(seed) {
  let s = seed >>> 0;
  return () => (s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32;
}

function sentence(r, n) {
  const out = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(r() * WORDS.length)]);
  return out.join(' ');
}

function codeBlock(r) {
  const lines = [];
  const n = 3 + Math.floor(r() * 12);
  for (let i = 0; i < n; i++) lines.push(`${'  '.repeat(Math.floor(r() * 3))}const ${WORDS[Math.floor(r() * WORDS.length)]}${i} = ${sentence(r, 3).replace(/ /g, '.')}(${Math.floor(r() * 1000)});`);
  return `\`\`\`ts\n${lines.join('\n')}\n\`\`\``;
}

/** A session id for number i (stable across runs). */
export const sessionId = (i) => `b0000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** Target size in bytes: log-uniform between 5 KB and 200 KB. */
export function sessionSize(r) {
  return Math.round(5000 * Math.exp(r() * Math.log(40)));
}

/** A Kiro v1 ConversationState of about `size` bytes. */
export function kiroSession(id, size, r, cwd = '/work/project') {
  const history = [];
  let bytes = 600;
  let turn = 0;
  while (bytes < size) {
    const prompt = `${sentence(r, 8 + Math.floor(r() * 30))}?`;
    const reply = `${sentence(r, 40 + Math.floor(r() * 120))}.\n\n${r() < 0.5 ? codeBlock(r) : sentence(r, 30)}`;
    const tool = r() < 0.4;
    const assistant = tool
      ? { ToolUse: { message_id: `m${turn}`, content: reply, tool_uses: [{ id: `t${turn}`, name: 'fs_read', orig_name: 'fs_read', args: { path: `src/${WORDS[turn % WORDS.length]}.ts` }, orig_args: {} }] } }
      : { Response: { message_id: `m${turn}`, content: reply } };
    history.push({
      user: { additional_context: '', env_context: { env_state: { operating_system: 'linux', current_working_directory: cwd, environment_variables: [] } }, content: { Prompt: { prompt } }, timestamp: '2026-11-01T10:00:00Z', images: null },
      assistant,
      request_metadata: { request_id: `r${turn}`, message_id: `m${turn}` },
    });
    bytes += prompt.length + reply.length + 420;
    turn++;
  }
  return JSON.stringify({ conversation_id: id, next_message: null, history, valid_history_range: [0, history.length], transcript: [], tools: {}, model_info: { model_id: 'claude-sonnet-4.5' } });
}

/** Directories sessions are spread over; the benchmark lists one of them. */
export const SCOPES = Array.from({ length: 50 }, (_, i) => (i === 0 ? '' : `pkg/mod${i}`));
