import { spawn, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { claudeTranscript } from './helpers/claude-session';
import { CLI, ROOT, kiroSession, makeRepo, tmp, type Repo } from './helpers/repo';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`browser test skipped: no Chromium at ${CHROMIUM} (install Debian's chromium, or set CHROMIUM_PATH)`);
const describeBrowser = haveChromium ? describe : describe.skip;
const ARTIFACTS = join(ROOT, 'test-artifacts');

const XSS = '<script>window.__xss = 1</script><img src=x onerror="window.__xss = 2">';
const ids = { a: '0a000000-0000-4000-8000-00000000000a', b: '0b000000-0000-4000-8000-00000000000b', x: '0c000000-0000-4000-8000-00000000000c', c: '3f0c0c33-1111-4222-8333-444455556666' };
const WIDTHS = [1280, 390];

/** axe-core in the page: the violations that are serious or critical (none allowed). */
async function seriousViolations(page: Page): Promise<string[]> {
  const { source } = await import('axe-core');
  await page.evaluate(source);
  const result = (await page.evaluate('axe.run(document, { resultTypes: ["violations"] })')) as { violations: { id: string; impact: string; nodes: { target: string[] }[] }[] };
  return result.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
}

/**
 * Screenshots at a desktop's and a phone's width, in light and dark, each page checked
 * by axe-core and for sideways scrolling (nothing wider than the screen but code,
 * which scrolls in its box). Returns the files written.
 */
async function look(browser: Browser, url: string, name: string): Promise<string[]> {
  const files: string[] = [];
  for (const width of WIDTHS) {
    for (const colorScheme of ['light', 'dark'] as const) {
      // bypassCSP lets axe-core's script run in pages whose CSP forbids every script.
      const context = await browser.newContext({ viewport: { width, height: 900 }, colorScheme, bypassCSP: true });
      const page = await context.newPage();
      await page.goto(url);
      expect(await page.evaluate('document.documentElement.scrollWidth')).toBeLessThanOrEqual(width);
      expect(await seriousViolations(page)).toEqual([]);
      const file = join(ARTIFACTS, `${name}-${width}${colorScheme === 'dark' ? '-dark' : ''}.png`);
      await page.screenshot({ path: file, fullPage: true });
      files.push(file);
      await context.close();
    }
  }
  console.log(`screenshots of ${name}:\n${files.map((f) => `  ${f}`).join('\n')}`);
  return files;
}

describeBrowser('the web page, in a real browser', () => {
  let repo: Repo;
  let server: ChildProcess;
  let base: string;
  let browser: Browser;
  let shareId: string;
  let longShareId: string;

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
    // A long Claude Code session whose edit wrote src/port.ts, committed with it attached.
    repo.kiro(['save', '--stdin'], { input: claudeTranscript(ids.c, repo.dir) });
    mkdirSync(join(repo.dir, 'src'));
    writeFileSync(join(repo.dir, 'src', 'port.ts'), 'export function parsePort(s: string): number {\n  const n = Number(s);\n  if (n < 0) throw new RangeError("negative port");\n  return n;\n}\n');
    repo.git('add', 'src');
    repo.git('commit', '-q', '-m', 'reject negative ports');
    repo.kiro(['attach', ids.c]);
    longShareId = JSON.parse(repo.kiro(['share', ids.c, '--yes', '--json']).stdout).shareId;
    // Claude Code "installed here": its program on the viewer's PATH.
    const bin = join(tmp(), 'bin');
    mkdirSync(bin);
    writeFileSync(join(bin, 'claude'), '#!/bin/sh\nexit 0\n');
    chmodSync(join(bin, 'claude'), 0o755);
    server = spawn(process.execPath, [CLI, 'serve', '--port', '0'], { cwd: repo.dir, env: { ...repo.env, PATH: `${bin}:${repo.env.PATH}` } });
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
    expect(titles).toEqual([expect.stringContaining('parsePort'), `${XSS.slice(0, 59)}…`, 'Fix the login page', 'Plan the database migration']);
    await page.selectOption('select[name=dir]', 'web');
    await page.click('button');
    expect(await page.locator('.row a').allTextContents()).toEqual(['Fix the login page']);
    await page.selectOption('select[name=dir]', '.');
    await page.click('button');
    expect(await page.locator('.row a').allTextContents()).toEqual([expect.stringContaining('parsePort'), `${XSS.slice(0, 59)}…`, 'Plan the database migration']);
    expect(await page.locator('select[name=dir] option:checked').textContent()).toBe('the root directory');
    // Search across every directory (the empty choice), by what was said.
    await page.goto(base);
    await page.fill('input[name=q]', 'LOGIN');
    await page.click('button');
    expect(await page.locator('.row a').allTextContents()).toEqual(['Fix the login page']);
    expect(await page.inputValue('select[name=dir]')).toBe('');
    await page.close();
    await look(browser, base, 'list');
  });

  test('a session: the conversation with tool calls folded, metadata, the commits it is attached to', async () => {
    const page = await browser.newPage();
    await page.goto(base);
    await page.click('text=Fix the login page');
    await page.waitForURL(`**/session/${ids.b}`);
    await expect(page.locator('h1').textContent()).resolves.toBe('Fix the login page');
    const call = page.locator('details.call');
    expect(await call.locator('summary').textContent()).toBe('Tool call: fs_read login.html');
    expect(await call.getAttribute('open')).toBeNull();
    expect(await page.locator('pre', { hasText: 'login.html' }).isVisible()).toBe(false); // folded
    await call.locator('summary').click();
    expect(await page.locator('pre', { hasText: 'login.html' }).isVisible()).toBe(true);
    expect(await page.locator('dl.meta').textContent()).toContain('Directoryweb');
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
    // The commands to continue it, with --into for each agent installed here (Claude Code is on serve's PATH).
    expect(await page.locator('.cmds code').allTextContents()).toEqual([`git kiro fork ${shareId}`, `git kiro fork ${shareId} --into claude-code`]);
    await page.close();
    await look(browser, `${base}share/${longShareId}`, 'share');
  });

  test('a long session reads as a conversation: Markdown, highlighted code, edits as diffs, shell output, thinking folded, a link per turn', async () => {
    const page = await browser.newPage();
    await page.goto(`${base}session/${ids.c}`);
    const text = (await page.textContent('main'))!;
    expect(text).not.toContain('```'); // fences became code blocks
    expect(text).not.toContain('**negative**'); // emphasis became markup…
    expect(await page.locator('.msg.user strong', { hasText: 'negative' }).count()).toBe(1);
    expect(await page.locator('.msg.user li').allTextContents()).toEqual(['short', 'in English']);
    // …and the reply's TypeScript is highlighted on the server.
    const code = page.locator('.msg.assistant pre.code', { hasText: 'parsePort' }).first();
    expect(await code.locator('.hljs-keyword').count()).toBeGreaterThan(2);
    // The edit is a diff: the added line marked, the unchanged ones as context.
    const diff = page.locator('.tool.edit pre.diff');
    expect(await diff.locator('.add').allTextContents()).toEqual(['+  if (n < 0) throw new RangeError("negative port");']);
    expect(await diff.locator('.del').count()).toBe(0);
    expect(await page.locator('.tool.edit .tool-head').textContent()).toContain('src/port.ts');
    // The shell command is shown; its 41-line output is there, folded.
    expect(await page.locator('.tool.shell pre.code').textContent()).toBe('$ npm test -- --silent');
    const output = page.locator('.tool.shell details.result');
    expect(await output.getAttribute('open')).toBeNull();
    expect(await output.locator('summary').textContent()).toBe('Output (41 lines)');
    await output.locator('summary').click();
    expect(await output.locator('pre').textContent()).toContain('Tests: 40 passed');
    // The new file: its path and its content, highlighted.
    expect(await page.locator('.tool.write .tool-head').textContent()).toContain('test/port.test.ts');
    expect(await page.locator('.tool.write pre.code .hljs-string').count()).toBeGreaterThan(0);
    // Thinking is there, folded.
    const thinking = page.locator('details.thinking');
    expect(await thinking.getAttribute('open')).toBeNull();
    expect(await thinking.textContent()).toContain('The check belongs in parsePort');
    // One stable anchor per turn, each linking to itself; times carry their offset.
    expect(await page.locator('article[id^=turn-]').evaluateAll((els) => els.map((el) => el.id))).toEqual(['turn-1', 'turn-2']);
    expect(await page.locator('#turn-2 .role a').getAttribute('href')).toBe('#turn-2');
    expect(await page.locator('#turn-1 time').getAttribute('datetime')).toBe('2026-11-20T09:00:07.000Z');
    expect(await page.locator('#turn-1 time').textContent()).toMatch(/^2026-11-20 \d\d:\d\d UTC[+−]\d\d:\d\d$/);
    expect(await page.locator('dl.meta').textContent()).toContain('Directorythe root directory');
    // Keyboard: the first Tab reaches the skip link, which leads to the content.
    await page.goto(`${base}session/${ids.c}`);
    await page.keyboard.press('Tab');
    expect(await page.evaluate('document.activeElement.textContent')).toBe('Skip to the content');
    await page.keyboard.press('Enter');
    expect(await page.evaluate('location.hash')).toBe('#main');
    // Then every visible link, fold and scrolling code box is reached by Tab (no trap, nothing skipped).
    const reachable = await page.evaluate('[...document.querySelectorAll("main a[href], main summary, main pre[tabindex]")].filter((e) => e.checkVisibility()).map((e, i) => (e.dataset.stop = String(i))).length');
    const stops = new Set<string>();
    for (let i = 0; i < (reachable as number); i++) {
      await page.keyboard.press('Tab');
      stops.add(await page.evaluate('document.activeElement.dataset.stop'));
    }
    expect(stops.size).toBe(reachable);
    await page.close();
    await look(browser, `${base}session/${ids.c}`, 'session');
  });

  test('a commit page: its sessions, and per changed file the turn that changed it, linked to that turn', async () => {
    const head = repo.git('rev-parse', 'HEAD');
    const page = await browser.newPage();
    await page.goto(`${base}commit/${head}`);
    expect(await page.locator('h1').textContent()).toBe('reject negative ports');
    const row = page.locator('tr', { hasText: 'src/port.ts' });
    const link = row.locator('a', { hasText: 'turn 1' });
    expect(await link.getAttribute('href')).toBe(`/session/${ids.c}#turn-1`);
    await link.click();
    await page.waitForURL(`**/session/${ids.c}#turn-1`);
    expect(await page.evaluate('document.querySelector(":target")?.id')).toBe('turn-1');
    await page.close();
    await look(browser, `${base}commit/${head}`, 'commit');
  });

  test('show --turn and blame give the same turn address the page has', () => {
    const shown = JSON.parse(repo.kiro(['show', ids.c, '--turn', '2', '--json']).stdout);
    expect(shown.url).toBe(`http://127.0.0.1:7433/session/${ids.c}#turn-2`);
    expect(repo.kiro(['blame', 'src/port.ts:3']).stdout).toContain(`/session/${ids.c}#turn-1`);
  });

  test('publish -o DIR: a static site that opens from the file system, every link working, no network request', async () => {
    const dir = join(tmp(), 'site');
    const r = repo.kiro(['publish', '-o', dir, '--json']);
    expect(r.code).toBe(0);
    const files = readdirSync(dir).filter((f) => f.endsWith('.html')).sort();
    expect(files).toEqual([`${longShareId}.html`, `${shareId}.html`, 'index.html'].sort());
    const context = await browser.newContext({ viewport: { width: 390, height: 900 } });
    const requests: string[] = [];
    context.on('request', (req) => requests.push(req.url()));
    const page = await context.newPage();
    await page.goto(`file://${dir}/index.html`);
    expect(await page.locator('.row a').allTextContents()).toEqual([expect.stringContaining('parsePort'), 'Plan the database migration']);
    // Follow every link of every page: each relative one opens a page of the site (or an anchor on it).
    const seen = new Set<string>();
    const queue = [`file://${dir}/index.html`];
    while (queue.length) {
      const url = queue.shift()!;
      if (seen.has(url)) continue;
      seen.add(url);
      const res = await page.goto(url);
      expect(res?.ok() ?? true).toBe(true);
      expect(await page.locator('h1').count()).toBe(1);
      for (const href of await page.locator('a[href]').evaluateAll((as) => as.map((a) => a.getAttribute('href')!))) {
        if (href.startsWith('#')) expect(await page.locator(`[id="${href.slice(1)}"]`).count()).toBe(1);
        else if (/^https?:/.test(href)) expect(await page.locator(`.md a[href="${href}"]`).count()).toBeGreaterThan(0); // a link in the conversation itself
        else {
          const target = new URL(href, url);
          expect(existsSync(decodeURIComponent(target.pathname))).toBe(true);
          queue.push(target.href.replace(/#.*$/, ''));
        }
      }
    }
    expect([...seen].sort()).toEqual(files.map((f) => `file://${dir}/${f}`).sort());
    await page.goto(`file://${dir}/${longShareId}.html`);
    expect(await page.locator('.cmds code').first().textContent()).toBe(`git kiro fork ${longShareId}`);
    expect(await page.locator('.tool.edit pre.diff .add').count()).toBe(1); // the whole conversation, rendered alike
    expect(requests.filter((u) => !u.startsWith('file://'))).toEqual([]);
    await context.close();
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
