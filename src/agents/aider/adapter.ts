import { v5 as uuidv5 } from 'uuid';
import { InvalidInputError } from '../../errors';
import type { Message } from '../../model/message';
import type { FormatAdapter } from '../../formats/adapter';

const HEADER = /^# aider chat started at (.+)$/m;
/** Namespace for ids of Aider sessions, which have none: path + start time. */
const AIDER_NAMESPACE = 'a1de7c4a-2f0b-4e57-8a3c-6b1d0e9f2c31';

/**
 * Aider's `.aider.chat.history.md`: one file holds every chat, each starting with
 * `# aider chat started at <time>`. `#### ` lines are the user's, `> ` lines tool
 * output, the rest the assistant's. Each chat becomes a session whose id is derived
 * from the file and its start time, so importing the file again updates, never
 * duplicates. The stored source of each is its own section, byte for byte.
 */
export const aider: FormatAdapter = {
  name: 'aider',
  extensions: ['.md'],
  detect(file) {
    return HEADER.test(file.bytes.toString('utf8', 0, 4096));
  },
  parse(file) {
    const text = file.bytes.toString('utf8');
    const starts = [...text.matchAll(/^# aider chat started at (.+)$/gm)];
    if (!starts.length) throw new InvalidInputError('no "# aider chat started at" header', { file: file.name });
    return starts.map((m, i) => {
      const section = text.slice(m.index, i + 1 < starts.length ? starts[i + 1].index : text.length);
      const bytes = Buffer.from(section);
      const when = m[1].trim();
      const created = new Date(when.replace(' ', 'T'));
      return {
        format: 'aider',
        sourceBytes: bytes,
        conversation: this.normalise(bytes),
        meta: { id: uuidv5(`${file.name.replace(/^.*\//, '')}\n${when}`, AIDER_NAMESPACE), createdAt: Number.isNaN(created.getTime()) ? undefined : created.toISOString() },
      };
    });
  },
  normalise(bytes) {
    const messages: Message[] = [];
    const push = (role: Message['role'], line: string) => {
      const last = messages[messages.length - 1];
      if (last && last.role === role) last.text += `\n${line}`;
      else messages.push({ role, text: line });
    };
    for (const line of bytes.toString('utf8').split('\n')) {
      if (HEADER.test(line)) continue;
      if (line.startsWith('#### ')) push('user', line.slice(5));
      else if (line.startsWith('> ')) push('tool', line.slice(2));
      else if (line.trim() || messages.length) push('assistant', line);
    }
    for (const m of messages) {
      m.text = m.text.trim();
      if (m.role === 'tool') {
        m.toolResults = [{ toolCallId: '', text: m.text }];
        m.text = '';
      }
    }
    return { messages: messages.filter((m) => m.text || m.toolResults), agent: 'aider' };
  },
};
