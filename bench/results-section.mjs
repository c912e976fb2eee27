// One section of bench/results.md ("## <heading>…" up to the next "## "), replaced in
// place or added at the end, so each bench mode rewrites only its own table.
import { readFileSync, writeFileSync } from 'node:fs';

export function writeSection(heading, lines) {
  const file = 'bench/results.md';
  const old = readFileSync(file, 'utf8');
  const text = lines.join('\n');
  const start = old.indexOf(`## ${heading}`);
  const next = start < 0 ? -1 : old.indexOf('\n## ', start + 5);
  const updated = start < 0 ? `${old.trimEnd()}\n\n${text}` : `${old.slice(0, start)}${text}${next < 0 ? '' : old.slice(next + 1)}`;
  writeFileSync(file, updated.endsWith('\n') ? updated : `${updated}\n`);
}
