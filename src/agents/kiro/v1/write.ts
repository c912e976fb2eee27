import type { Message } from '../../../model/message';

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
