import { chooseAgent, type AgentOptions } from '../../chat/agents';
import { GitSessionStore } from '../../store/git-session-store';
import { runChat } from '../chat-shell';
import type { CommandContext } from '../context';
import { renderMessages } from '../render';
import { del } from './delete';
import { list } from './list';
import { resumeSession } from './resume';

export interface ChatArgs extends AgentOptions {
  resume?: boolean;
  resumePicker?: boolean;
  resumeId?: string;
  listSessions?: boolean;
  deleteSession?: string;
  yes?: boolean;
  json?: boolean;
}

/**
 * `git kiro chat`: the interactive chat, and Kiro's session flags (`--resume`,
 * `--resume-picker`, `--resume-id`, `--list-sessions`, `--delete-session`).
 */
export async function chat(a: ChatArgs, ctx: CommandContext): Promise<void> {
  if (a.listSessions) return list({ json: a.json, deleteHint: 'git kiro chat --delete-session' }, ctx);
  if (a.deleteSession) return del({ id: a.deleteSession, yes: a.yes, json: a.json }, ctx);
  const store = await ctx.store();
  const config = store instanceof GitSessionStore ? await store.config() : new Map<string, string[]>();
  const agent = chooseAgent(a, config, process.env);
  let resumeId: string | undefined;
  if (a.resumeId || a.resumePicker || a.resume) {
    // Kiro's flags: show what is resumed, then go on with it.
    const view = await resumeSession(store, a.resumeId, a.resumePicker);
    if (!view) return ctx.out.err('No session selected.');
    if (a.json) return ctx.out.json({ ...view.record, messages: view.messages });
    ctx.out.err(`✔ Resumed chat session ${view.record.id}`);
    renderMessages(ctx.out, view.messages.slice(-6));
    resumeId = view.record.id;
  }
  await runChat(store, agent, ctx.out, { cwd: ctx.cwd, resume: resumeId });
}
