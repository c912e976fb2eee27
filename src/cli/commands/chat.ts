import { UsageError } from '../../errors';
import type { CommandContext } from '../context';
import { del } from './delete';
import { list } from './list';
import { resume } from './resume';

export interface ChatArgs {
  resume?: boolean;
  resumePicker?: boolean;
  resumeId?: string;
  listSessions?: boolean;
  deleteSession?: string;
  yes?: boolean;
  json?: boolean;
}

/** Kiro's spellings (`kiro-cli chat --resume` …), mapped onto the commands above. */
export async function chat(a: ChatArgs, ctx: CommandContext): Promise<void> {
  if (a.listSessions) return list({ json: a.json, deleteHint: 'git kiro chat --delete-session' }, ctx);
  if (a.deleteSession) return del({ id: a.deleteSession, yes: a.yes, json: a.json }, ctx);
  if (a.resumeId) return resume({ id: a.resumeId, json: a.json }, ctx);
  if (a.resumePicker) return resume({ picker: true, json: a.json }, ctx);
  if (a.resume) return resume({ json: a.json }, ctx);
  throw new UsageError('the interactive chat shell is not available yet', {
    hint: 'use --resume, --resume-picker, --resume-id ID, --list-sessions or --delete-session ID',
  });
}
