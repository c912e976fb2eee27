import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';

/**
 * A model server for the real agents, on 127.0.0.1, speaking the four wire formats
 * they use (streaming): Anthropic Messages (Claude Code), OpenAI Responses (Codex),
 * OpenAI chat completions (opencode, Kilo, Qwen, Copilot) and Gemini. It plays one
 * script: a prompt saying `create FILE containing TEXT` gets a call to the agent's own
 * file-writing tool (named from the request's tool list); a tool result gets "Done";
 * any other prompt gets a reply that quotes it. Every request body is kept, so a test
 * can prove a resumed turn carried the earlier ones. It closes itself after `idleMs`
 * without a request and never keeps the test process alive.
 */
export interface MockModel {
  url: string;
  port: number;
  /** Every request body received, oldest first, with its path. */
  requests: { path: string; body: string }[];
  /** The directory the agent under test runs in, for the absolute path its write tool wants (else guessed from its prompt). */
  workdir?: string;
  close(): Promise<void>;
}

/** What the script says next, in words every format can carry. */
type Reply = { text: string } | { tool: { name: string; args: Record<string, unknown> } };

const CREATE = /create (\S+) containing ([^\n".]+)/i;

/** The file-writing tools the agents offer, and the arguments each takes. */
function writeCall(tools: string[], file: string, content: string, cwd: string | undefined): Reply | undefined {
  const abs = cwd ? `${cwd.replace(/\/$/, '')}/${file}` : file;
  if (tools.includes('Write')) return { tool: { name: 'Write', args: { file_path: abs, content } } };
  if (tools.includes('write_file')) return { tool: { name: 'write_file', args: { file_path: abs, content } } };
  if (tools.includes('write')) return { tool: { name: 'write', args: { filePath: abs, content } } };
  if (tools.includes('create')) return { tool: { name: 'create', args: { path: abs, file_text: content } } };
  // Codex: a shell command is the tool every version has.
  const shell = ['shell', 'shell_command', 'exec_command', 'bash'].find((t) => tools.includes(t));
  if (shell === 'shell') return { tool: { name: shell, args: { command: ['bash', '-lc', `printf '%s\\n' '${content}' > ${file}`] } } };
  if (shell === 'exec_command') return { tool: { name: shell, args: { cmd: `printf '%s\\n' '${content}' > ${file}` } } };
  if (shell) return { tool: { name: shell, args: { command: `printf '%s\\n' '${content}' > ${file}` } } };
  return undefined;
}

/** The script: the last thing said decides the reply. */
function decide(last: { kind: 'prompt' | 'result'; text: string }, tools: string[], cwd?: string): Reply {
  if (last.kind === 'result') return { text: 'Done: the file is written.' };
  const m = CREATE.exec(last.text);
  const call = m && writeCall(tools, m[1], m[2].trim(), cwd);
  return call ?? { text: 'Noted.' };
}

const sse = (res: ServerResponse) => {
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive' });
  return (event: string | undefined, data: unknown) => res.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
};

let seq = 0;
const nextId = (p: string) => `${p}_${Date.now().toString(36)}${(++seq).toString(36)}`;

/** The text of a content value in any of the four formats. */
function textOf(c: unknown): string {
  if (typeof c === 'string') return c;
  if (Array.isArray(c)) return c.map(textOf).join('\n');
  if (c && typeof c === 'object') {
    const o = c as Record<string, unknown>;
    if (typeof o.text === 'string') return o.text;
    if (o.content !== undefined) return textOf(o.content);
  }
  return '';
}

/**
 * The working directory an agent states in its prompt, for the absolute path its
 * write tool wants: the first path after such words that is a directory on this
 * machine (a system prompt's examples, like /example, are not).
 */
function cwdOf(body: string): string | undefined {
  const re = /(?:working directory|Working directory|cwd|current directory)[^/\n]{0,40}(\/[^\s"'`\\<>]+)/g;
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const dir = m[1].replace(/[.,;:)]+$/, '');
    try {
      if (statSync(dir).isDirectory()) return dir;
    } catch {
      /* not here */
    }
  }
  return undefined;
}

function anthropic(req: Record<string, any>, res: ServerResponse, cwd: string | undefined) {
  const msgs = (req.messages ?? []) as { role: string; content: unknown }[];
  // Claude Code may end the list with a system-role reminder: the user's message decides.
  const lastMsg = [...msgs].reverse().find((m) => m.role === 'user');
  const blocks = Array.isArray(lastMsg?.content) ? (lastMsg.content as Record<string, unknown>[]) : [];
  const isResult = blocks.some((b) => b.type === 'tool_result');
  const userText = Array.isArray(lastMsg?.content) ? blocks.filter((b) => b.type === 'text').map((b) => b.text).join('\n') : textOf(lastMsg?.content);
  const reply = decide({ kind: isResult ? 'result' : 'prompt', text: userText }, (req.tools ?? []).map((t: { name: string }) => t.name), cwd);
  if (!req.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    const content = 'text' in reply ? [{ type: 'text', text: reply.text }] : [{ type: 'tool_use', id: nextId('toolu'), name: reply.tool.name, input: reply.tool.args }];
    return res.end(JSON.stringify({ id: nextId('msg'), type: 'message', role: 'assistant', model: req.model, content, stop_reason: 'text' in reply ? 'end_turn' : 'tool_use', stop_sequence: null, usage: { input_tokens: 10, output_tokens: 5 } }));
  }
  const send = sse(res);
  send('message_start', { type: 'message_start', message: { id: nextId('msg'), type: 'message', role: 'assistant', model: req.model, content: [], stop_reason: null, stop_sequence: null, usage: { input_tokens: 10, output_tokens: 1 } } });
  if ('text' in reply) {
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } });
    send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: reply.text } });
  } else {
    send('content_block_start', { type: 'content_block_start', index: 0, content_block: { type: 'tool_use', id: nextId('toolu'), name: reply.tool.name, input: {} } });
    send('content_block_delta', { type: 'content_block_delta', index: 0, delta: { type: 'input_json_delta', partial_json: JSON.stringify(reply.tool.args) } });
  }
  send('content_block_stop', { type: 'content_block_stop', index: 0 });
  send('message_delta', { type: 'message_delta', delta: { stop_reason: 'text' in reply ? 'end_turn' : 'tool_use', stop_sequence: null }, usage: { output_tokens: 5 } });
  send('message_stop', { type: 'message_stop' });
  res.end();
}

function responses(req: Record<string, any>, res: ServerResponse, cwd: string | undefined) {
  const input = (Array.isArray(req.input) ? req.input : []) as Record<string, any>[];
  const last = [...input].reverse().find((i) => i.type === 'function_call_output' || i.type === 'custom_tool_call_output' || (i.type === 'message' && i.role === 'user') || (!i.type && i.role === 'user'));
  const isResult = !!last && /_output$/.test(last.type ?? '');
  const tools = (req.tools ?? []).map((t: Record<string, any>) => t.name ?? t.function?.name).filter(Boolean);
  const reply = decide({ kind: isResult ? 'result' : 'prompt', text: isResult ? '' : textOf(last?.content) }, tools, cwd);
  const send = sse(res);
  const id = nextId('resp');
  const response = { id, object: 'response', created_at: Math.floor(Date.now() / 1000), model: req.model, status: 'in_progress', output: [] as unknown[] };
  send('response.created', { type: 'response.created', sequence_number: 0, response });
  let item: Record<string, unknown>;
  if ('text' in reply) {
    const msgId = nextId('msg');
    item = { type: 'message', id: msgId, status: 'completed', role: 'assistant', content: [{ type: 'output_text', text: reply.text, annotations: [] }] };
    send('response.output_item.added', { type: 'response.output_item.added', output_index: 0, item: { ...item, status: 'in_progress', content: [] } });
    send('response.content_part.added', { type: 'response.content_part.added', item_id: msgId, output_index: 0, content_index: 0, part: { type: 'output_text', text: '', annotations: [] } });
    send('response.output_text.delta', { type: 'response.output_text.delta', item_id: msgId, output_index: 0, content_index: 0, delta: reply.text });
    send('response.output_text.done', { type: 'response.output_text.done', item_id: msgId, output_index: 0, content_index: 0, text: reply.text });
    send('response.content_part.done', { type: 'response.content_part.done', item_id: msgId, output_index: 0, content_index: 0, part: { type: 'output_text', text: reply.text, annotations: [] } });
  } else {
    const callId = nextId('call');
    item = { type: 'function_call', id: nextId('fc'), call_id: callId, name: reply.tool.name, arguments: JSON.stringify(reply.tool.args), status: 'completed' };
    send('response.output_item.added', { type: 'response.output_item.added', output_index: 0, item: { ...item, arguments: '', status: 'in_progress' } });
    send('response.function_call_arguments.delta', { type: 'response.function_call_arguments.delta', item_id: item.id, output_index: 0, delta: item.arguments });
    send('response.function_call_arguments.done', { type: 'response.function_call_arguments.done', item_id: item.id, output_index: 0, arguments: item.arguments });
  }
  send('response.output_item.done', { type: 'response.output_item.done', output_index: 0, item });
  send('response.completed', { type: 'response.completed', response: { ...response, status: 'completed', output: [item], usage: { input_tokens: 10, input_tokens_details: { cached_tokens: 0 }, output_tokens: 5, output_tokens_details: { reasoning_tokens: 0 }, total_tokens: 15 } } });
  res.end();
}

function chat(req: Record<string, any>, res: ServerResponse, cwd: string | undefined) {
  const msgs = (req.messages ?? []) as Record<string, any>[];
  const last = msgs[msgs.length - 1];
  const tools = (req.tools ?? []).map((t: Record<string, any>) => t.function?.name ?? t.name).filter(Boolean);
  const reply = decide({ kind: last?.role === 'tool' ? 'result' : 'prompt', text: textOf(last?.content) }, tools, cwd);
  const id = nextId('chatcmpl');
  const chunk = (delta: unknown, finish: string | null = null, usage?: unknown) => ({ id, object: 'chat.completion.chunk', created: Math.floor(Date.now() / 1000), model: req.model, choices: [{ index: 0, delta, finish_reason: finish }], ...(usage ? { usage } : {}) });
  if (!req.stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    const message = 'text' in reply ? { role: 'assistant', content: reply.text } : { role: 'assistant', content: null, tool_calls: [{ id: nextId('call'), type: 'function', function: { name: reply.tool.name, arguments: JSON.stringify(reply.tool.args) } }] };
    return res.end(JSON.stringify({ id, object: 'chat.completion', created: Math.floor(Date.now() / 1000), model: req.model, choices: [{ index: 0, message, finish_reason: 'text' in reply ? 'stop' : 'tool_calls' }], usage: { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 } }));
  }
  const send = sse(res);
  send(undefined, chunk({ role: 'assistant', content: '' }));
  if ('text' in reply) send(undefined, chunk({ content: reply.text }));
  else send(undefined, chunk({ tool_calls: [{ index: 0, id: nextId('call'), type: 'function', function: { name: reply.tool.name, arguments: JSON.stringify(reply.tool.args) } }] }));
  send(undefined, chunk({}, 'text' in reply ? 'stop' : 'tool_calls', { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }));
  res.write('data: [DONE]\n\n');
  res.end();
}

function gemini(req: Record<string, any>, res: ServerResponse, cwd: string | undefined, stream: boolean) {
  // Gemini CLI first asks a router for JSON to a schema: answer with an object of it.
  const schema = req.generationConfig?.responseJsonSchema ?? req.generationConfig?.responseSchema;
  if (!stream && schema) {
    const obj: Record<string, unknown> = {};
    for (const [k, v] of Object.entries((schema.properties ?? {}) as Record<string, Record<string, unknown>>)) {
      obj[k] = Array.isArray(v.enum) ? v.enum[0] : v.type === 'boolean' ? false : v.type === 'number' || v.type === 'integer' ? 0 : k === 'model_choice' ? 'flash' : 'mock';
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify({ candidates: [{ content: { role: 'model', parts: [{ text: JSON.stringify(obj) }] }, finishReason: 'STOP' }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 } }));
  }
  const contents = (req.contents ?? []) as { role: string; parts: Record<string, unknown>[] }[];
  const last = contents[contents.length - 1];
  const isResult = !!last?.parts?.some((p) => p.functionResponse);
  const tools = ((req.tools ?? []) as Record<string, any>[]).flatMap((t) => (t.functionDeclarations ?? []).map((f: { name: string }) => f.name));
  const reply = decide({ kind: isResult ? 'result' : 'prompt', text: (last?.parts ?? []).map((p) => (typeof p.text === 'string' ? p.text : '')).join('\n') }, tools, cwd);
  const parts = 'text' in reply ? [{ text: reply.text }] : [{ functionCall: { name: reply.tool.name, args: reply.tool.args } }];
  const body = { candidates: [{ content: { role: 'model', parts }, finishReason: 'STOP', index: 0 }], usageMetadata: { promptTokenCount: 10, candidatesTokenCount: 5, totalTokenCount: 15 }, modelVersion: 'mock' };
  if (!stream) {
    res.writeHead(200, { 'content-type': 'application/json' });
    return res.end(JSON.stringify(body));
  }
  sse(res)(undefined, body);
  res.end();
}

export function startMockModel(opts: { idleMs?: number } = {}): Promise<MockModel> {
  const requests: MockModel['requests'] = [];
  const model = { requests } as MockModel;
  let idle: NodeJS.Timeout | undefined;
  const touch = () => {
    clearTimeout(idle);
    idle = setTimeout(() => server.close(), opts.idleMs ?? 10 * 60_000).unref();
  };
  const handle = (r: IncomingMessage, res: ServerResponse) => {
    touch();
    const chunks: Buffer[] = [];
    r.on('data', (c) => chunks.push(c));
    r.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const path = r.url ?? '/';
      if (r.method !== 'POST') {
        res.writeHead(path.includes('/models') ? 200 : 404, { 'content-type': 'application/json' });
        return res.end(path.includes('/models') ? JSON.stringify({ object: 'list', data: [{ id: 'mock-model', object: 'model' }], models: [] }) : '{}');
      }
      requests.push({ path, body: raw });
      let req: Record<string, any> = {};
      try {
        req = JSON.parse(raw);
      } catch {
        /* not JSON: answered as an empty request */
      }
      try {
        const cwd = model.workdir ?? cwdOf(raw);
        if (/\/messages(\?|$)/.test(path)) return anthropic(req, res, cwd);
        if (/\/responses(\?|$)/.test(path)) return responses(req, res, cwd);
        if (/\/chat\/completions/.test(path)) return chat(req, res, cwd);
        if (/:streamGenerateContent/.test(path)) return gemini(req, res, cwd, true);
        if (/:generateContent/.test(path)) return gemini(req, res, cwd, false);
        if (/:countTokens/.test(path)) {
          res.writeHead(200, { 'content-type': 'application/json' });
          return res.end(JSON.stringify({ totalTokens: 10 }));
        }
        res.writeHead(404).end();
      } catch (e) {
        res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: String(e) } }));
      }
    });
  };
  const server: Server = createServer(handle);
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      server.unref();
      touch();
      const port = (server.address() as AddressInfo).port;
      resolve(Object.assign(model, { url: `http://127.0.0.1:${port}`, port, close: () => new Promise<void>((r) => (server.closeAllConnections(), server.close(() => r()))) }));
    });
  });
}
