import { ENV_ASSIGNMENT, SECRET_PATTERNS, entropy, looksLikeId, type SecretPattern } from './patterns';

export type Findings = Record<string, number>;

export const placeholder = (kind: string) => `[REDACTED:${kind}]`;

/**
 * Something every secret pattern needs (a prefix, a marker, an assignment name). Text
 * without any is left alone without running the patterns: most text has none, and
 * scanning every string of a 500 MB import with a dozen patterns was the import's
 * largest cost.
 */
const TRIGGER = /AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|gh[pousr]_|github_pat_|glpat-|sk-|AIza|xox|xapp-|hooks\.slack|_live_|_test_|-----BEGIN|eyJ|:\/\/[^\s/@]+:|[Aa][Ww][Ss]_?[Ss][Ee][Cc][Rr][Ee][Tt]|SECRET|TOKEN|PASSW|PWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH|CREDENTIAL/;

/** Replaces secrets in plain text. Returns the text and what was found, by kind. */
export function redactText(text: string, extra: SecretPattern[] = [], findings: Findings = {}): string {
  if (!extra.length && !TRIGGER.test(text)) return text;
  let out = text;
  for (const p of [...SECRET_PATTERNS, ...extra]) {
    out = out.replace(p.re, (match: string, ...groups: unknown[]) => {
      if (match.includes('[REDACTED:')) return match;
      findings[p.kind] = (findings[p.kind] ?? 0) + 1;
      if (!p.group) return placeholder(p.kind);
      const secret = groups[p.group - 1] as string;
      return match.replace(secret, placeholder(p.kind));
    });
  }
  out = out.replace(ENV_ASSIGNMENT, (match: string, _name: string, value: string) => {
    if (value.startsWith('[REDACTED:') || looksLikeId(value) || entropy(value) < 3.5) return match;
    findings['env-secret'] = (findings['env-secret'] ?? 0) + 1;
    return match.replace(value, placeholder('env-secret'));
  });
  return out;
}

/**
 * Redacts inside JSON string values only, leaving every other byte as it was: keys,
 * numbers, whitespace and formatting are untouched, so the document keeps its shape
 * and still loads in its agent. Works line by line for JSONL. A string that changes is
 * re-encoded with JSON.stringify (its own escapes may differ; its value is what we say).
 */
export function redactJsonText(text: string, extra: SecretPattern[] = [], findings: Findings = {}): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const q = text.indexOf('"', i);
    if (q < 0) break;
    // Find the end of this string literal.
    let j = q + 1;
    while (j < text.length && text[j] !== '"') j += text[j] === '\\' ? 2 : 1;
    if (j >= text.length) break; // unterminated (a truncated line): leave the rest alone
    const literal = text.slice(q, j + 1);
    let k = j + 1;
    while (k < text.length && (text[k] === ' ' || text[k] === '\t' || text[k] === '\r' || text[k] === '\n')) k++;
    const isKey = text[k] === ':';
    out += text.slice(i, q);
    if (isKey || literal.length < 10) out += literal;
    else {
      let value: string;
      try {
        value = JSON.parse(literal);
      } catch {
        out += literal;
        i = j + 1;
        continue;
      }
      const red = redactText(value, extra, findings);
      out += red === value ? literal : JSON.stringify(red);
    }
    i = j + 1;
  }
  return out + text.slice(i);
}

/** Redacts a stored source: JSON and JSONL inside string values, anything else as text. */
export function redactSource(bytes: Buffer, extra: SecretPattern[] = []): { bytes: Buffer; findings: Findings } {
  const findings: Findings = {};
  const text = bytes.toString('utf8');
  if (!extra.length && !TRIGGER.test(text)) return { bytes, findings };
  const trimmed = text.trimStart();
  const red = trimmed.startsWith('{') || trimmed.startsWith('[') ? redactJsonText(text, extra, findings) : redactText(text, extra, findings);
  return { bytes: red === text ? bytes : Buffer.from(red), findings };
}

export function describeFindings(f: Findings): string {
  const parts = Object.entries(f).map(([k, n]) => `${n} ${k}`);
  return parts.join(', ');
}

export function countFindings(f: Findings): number {
  return Object.values(f).reduce((a, b) => a + b, 0);
}

export function mergeFindings(into: Findings, from: Findings): Findings {
  for (const [k, n] of Object.entries(from)) into[k] = (into[k] ?? 0) + n;
  return into;
}
