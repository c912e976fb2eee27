/**
 * What counts as a secret. Each pattern is specific enough that look-alikes (commit
 * ids, hashes, UUIDs, base64 of ordinary text) do not match: the test corpus checks
 * thirty of each kind and thirty look-alikes. Custom patterns come from git config
 * (kiro.redactPattern, repeatable).
 */
export interface SecretPattern {
  kind: string;
  re: RegExp;
  /** Which capture group is the secret (default: the whole match). */
  group?: number;
}

export const SECRET_PATTERNS: SecretPattern[] = [
  { kind: 'private-key', re: /-----BEGIN ((?:RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP )?PRIVATE KEY(?: BLOCK)?)-----[\s\S]*?-----END \1-----/g },
  { kind: 'aws-access-key', re: /\b(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[A-Z2-7]{16}\b/g },
  { kind: 'aws-secret-key', re: /\baws_?secret_?(?:access_?)?key["']?\s*[:=]\s*["']?([A-Za-z0-9/+]{40})\b/gi, group: 1 },
  { kind: 'github-token', re: /\b(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59})\b/g },
  { kind: 'gitlab-token', re: /\bglpat-[A-Za-z0-9_-]{20,}\b/g },
  { kind: 'anthropic-key', re: /\bsk-ant-(?:api|admin)\d{2}-[A-Za-z0-9_-]{80,120}\b/g },
  { kind: 'openai-key', re: /\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}\b|\bsk-proj-[A-Za-z0-9_-]{80,}\b/g },
  { kind: 'google-api-key', re: /\bAIza[0-9A-Za-z_-]{35}\b/g },
  { kind: 'slack-token', re: /\bxox[abposr]-(?:\d+-)+[A-Za-z0-9]{16,}\b|\bxapp-\d-[A-Z0-9]+-\d+-[a-f0-9]{32,}\b/g },
  { kind: 'slack-webhook', re: /https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]{20,}/g },
  { kind: 'stripe-key', re: /\b(?:sk|rk)_(?:live|test)_[A-Za-z0-9]{24,}\b/g },
  { kind: 'jwt', re: /\beyJ[A-Za-z0-9_-]{10,}\.eyJ[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{16,}\b/g },
  { kind: 'password-in-url', re: /\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@"'<>]+:([^\s/@"'<>]{3,})@/gi, group: 1 },
  { kind: 'npm-token', re: /\bnpm_[A-Za-z0-9]{36}\b/g },
  { kind: 'huggingface-token', re: /\bhf_[A-Za-z]{34}\b/g },
  { kind: 'sendgrid-key', re: /\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}\b/g },
  { kind: 'azure-account-key', re: /\bAccountKey=([A-Za-z0-9+/]{40,}={0,2})/g, group: 1 },
  { kind: 'authorization-header', re: /\bAuthorization["']?\s*[:=]\s*["']?(?:Basic|Bearer|Token)\s+([A-Za-z0-9._~+/=-]{8,})/gi, group: 1 },
  // The 40-character secret written near its access key id (a key id alone is redacted first).
  { kind: 'aws-secret-key', re: /\[REDACTED:aws-access-key\][^\n]{1,80}?(?<![A-Za-z0-9/+])([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/g, group: 1 },
];

/**
 * A name that says its value is a secret (`"aws_secret_access_key": "…"`, `PASSWORD=…`):
 * the value is redacted when it is at least 8 characters and not an id or a variable.
 */
export const SECRET_NAME = /(?:^|[^a-z])(?:secret|token|passw(?:or)?d|pwd|api_?key|access_?key|private_?key|credentials?|auth_?key|client_?secret)(?:$|[^a-z])/i;

/** .env-style assignments whose value is long and random-looking: `API_TOKEN=…`. */
export const ENV_ASSIGNMENT = /\b((?:[A-Z][A-Z0-9_]*)?(?:SECRET|TOKEN|PASSWORD|PASSWD|PWD|API_?KEY|ACCESS_?KEY|PRIVATE_?KEY|AUTH|CREDENTIALS?)[A-Z0-9_]*)\s*[=:]\s*["']?([^\s"'#]{8,})/g;

/** Shannon entropy in bits per character. */
export function entropy(s: string): number {
  const counts = new Map<string, number>();
  for (const c of s) counts.set(c, (counts.get(c) ?? 0) + 1);
  let h = 0;
  for (const n of counts.values()) h -= (n / s.length) * Math.log2(n / s.length);
  return h;
}

/** A value that looks like a hash, an id or a placeholder is not a secret, whatever it is assigned to. */
export function looksLikeId(v: string): boolean {
  return (
    /^[0-9a-f]{7,64}$/i.test(v) ||
    /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(v) ||
    /^\$\{?[A-Za-z_]+\}?$/.test(v) ||
    /^<[^>]*>$|^\*+$|^x+$|^(?:changeme|password|secret|example|placeholder|redacted|none|null|undefined|true|false)$/i.test(v) ||
    v.startsWith('[REDACTED:')
  );
}
