import type { AgentPlugin } from '../agent';
import { aider } from './adapter';

/** Aider keeps its chat history in the repository (.aider.chat.history.md): import reads it as a file. */
export const aiderAgent: AgentPlugin = {
  name: 'aider',
  label: 'Aider',
  formats: [aider],
};
