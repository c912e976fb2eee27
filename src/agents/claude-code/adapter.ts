import { InvalidInputError } from '../../errors';
import type { Message, ToolCall, ToolResult } from '../../model/message';
import { badLineWarnings, firstRecord, isObj, readJsonl, str, textOf, type FormatAdapter, type Obj } from '../../formats/adapter';

const isTurn = (r: Obj) => (r.type === 'user' || r.type === 'assistant') && isObj(r.message);

/**
 * Claude Code transcripts (~/.claude/projects/<escaped cwd>/<sessionId>.jsonl).
 * Order is file order, pruned by the parentUuid tree: branches abandoned by a rewind
 * and sidechains (sub-agents) are left out of the transcript (kept in the source).
 */
export const claudeCode: FormatAdapter = {
  name: 'claude-code',
  extensions: ['.jsonl'],
  detect(file) {
    const r = firstRecord(file.bytes);
    return !!r && typeof r.type === 'string' && ('sessionId' in r || 'leafUuid' in r || 'parentUuid' in r || r.type === 'summary');
  },
  parse(file) {
    const { records, bad } = readJsonl(file.bytes);
    const turns = records.filter(isTurn);
    if (!turns.length) throw new InvalidInputError('no Claude Code user or assistant records', { file: file.name });
    const first = turns.find((r) => typeof r.sessionId === 'string') ?? {};
    const conv = this.normalise(file.bytes);
    const summary = records.find((r) => r.type === 'custom-title' && typeof r.title === 'string')?.title ?? records.find((r) => r.type === 'summary')?.summary;
    return [
      {
        format: 'claude-code',
        sourceBytes: file.bytes,
        conversation: conv,
        meta: { id: str(first.sessionId) || undefined, title: typeof summary === 'string' ? summary : undefined, createdAt: str(turns[0].timestamp) || undefined, cwd: str(first.cwd) || undefined, branch: str(first.gitBranch) || undefined },
        warnings: badLineWarnings(bad),
      },
    ];
  },
  normalise(bytes) {
    const { records } = readJsonl(bytes);
    const turns = records.filter(isTurn);
    const main = turns.filter((r) => r.isSidechain !== true);
    // A rewind branches the tree: at a parent with several children, the last child
    // (in file order) carries on and the others, with everything below them, were
    // abandoned. Records without a parent (roots, compactions, old files) keep file order.
    const children = new Map<string, Obj[]>();
    for (const r of main) if (typeof r.parentUuid === 'string') children.set(r.parentUuid, [...(children.get(r.parentUuid) ?? []), r]);
    const abandoned = new Set<Obj>();
    const drop = (r: Obj) => {
      if (abandoned.has(r)) return;
      abandoned.add(r);
      for (const c of children.get(str(r.uuid)) ?? []) drop(c);
    };
    for (const kids of children.values()) kids.slice(0, -1).forEach(drop);
    const ordered = main.filter((r) => !abandoned.has(r));
    // Claude Code writes each block of a reply as its own record: thinking comes alone,
    // before the text or tool call it led to, and is folded into that message.
    const messages: Message[] = [];
    let thinking = '';
    for (const r of ordered) {
      const m = toMessage(r);
      const t = thinkingOf(r);
      if (t) thinking = thinking ? `${thinking}\n\n${t}` : t;
      if (!m) continue;
      if (thinking && m.role === 'assistant') {
        m.thinking = thinking;
        thinking = '';
      }
      messages.push(m);
    }
    const model = turns.map((r) => (isObj(r.message) ? str(r.message.model) : '')).find(Boolean);
    return { sourceId: str(turns.find((r) => typeof r.sessionId === 'string')?.sessionId) || undefined, messages, agent: 'claude-code', model, startedAt: str(turns[0]?.timestamp) || undefined };
  },
};

function thinkingOf(r: Obj): string {
  const content = (r.message as Obj).content;
  if (r.type !== 'assistant' || !Array.isArray(content)) return '';
  return content
    .filter((p): p is Obj => isObj(p) && p.type === 'thinking' && typeof p.thinking === 'string')
    .map((p) => p.thinking as string)
    .join('\n\n');
}

function toMessage(r: Obj): Message | undefined {
  const m = r.message as Obj;
  const content = m.content;
  const ts = str(r.timestamp) || undefined;
  const calls: ToolCall[] = [];
  const results: ToolResult[] = [];
  if (Array.isArray(content)) {
    for (const p of content) {
      if (!isObj(p)) continue;
      if (p.type === 'tool_use') calls.push({ id: str(p.id), name: str(p.name), args: p.input });
      if (p.type === 'tool_result') results.push({ toolCallId: str(p.tool_use_id), status: p.is_error ? 'Error' : undefined, text: textOf(p.content) });
    }
  }
  const text = Array.isArray(content) ? textOf(content.filter((p) => isObj(p) && p.type === 'text')) : textOf(content);
  // A compaction summary, or a message Claude Code inserts itself (isMeta), is not a
  // prompt: it must not become the title or the preview.
  const role = r.type === 'assistant' ? 'assistant' : r.isCompactSummary === true || r.isMeta === true ? 'system' : results.length && !text ? 'tool' : 'user';
  if (!text && !calls.length && !results.length) return undefined;
  const msg: Message = { role, text };
  if (calls.length) msg.toolCalls = calls;
  if (results.length) msg.toolResults = results;
  if (ts) msg.timestamp = ts;
  return msg;
}
