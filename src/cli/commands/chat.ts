import { defineCommand, jsonFlag, yesFlag } from '../command';
import { renderMessages } from '../render';
import { printList } from './list';
import { resumeSession } from './resume';
import { deleteSession } from '../../api/delete-session';
import { resolveOwnSession } from '../../api/resolve-id';

/**
 * `git kiro chat`: the interactive chat, and Kiro's session flags (`--resume`,
 * `--resume-picker`, `--resume-id`, `--list-sessions`, `--delete-session`).
 */
export const chatCommand = defineCommand({
  command: 'chat',
  describe: 'chat with an agent, saved after every turn; Kiro\'s --resume, --resume-picker, --resume-id, --list-sessions, --delete-session',
  builder: (y) =>
    y
      .option('resume', { alias: 'r', type: 'boolean', describe: 'resume the latest session of this directory' })
      .option('resume-picker', { type: 'boolean', describe: 'choose a session to resume' })
      .option('resume-id', { type: 'string', describe: 'resume this session' })
      .option('list-sessions', { type: 'boolean', describe: 'list this directory\'s sessions' })
      .option('delete-session', { type: 'string', describe: 'delete this session (as Kiro does: no question asked)' })
      .options(yesFlag)
      .option('agent', { choices: ['echo', 'openai', 'command'] as const, describe: 'who answers (default: git config kiro.agent, else echo)' })
      .option('agent-cmd', { type: 'string', describe: 'a command that reads the session JSON on stdin and prints the reply' })
      .option('base-url', { type: 'string', describe: 'openai: the server (an OpenAI-compatible /v1 URL)' })
      .option('model', { type: 'string', describe: 'openai: the model' })
      .option('api-key-env', { type: 'string', describe: 'openai: the environment variable holding the key (default OPENAI_API_KEY)' })
      .option('timeout', { type: 'number', describe: 'seconds an agent may stay silent before it is stopped (default 60)' })
      .options(jsonFlag),
  run: async (a, ctx) => {
    if (a.listSessions) return printList(ctx, { json: a.json, deleteHint: 'git kiro chat --delete-session' });
    const ws = await ctx.workspace();
    if (a.deleteSession) {
      // Kiro's spelling deletes at once, as Kiro does (`git kiro delete` is the one that asks).
      const record = await resolveOwnSession(ws.sessions, a.deleteSession);
      await deleteSession(ws.sessions, record.id);
      if (a.json) return ctx.out.json({ id: record.id, deleted: true });
      return ctx.out.err(`✔ Deleted chat session ${record.id}`);
    }
    // The shell (readline, the agents' clients) loads only for a chat.
    const [{ chooseAgent }, { runChat }] = await Promise.all([import('../../chat/agents'), import('../chat-shell')]);
    const agent = chooseAgent(a, await ws.settings(), process.env);
    let resumeId: string | undefined;
    if (a.resumeId || a.resumePicker || a.resume) {
      // Kiro's flags: show what is resumed, then go on with it.
      const view = await resumeSession(ws.sessions, a.resumeId, a.resumePicker);
      if (!view) return ctx.out.err('No session selected.');
      if (a.json) return ctx.out.json({ ...view.record, messages: view.messages });
      ctx.out.err(`✔ Resumed chat session ${view.record.id}`);
      renderMessages(ctx.out, view.messages.slice(-6));
      resumeId = view.record.id;
    }
    await runChat(ws, agent, ctx.out, { cwd: ctx.cwd, resume: resumeId });
  },
});
