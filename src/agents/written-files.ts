import type { ToolCall } from '../model/message';
import { patchFiles } from '../model/patch';

/** The file paths a tool call wrote or edited, as the agent gave them (absolute or relative). */
export type FilesWritten = (call: ToolCall) => string[];

const obj = (v: unknown): Record<string, unknown> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const strs = (...vs: unknown[]) => vs.filter((v): v is string => typeof v === 'string' && v.length > 0);


/** Files a shell command writes by redirection or tee (`cat > a.txt <<EOF`, `echo x >> b`, `tee c`). */
export function shellWrites(command: string): string[] {
  const out: string[] = [];
  for (const m of command.matchAll(/(?:^|[^0-9&>])>>?\s*(['"]?)([^\s'"<>|;&()]+)\1/g)) if (m[2] !== '/dev/null' && !m[2].startsWith('&')) out.push(m[2]);
  for (const m of command.matchAll(/\btee\s+(?:-a\s+)?(['"]?)([^\s'"<>|;&()]+)\1/g)) out.push(m[2]);
  return out;
}

/** Any agent: a tool named like a write or an edit, with a path argument. */
export const genericFilesWritten: FilesWritten = (call) => {
  if (!/write|edit|patch|replace|create/i.test(call.name)) return [];
  const a = obj(call.args);
  if (typeof call.args === 'string' && /apply_patch|patch/i.test(call.name)) return patchFiles(call.args);
  return strs(a.file_path, a.filePath, a.absolute_path, a.path, a.notebook_path);
};
