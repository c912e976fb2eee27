import { ENV_ASSIGNMENT, SECRET_NAME, SECRET_PATTERNS, entropy, looksLikeId, type SecretPattern } from './patterns';

export type Findings = Record<string, number>;

export const placeholder = (kind: string) => `[REDACTED:${kind}]`;

/**
 * Something every secret pattern needs (a prefix, a marker, an assignment name). Text
 * without any is left alone without running the patterns: most text has none, and
 * scanning every string of a 500 MB import with a dozen patterns was the import's
 * largest cost.
 */
const TRIGGER = /AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|gh[pousr]_|github_pat_|glpat-|sk-|AIza|xox|xapp-|hooks\.slack|_live_|_test_|-----BEGIN|eyJ|:\/\/[^\s/@]+:|[Aa][Ww][Ss]_?[Ss][Ee][Cc][Rr][Ee][Tt]|SECRET|TOKEN|PASSW|PWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH|CREDENTIAL|npm_|hf_|SG\.|AccountKey|[Aa]uthorization|[Ss]ecret|[Tt]oken|[Pp]assw|[Aa]pi_?[Kk]ey|[Cc]redential/;
/**
 * What a string's own patterns need (TRIGGER without the names that matter only as a
 * JSON key, `"token": …`, which redactJsonText checks itself): the word "token" in a
 * conversation about a tokenizer no longer runs every pattern over that message.
 */
const TEXT_TRIGGER = /AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA|gh[pousr]_|github_pat_|glpat-|sk-|AIza|xox|xapp-|hooks\.slack|_live_|_test_|-----BEGIN|eyJ|:\/\/[^\s/@]+:|[Aa][Ww][Ss]_?[Ss][Ee][Cc][Rr][Ee][Tt]|SECRET|TOKEN|PASSW|PWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH|CREDENTIAL|npm_|hf_|SG\.|AccountKey|[Aa]uthorization/;
/** JSON escapes can hide a trigger (`\u0067hp_`, `https:\/\/`): such text is decoded and scanned. */
const ESCAPED = /\\u[0-9a-fA-F]{4}|\\\//;

/** Replaces secrets in plain text. Returns the text and what was found, by kind. */
export function redactText(text: string, extra: SecretPattern[] = [], findings: Findings = {}): string {
  if (!extra.length && !TEXT_TRIGGER.test(text)) return text;
  let out = text;
  for (const p of [...SECRET_PATTERNS, ...extra]) {
    out = out.replace(p.re, (match: string, ...groups: unknown[]) => {
      const secret = p.group ? (groups[p.group - 1] as string) : match;
      if (secret.includes('[REDACTED:')) return match;
      findings[p.kind] = (findings[p.kind] ?? 0) + 1;
      if (!p.group) return placeholder(p.kind);
      // The last occurrence: the secret follows whatever the pattern matched before it.
      const at = match.lastIndexOf(secret);
      return `${match.slice(0, at)}${placeholder(p.kind)}${match.slice(at + secret.length)}`;
    });
  }
  out = out.replace(ENV_ASSIGNMENT, (match: string, name: string, value: string) => {
    // A name that is exactly a secret's (PASSWORD=, API_KEY=) needs less randomness than API_TOKEN_HINT=.
    const plain = SECRET_NAME.test(name);
    if (looksLikeId(value) || entropy(value) < (plain ? 2.5 : 3.5) || (!plain && value.length < 16)) return match;
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
  let key = ''; // the key of the value being read: `"api_key": "…"` names a secret
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
    const between = text.slice(i, q);
    out += between;
    if (isKey) {
      key = literal.length < 200 ? safeParse(literal) ?? '' : '';
      out += literal;
    } else if ((literal.length < 10 || (!extra.length && !TEXT_TRIGGER.test(literal) && !ESCAPED.test(literal))) && !key) {
      // Nothing to find: the literal as written holds no trigger, and no escape that
      // could hide one (decoding \n or \" cannot make one appear), so it is not decoded.
      out += literal;
    } else {
      const value = safeParse(literal);
      if (value === undefined) out += literal;
      else {
        // A value right after a key that names a secret is one, whatever it looks like.
        const keyed = !!key && /^\s*:\s*$/.test(between) && SECRET_NAME.test(key) && value.length >= 8 && !looksLikeId(value) && !value.includes(' ');
        if (keyed) findings['named-secret'] = (findings['named-secret'] ?? 0) + 1;
        const red = keyed ? placeholder('named-secret') : redactText(value, extra, findings);
        out += red === value ? literal : JSON.stringify(red);
      }
      key = '';
    }
    i = j + 1;
  }
  return out + text.slice(i);
}

/** Redacts a stored source: JSON and JSONL inside string values, anything else as text. */
export function redactSource(bytes: Buffer, extra: SecretPattern[] = []): { bytes: Buffer; findings: Findings } {
  const findings: Findings = {};
  const text = bytes.toString('utf8');
  if (!extra.length && !TRIGGER.test(text) && !ESCAPED.test(text)) return { bytes, findings };
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

function safeParse(literal: string): string | undefined {
  try {
    const v = JSON.parse(literal);
    return typeof v === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Redacts a patch (`save --snapshot`) line by line, so every hunk keeps its line count
 * and the patch still applies: a private key block becomes one placeholder per line.
 * Binary patches cannot be searched for secrets and are not stored: each becomes git's
 * own "Binary files … differ" line.
 */
export function redactDiff(bytes: Buffer, extra: SecretPattern[] = []): { bytes: Buffer; findings: Findings } {
  const findings: Findings = {};
  const out: string[] = [];
  let file = '';
  let binary = false;
  let inKey = false;
  for (const line of bytes.toString('utf8').split('\n')) {
    if (line.startsWith('diff --git ')) {
      binary = false;
      file = line.slice('diff --git '.length);
    }
    if (binary) continue;
    if (line === 'GIT binary patch') {
      binary = true;
      const [a, b] = file.split(' ');
      out.push(`Binary files ${a} and ${b} differ`);
      findings['binary-file'] = (findings['binary-file'] ?? 0) + 1;
      continue;
    }
    const hunkLine = /^[ +-]/.test(line) && !line.startsWith('+++') && !line.startsWith('---');
    const body = hunkLine ? line.slice(1) : line;
    if (hunkLine && /-----BEGIN [A-Z ]*PRIVATE KEY/.test(body)) inKey = true;
    if (hunkLine && inKey) {
      if (/-----END [A-Z ]*PRIVATE KEY/.test(body)) inKey = false;
      findings['private-key'] = (findings['private-key'] ?? 0) + (inKey ? 0 : 1);
      out.push(`${line[0]}${placeholder('private-key')}`);
      continue;
    }
    out.push(hunkLine ? `${line[0]}${redactText(body, extra, findings)}` : line);
  }
  const text = out.join('\n');
  return { bytes: text === bytes.toString('utf8') ? bytes : Buffer.from(text), findings };
}
