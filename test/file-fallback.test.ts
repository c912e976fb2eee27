import { existsSync, readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { errLines, kiroSession, runCli, testEnv, tmp } from './helpers/repo';

const ID = '5e55e55e-0000-4000-8000-000000000001';

/** A directory outside any git repository, with its own data dir. */
function outside() {
  const dir = tmp('kiro-nogit-');
  const env: NodeJS.ProcessEnv = { ...testEnv(), GIT_CEILING_DIRECTORIES: dir.replace(/\/[^/]+$/, '') };
  const kiro = (args: string[], o: { input?: string; cwd?: string } = {}) => runCli(args, { cwd: o.cwd ?? dir, input: o.input, env });
  return { dir, env, kiro };
}

describe('outside a git repository: the file store', () => {
  test('save, list, resume, show, search, rename, load, delete', () => {
    const { dir, env, kiro } = outside();
    expect(kiro(['save', '--stdin'], { input: kiroSession(ID, ['Plan the migration']) }).stdout.trim()).toBe(ID);
    // Stored under $XDG_DATA_HOME/git-kiro, scoped by absolute directory.
    expect(existsSync(join(env.XDG_DATA_HOME!, 'git-kiro', 'sessions', `${ID}.json`))).toBe(true);
    expect(JSON.parse(kiro(['list', '--json']).stdout)).toEqual([expect.objectContaining({ id: ID, scope: dir })]);
    mkdirSync(join(dir, 'elsewhere'));
    expect(kiro(['list'], { cwd: join(dir, 'elsewhere') }).stderr.trim()).toBe(`No saved chat sessions for ${join(dir, 'elsewhere')}`);
    expect(kiro(['resume']).stderr).toContain(`✔ Resumed chat session ${ID}`);
    expect(kiro(['show', '5e55']).stdout).toContain('> Plan the migration');
    expect(JSON.parse(kiro(['search', 'migration', '--json']).stdout)[0].id).toBe(ID);
    expect(kiro(['rename', ID, 'Migration plan']).code).toBe(0);
    expect(JSON.parse(kiro(['load', ID]).stdout)).toEqual(JSON.parse(kiroSession(ID, ['Plan the migration'])));
    expect(kiro(['delete', ID, '--yes']).code).toBe(0);
    expect(kiro(['list', '--all', '--json']).stdout.trim()).toBe('[]');
  });

  test("save PATH and load PATH: Kiro's /chat save and /chat load, .json optional, no overwrite without --force", () => {
    const { dir, kiro } = outside();
    kiro(['save', '--stdin'], { input: kiroSession(ID, ['Export me']) });
    const r = kiro(['save', 'backup.json']);
    expect(r.code).toBe(0);
    expect(r.stderr.trim()).toBe('✔ Exported chat session state to backup.json');
    expect(JSON.parse(readFileSync(join(dir, 'backup.json'), 'utf8')).conversation_id).toBe(ID);
    const again = kiro(['save', 'backup.json']);
    expect(again.code).toBe(5);
    expect(errLines(again)[0]).toBe('error: File at backup.json already exists. To overwrite, use -f or --force');
    expect(kiro(['save', 'backup.json', '--force']).code).toBe(0);

    // Load it into a fresh store, without the extension.
    const other = outside();
    writeFileSync(join(other.dir, 'backup.json'), readFileSync(join(dir, 'backup.json')));
    const l = other.kiro(['load', 'backup']);
    expect(l.code).toBe(0);
    expect(l.stderr.trim()).toBe('✔ Imported chat session state from backup');
    expect(JSON.parse(other.kiro(['list', '--json']).stdout)[0].id).toBe(ID);
  });

  test('load of a missing file names both paths it tried', () => {
    const { kiro } = outside();
    const r = kiro(['load', 'missing-file.json']);
    expect(r.code).toBe(3);
    expect(errLines(r)[0]).toBe('error: File not found: missing-file.json (also tried missing-file.json.json)');
  });
});
