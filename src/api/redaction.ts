import type { ParsedInput } from '../formats/adapter';
import { adapterFor } from '../agents/formats';
import { InvalidInputError } from '../errors';
import { redactDiff, redactSource, redactText, mergeFindings, type Findings } from '../redact/redact';
import type { SecretPattern } from '../redact/patterns';
import type { Workspace } from '../workspace/workspace';

export interface Redactor {
  enabled: boolean;
  /** The input with secrets replaced in its source, its transcript and its title. */
  input(input: ParsedInput, findings: Findings): ParsedInput;
  bytes(bytes: Buffer, findings: Findings): Buffer;
  /** A patch: line by line (it still applies), binary parts left out. */
  diff(bytes: Buffer, findings: Findings): Buffer;
  text(text: string, findings: Findings): string;
}

/**
 * The redactor for this store: on unless `--no-redact` (off) or `git config
 * kiro.redact false`; custom patterns from `git config --add kiro.redactPattern REGEX`
 * (reported as kind "custom"). Throws InvalidInputError for a pattern that is no regex.
 */
export async function redactorFor(ws: Workspace, off = false): Promise<Redactor> {
  const settings = await ws.settings();
  const enabled = !off && settings.redact;
  const extra: SecretPattern[] = [];
  for (const value of settings.redactPatterns) {
    try {
      extra.push({ kind: 'custom', re: new RegExp(value, 'g') });
    } catch (e) {
      throw new InvalidInputError(`not a regular expression: ${(e as Error).message}`, { field: 'git config kiro.redactPattern' });
    }
  }
  const bytes = (b: Buffer, f: Findings) => {
    if (!enabled) return b;
    const r = redactSource(b, extra);
    mergeFindings(f, r.findings);
    return r.bytes;
  };
  const text = (t: string, f: Findings) => (enabled ? redactText(t, extra, f) : t);
  return {
    enabled,
    bytes,
    text,
    diff: (b, f) => {
      if (!enabled) return b;
      const r = redactDiff(b, extra);
      mergeFindings(f, r.findings);
      return r.bytes;
    },
    input(input, f) {
      if (!enabled) return input;
      const local: Findings = {};
      const red = bytes(input.sourceBytes, local);
      mergeFindings(f, local);
      const title = input.meta?.title ? text(input.meta.title, {}) : undefined;
      if (red === input.sourceBytes && title === input.meta?.title) return input;
      const conversation = red === input.sourceBytes ? input.conversation : adapterFor(input.format)?.normalise(red) ?? input.conversation;
      return { ...input, sourceBytes: red, conversation, meta: input.meta && { ...input.meta, title } };
    },
  };
}
