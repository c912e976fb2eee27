import type { Message } from '../../../model/message';
import { normaliseKiroV1 } from './normalise';

/**
 * A Kiro v1 ConversationState built from any conversation, so a Claude Code or Codex
 * session can be opened in Kiro with `/chat load`. Kiro's history is pairs of a user
 * side and an assistant side: user prompts and tool results open a pair, the assistant
 * closes it (an empty reply where the source had none). What this drops is listed in
 * the README (thinking, images, token counts, per-request metadata).
 */
export function toKiroV1(id: string, messages: Message[]): Record<string, unknown> {
  const history: Record<string, unknown>[] = [];
  const env = { env_state: { operating_system: 'linux', current_working_directory: '', environment_variables: [] } };
  let user: Record<string, unknown> | undefined;
  const close = (assistant: Record<string, unknown>) => {
    history.push({ user: user ?? { additional_context: '', env_context: env, content: { Prompt: { prompt: '' } }, timestamp: null, images: null }, assistant, request_metadata: null });
    user = undefined;
  };
  for (const m of messages) {
    if (m.role === 'assistant') {
      const calls = (m.toolCalls ?? []).map((c) => ({ id: c.id, name: c.name, orig_name: c.name, args: c.args ?? {}, orig_args: c.args ?? {} }));
      close(calls.length ? { ToolUse: { message_id: null, content: m.text, tool_uses: calls } } : { Response: { message_id: null, content: m.text } });
      continue;
    }
    if (user) close({ Response: { message_id: null, content: '' } });
    const content = m.toolResults?.length
      ? { ToolUseResults: { tool_use_results: m.toolResults.map((r) => ({ tool_use_id: r.toolCallId, content: [{ Text: r.text }], status: r.status === 'Error' ? 'Error' : 'Success' })) } }
      : { Prompt: { prompt: m.text } };
    user = { additional_context: '', env_context: env, content, timestamp: m.timestamp ?? null, images: null };
  }
  if (user) close({ Response: { message_id: null, content: '' } });
  const transcript = messages.filter((m) => m.text).map((m) => (m.role === 'user' ? `> ${m.text}` : m.text));
  return { conversation_id: id, next_message: null, history, valid_history_range: [0, history.length], transcript, tools: {} };
}

/**
 * A Kiro v1 session cut to its first turns (a fork `--at N`): every field of the
 * document stays (model_info, context_manager, latest_summary, message ids, env
 * context …); only the history after the last whole turn within `maxMessages`
 * messages goes, with the transcript lines of those turns, and the conversation_id is
 * `id`. undefined when the source is not a Kiro v1 document.
 */
export function truncateKiroV1(source: Buffer, maxMessages: number, id: string): Buffer | undefined {
  let doc: Record<string, unknown>;
  try {
    doc = JSON.parse(source.toString('utf8'));
  } catch {
    return undefined;
  }
  if (!doc || typeof doc !== 'object' || !Array.isArray(doc.history)) return undefined;
  const history = doc.history as unknown[];
  let k = 0;
  while (k < history.length && normaliseKiroV1({ ...doc, history: history.slice(0, k + 1) }).messages.length <= maxMessages) k++;
  const out: Record<string, unknown> = { ...doc, conversation_id: id, history: history.slice(0, k) };
  if (Array.isArray(doc.valid_history_range)) out.valid_history_range = [Math.min(Number(doc.valid_history_range[0]) || 0, k), k];
  if (Array.isArray(doc.transcript)) {
    // The transcript shows each prompt as a "> " line: keep what comes before turn k+1.
    let prompts = 0;
    const cut = (doc.transcript as unknown[]).findIndex((l) => typeof l === 'string' && l.startsWith('> ') && ++prompts > k);
    out.transcript = cut < 0 ? doc.transcript : (doc.transcript as unknown[]).slice(0, cut);
  }
  return Buffer.from(`${JSON.stringify(out, null, 2)}\n`);
}
