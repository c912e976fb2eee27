import type { ToolCall, ToolResult } from '../model/message';
import { patchFiles } from '../model/patch';
import { oneLine, safeJson } from '../model/text';
import { escapeHtml as e } from './escape';
import { highlight, languageOfPath } from './highlight';
import { lineDiff } from './line-diff';

/** What a tool call did, recognised by the shape of its arguments (every agent names its tools differently). */
export type ToolView =
  | { kind: 'shell'; command: string }
  | { kind: 'write'; path: string; content: string }
  | { kind: 'edit'; path: string; edits: { before: string; after: string }[] }
  | { kind: 'patch'; patch: string }
  | { kind: 'other' };

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {});
const str = (...vs: unknown[]) => vs.find((v): v is string => typeof v === 'string');
const pathOf = (a: Obj) => str(a.file_path, a.filePath, a.path, a.absolute_path, a.notebook_path) ?? '';

export function toolView(call: ToolCall): ToolView {
  const a = obj(call.args);
  const cmd = Array.isArray(a.command) ? a.command : [];
  const patch = typeof call.args === 'string' ? call.args : (str(a.patch, a.input) ?? (cmd[0] === 'apply_patch' ? str(cmd[1]) : undefined));
  if (patch && (/patch/i.test(call.name) || cmd[0] === 'apply_patch' || patch.startsWith('*** Begin Patch'))) return { kind: 'patch', patch };
  const before = str(a.old_str, a.old_string, a.oldString);
  const after = str(a.new_str, a.new_string, a.newString);
  // Kiro's fs_write: create (file_text), str_replace (old_str → new_str), insert and append (new_str).
  if (a.command === 'insert' || a.command === 'append') return { kind: 'edit', path: pathOf(a), edits: [{ before: '', after: after ?? '' }] };
  if (before !== undefined && after !== undefined) return { kind: 'edit', path: pathOf(a), edits: [{ before, after }] };
  if (Array.isArray(a.edits)) {
    const edits = a.edits.map(obj).map((x) => ({ before: str(x.old_string, x.old_str, x.oldString) ?? '', after: str(x.new_string, x.new_str, x.newString) ?? '' }));
    return { kind: 'edit', path: pathOf(a), edits };
  }
  const content = str(a.content, a.file_text, a.contents);
  if (content !== undefined && pathOf(a)) return { kind: 'write', path: pathOf(a), content };
  const command = shellCommand(a.command ?? a.cmd);
  if (command !== undefined && /bash|shell|command|exec|terminal|run|cmd/i.test(call.name)) return { kind: 'shell', command };
  return { kind: 'other' };
}

/** Codex gives `["bash", "-lc", "ls"]`: the script is what was run. */
function shellCommand(v: unknown): string | undefined {
  if (typeof v === 'string') return v;
  if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) return undefined;
  const argv = v as string[];
  return argv.length === 3 && /(^|\/)(ba|z)?sh$/.test(argv[0]) && /^-l?c$/.test(argv[1]) ? argv[2] : argv.join(' ');
}

/** Long outputs and files start folded; short ones are shown. */
const isLong = (text: string) => text.length > 1500 || text.split('\n').length > 15;
const lines = (text: string) => `${text.split('\n').length} line${text.split('\n').length === 1 ? '' : 's'}`;

function folded(summary: string, body: string, text: string, cls: string): string {
  return `<details class="${cls}"${isLong(text) ? '' : ' open'}><summary>${summary}</summary>${body}</details>`;
}

const codeBlock = (text: string, lang?: string) => `<pre class="code" tabindex="0"><code class="hljs">${highlight(text, lang)}</code></pre>`;

function resultHtml(r: ToolResult | undefined, label: string): string {
  if (!r) return '';
  const status = r.status ? ` · ${e(r.status)}` : '';
  return folded(`${label} (${lines(r.text)})${status}`, `<pre class="out" tabindex="0">${e(r.text)}</pre>`, r.text, 'result');
}

function diffHtml(before: string, after: string): string {
  const rows = lineDiff(before, after).map((l) => (l.op === '…' ? `<span class="skip">⋯ ${l.skipped} unchanged line${l.skipped === 1 ? '' : 's'}</span>` : `<span class="${l.op === '+' ? 'add' : l.op === '-' ? 'del' : 'ctx'}"><span class="sign">${l.op}</span>${e(l.text)}</span>`));
  return `<pre class="diff" tabindex="0">${rows.join('')}</pre>`;
}

/** One tool call as a reader wants it, with its result beside it. */
export function toolCallHtml(call: ToolCall, result: ToolResult | undefined): string {
  const v = toolView(call);
  const name = `<span class="tool-name">${e(call.name)}</span>`;
  switch (v.kind) {
    case 'shell':
      return `<div class="tool shell"><div class="tool-head">Ran ${name}</div>${codeBlock(`$ ${v.command}`, 'bash')}${resultHtml(result, 'Output')}</div>`;
    case 'write':
      return `<div class="tool write"><div class="tool-head">Wrote <code>${e(v.path)}</code> ${name}</div>${folded(lines(v.content), codeBlock(v.content, languageOfPath(v.path)), v.content, 'file')}${resultHtml(result, 'Result')}</div>`;
    case 'edit':
      return `<div class="tool edit"><div class="tool-head">Edited <code>${e(v.path)}</code> ${name}</div>${v.edits.map((x) => diffHtml(x.before, x.after)).join('')}${resultHtml(result, 'Result')}</div>`;
    case 'patch': {
      const files = patchFiles(v.patch);
      return `<div class="tool edit"><div class="tool-head">Patched ${files.length ? files.map((f) => `<code>${e(f)}</code>`).join(', ') : 'files'} ${name}</div>${codeBlock(v.patch, 'diff')}${resultHtml(result, 'Result')}</div>`;
    }
    default: {
      const args = safeJson(call.args, 2);
      const gist = oneLine(pathOf(obj(call.args)) || str(obj(call.args).pattern, obj(call.args).query, obj(call.args).url) || '', 80);
      return `<div class="tool other"><details class="call"><summary>Tool call: ${e(call.name)}${gist ? ` <code>${e(gist)}</code>` : ''}</summary>${codeBlock(args, 'json')}</details>${resultHtml(result, 'Result')}</div>`;
    }
  }
}
