import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { CLI, ROOT, kiroSession, makeRepo, tmp, type Repo } from './helpers/repo';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`browser test skipped: no Chromium at ${CHROMIUM} (install Debian's chromium, or set CHROMIUM_PATH)`);
const describeBrowser = haveChromium ? describe : describe.skip;
const ARTIFACTS = join(ROOT, 'test-artifacts');

const XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';
const ids = { a: '0a000000-0000-4000-8000-00000000000a', b: '0b000000-0000-4000-8000-00000000000b', x: '0c000000-0000-4000-8000-00000000000c' };

describeBrowser('the web page, in a real browser', () => {
  let repo: Repo;
  let server: ChildProcess;
  let base: string;
  let browser: Browser;
  let shareId: string;

  beforeAll(async () => {
    repo = makeRepo();
    mkdirSync(join(repo.dir, 'web'));
    repo.kiro(['save', '--stdin'], { input: kiroSession(ids.a, ['Plan the database migration']) });
    const withTool = JSON.parse(kiroSession(ids.b, ['Fix the login page']));
    withTool.history[0].assistant = { ToolUse: { message_id: 'm', content: 'Reading the form.', tool_uses: [{ id: 't1', name: 'fs_read', orig_name: 'fs_read', args: { path: 'login.html' }, orig_args: {} }] } };
    repo.kiro(['save', '--stdin'], { input: JSON.stringify(withTool), cwd: join(repo.dir, 'web') });
    repo.kiro(['save', '--stdin'], { input: kiroSession(ids.x, [XSS]) });
    shareId = JSON.parse(repo.kiro(['share', ids.a, '--yes', '--json']).stdout).shareId;
    writeFileSync(join(repo.dir, 'f'), 'x');
    repo.git('add', 'f');
    repo.git('commit', '-q', '-m', 'migration work');
    repo.kiro(['attach', ids.a]);
    server = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { cwd: repo.dir, env: repo.env });
    base = await new Promise<string>((resolve, reject) => {
      let err = '';
      server.stderr!.on('data', (d) => {
        err += d;
        const m = /at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(err);
        if (m) resolve(m[1]);
      });
      server.on('exit', () => reject(new Error(`serve exited: ${err}`)));
    });
    const { chromium } = await import('playwright-core');
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    server?.kill();
  });

  test('the list: newest first, filter by directory, search', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    expect(await page.title()).toBe('Sessions');
    const titles = await page.locator('.row a').allTextContents();
    // Newest first; the share is not a session; the payload's title is text (cut at 60 characters).
    expect(titles).toEqual([`${XSS.slice(0, 59)}…`, 'Fix the login page', 'Plan the database migration']);
    await page.selectOption('select[name=dir]', 'web');
    await page.click('button');
    expect(await page.locator('.row a').allTextContents()).toEqual(['Fix the login page']);
    await page.selectOption('select[name=dir]', '.');
    await page.click('button');
    expect(await page.locator('.row a').allTextContents()).toEqual([`${XSS.slice(0, 59)}…`, 'Plan the database migration']);
    // Search across every directory (the empty choice), by what was said.
    await page.goto(base);
    await page.fill('input[name=q]', 'LOGIN');
    await page.click('button');
    expect(await page.locator('.row a').allTextContents()).toEqual(['Fix the login page']);
    expect(await page.inputValue('select[name=dir]')).toBe('');
    await page.screenshot({ path: join(ARTIFACTS, 'list.png'), fullPage: true });
    await page.close();
  });

  test('a session: the conversation with tool calls folded, metadata, the commits it is attached to', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await page.click('text=Fix the login page');
    await page.waitForURL(`**/session/${ids.b}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Fix the login page');
    const call = page.locator('details.call');
    expect(await call.locator('summary').textContent()).toBe('Tool call: fs_read');
    expect(await call.getAttribute('open')).toBeNull();
    expect(await page.locator('pre', { hasText: 'login.html' }).isVisible()).toBe(false); // folded
    await call.locator('summary').click();
    expect(await page.locator('pre', { hasText: 'login.html' }).isVisible()).toBe(true);
    expect(await page.locator('dl.meta').textContent()).toContain('Directoryweb');
    await page.screenshot({ path: join(ARTIFACTS, 'session.png'), fullPage: true });
    await page.goto(`${base}session/${ids.a}`);
    expect(await page.locator('h2', { hasText: 'Commits' }).count()).toBe(1);
    expect(await page.textContent('body')).toContain('migration work');
    await page.close();
  });

  test('a share: who shared it, the title, a preview, the count and the fork command', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}share/${shareId}`);
    const body = (await page.textContent('body'))!;
    expect(body).toContain('Shared by Test Author <author@example.com>');
    expect(await page.locator('h1').textContent()).toBe('Plan the database migration');
    expect(body).toContain('2 messages');
    expect(await page.locator('.msg').count()).toBe(2);
    expect(await page.inputValue('input.cmd')).toBe(`git kiro fork ${shareId}`);
    await page.screenshot({ path: join(ARTIFACTS, 'share.png'), fullPage: true });
    await page.close();
  });

  test('a session carrying an XSS payload renders as text, in the page and in the exported HTML', async () => {
    const page = await browser.newPage();
    let dialog = false;
    page.on('dialog', (d) => {
      dialog = true;
      void d.dismiss();
    });
    await page.goto(`${base}session/${ids.x}`);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator('.msg.user').first().textContent()).toContain(XSS);
    expect(await page.locator('img').count()).toBe(0);
    const file = join(tmp(), 'xss.html');
    repo.kiro(['export', ids.x, '--format', 'html', '-o', file]);
    await page.goto(`file://${file}`);
    expect(await page.evaluate('window.__xss')).toBeUndefined();
    expect(await page.locator('.msg.user').first().textContent()).toContain(XSS);
    expect(dialog).toBe(false);
    await page.close();
  });

  test('unknown ids get a 404 page', async () => {
    const page = await browser.newPage();
    const res = await page.goto(`${base}session/ffffffff-0000-4000-8000-000000000000`);
    expect(res!.status()).toBe(404);
    expect(await page.locator('h1').textContent()).toBe('Not found');
    expect((await page.goto(`${base}share/${ids.a}`))!.status()).toBe(404); // a session is not a share
    await page.close();
  });
});
