import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { errLines, kiroSession, makeRepo, tmp } from './helpers/repo';

const S = '0a000000-0000-4000-8000-00000000000a';
const T = '0b000000-0000-4000-8000-00000000000b';
const KEY = 'ghp_0123456789abcdefghijABCDEFGHIJ012345';

describe('publish: a static site of shares', () => {
  test('every share, redacted again; a private session\'s share is gone; only its own files replaced', () => {
    const repo = makeRepo();
    repo.kiro(['save', '--stdin', '--no-redact'], { input: kiroSession(S, ['Deploy with the token', `the token is ${KEY}`]) });
    repo.kiro(['save', '--stdin'], { input: kiroSession(T, ['Plan the cache']) });
    // Shared without redaction: publish redacts it all the same.
    const open = JSON.parse(repo.kiro(['share', S, '--yes', '--no-redact', '--json']).stdout).shareId;
    const hidden = JSON.parse(repo.kiro(['share', T, '--yes', '--json']).stdout).shareId;
    expect(repo.kiro(['private', T, 'on']).code).toBe(0);

    const dir = join(tmp(), 'site');
    const r = repo.kiro(['publish', '-o', dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`${dir}/index.html\n`);
    // Making T private took its share with it (it was never pushed): nothing of it is published.
    expect(errLines(r)).toEqual([`Redacted in ${open}: 4 github-token`, `✔ Published 1 share to ${dir} (2 pages); serve the folder with any static host`]);
    expect(readdirSync(dir).sort()).toEqual(['.git-kiro-site.json', `${open}.html`, 'index.html']);
    const page = readFileSync(join(dir, `${open}.html`), 'utf8');
    expect(page).not.toContain(KEY);
    expect(page).toContain('Deploy with the token');
    expect(page).not.toMatch(/<script|\ssrc=|<link/);

    // Named, it is not found, and nothing is written.
    const refused = repo.kiro(['publish', open, hidden, '-o', dir]);
    expect(refused.code).toBe(3);
    expect(errLines(refused)[0]).toBe(`error: Chat session '${hidden}' not found`);
    expect(readdirSync(dir).sort()).toEqual(['.git-kiro-site.json', `${open}.html`, 'index.html']);
    // A session is not a share.
    expect(errLines(repo.kiro(['publish', S, '-o', dir]))).toEqual([`error: ${S} is a session, not a share`, `hint: share it first: git kiro share ${S}`]);

    // Unshared, the next run removes its page, and only its page.
    writeFileSync(join(dir, 'CNAME'), 'sessions.example.com\n');
    repo.kiro(['unshare', open, '--yes']);
    const again = JSON.parse(repo.kiro(['publish', '-o', dir, '--json']).stdout);
    expect(again).toMatchObject({ shares: [], files: ['index.html'], removed: [`${open}.html`] });
    expect(readdirSync(dir).sort()).toEqual(['.git-kiro-site.json', 'CNAME', 'index.html']);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toContain('No shares.');
  });

  test('a folder it did not write is refused, and left as it was', () => {
    const repo = makeRepo();
    const dir = join(tmp(), 'mine');
    mkdirSync(dir);
    writeFileSync(join(dir, 'index.html'), 'my own page');
    const r = repo.kiro(['publish', '-o', dir]);
    expect(r.code).toBe(2);
    expect(errLines(r)).toEqual([`error: ${dir} is not empty and was not written by git kiro publish`, 'hint: choose a new or empty folder']);
    expect(readFileSync(join(dir, 'index.html'), 'utf8')).toBe('my own page');
    expect(existsSync(join(dir, '.git-kiro-site.json'))).toBe(false);
  });
});
