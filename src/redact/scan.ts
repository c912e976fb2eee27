import { redactText } from './redact';

/** What would be redacted in a text, by kind (for the share confirmation). */
export function scanSecrets(text: string): { kind: string; count: number }[] {
  const findings: Record<string, number> = {};
  redactText(text, [], findings);
  return Object.entries(findings).map(([kind, count]) => ({ kind, count }));
}
