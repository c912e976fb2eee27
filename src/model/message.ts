/**
 * The normalised view of a conversation that list, show, search and export use.
 * It is derived from the stored source on read, never stored: the source is the truth
 * and a better normaliser improves every old session for free.
 */
export interface ToolCall {
  id: string;
  name: string;
  args: unknown;
}

export interface ToolResult {
  toolCallId: string;
  status?: string;
  text: string;
}

export interface Message {
  role: 'user' | 'assistant' | 'tool' | 'system';
  text: string;
  toolCalls?: ToolCall[];
  toolResults?: ToolResult[];
  /** The model's visible reasoning before this reply, where the agent records it. */
  thinking?: string;
  timestamp?: string;
}

/** What a format adapter learns from a source document. */
export interface Conversation {
  /** The source's own id (Kiro's conversation_id), reused as the session id. */
  sourceId?: string;
  messages: Message[];
  agent?: string;
  model?: string;
  /** When the first message was sent, if the source says. */
  startedAt?: string;
}
