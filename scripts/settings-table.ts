import { SETTINGS_DOC } from '../src/settings/settings';

/** The README's settings table, from the one list in src/settings (a test keeps them equal). */
export function settingsTable(): string {
  const rows = SETTINGS_DOC.map((d) => `| \`${d.key}\` | ${d.type} | ${d.default.startsWith('(') ? d.default : `\`${d.default}\``} | ${d.what} |`);
  return ['| key | type | default | what it does |', '| --- | --- | --- | --- |', ...rows].join('\n');
}

if (require.main === module) process.stdout.write(`${settingsTable()}\n`);
