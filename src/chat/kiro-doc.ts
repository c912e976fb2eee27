import { normaliseKiroV1 } from '../agents/kiro/v1/normalise';

/** A chat is kept as a Kiro v1 ConversationState, so Kiro CLI can `/chat load` it as is. */
export type KiroDoc = Record<string, unknown> & { conversation_id: string; history: Record<string, unknown>[] };

export function newConversation(id: string): KiroDoc {
  return { conversation_id: id, next_message: null, history: [], valid_history_range: [0, 0], transcript: [], tools: {} };
}

function userMessage(prompt: string, cwd: string): Record<string, unknown> {
  return {
    additional_context: '',
    env_context: { env_state: { operating_system: process.platform, current_working_directory: cwd, environment_variables: [] } },
    content: { Prompt: { prompt } },
    timestamp: new Date().toISOString(),
    images: null,
  };
}

/** The document an agent command receives: the conversation so far, the new prompt as Kiro's `next_message`. */
export function withPending(doc: KiroDoc, prompt: string, cwd: string): KiroDoc {
  return { ...doc, next_message: userMessage(prompt, cwd) };
}

export function appendTurn(doc: KiroDoc, prompt: string, reply: string, cwd: string): void {
  doc.history.push({ user: userMessage(prompt, cwd), assistant: { Response: { message_id: null, content: reply } }, request_metadata: null });
  doc.valid_history_range = [0, doc.history.length];
  doc.next_message = null;
  const transcript = Array.isArray(doc.transcript) ? (doc.transcript as string[]) : [];
  transcript.push(`> ${prompt}`, reply);
  doc.transcript = transcript;
}

/** The conversation as chat-completions messages (roles and text). */
export function chatMessages(doc: KiroDoc, prompt: string): { role: 'user' | 'assistant'; content: string }[] {
  const out = normaliseKiroV1(doc)
    .messages.filter((m) => (m.role === 'user' || m.role === 'assistant') && m.text)
    .map((m) => ({ role: m.role as 'user' | 'assistant', content: m.text }));
  return [...out, { role: 'user', content: prompt }];
}
