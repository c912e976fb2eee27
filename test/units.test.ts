import { execFileSync } from 'node:child_process';
import { locateJsonError } from '../src/formats/json-syntax';
import { classifyPath, keyBlobContent, sessionKey } from '../src/store/notes-layout';
import { stripCredentials } from '../src/git/working-state';
import { oneLine, deriveTitle } from '../src/model/text';
import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FORMAT_NAMES } from '../src/agents/formats';
import { AGENTS, agentNames, agentWith } from '../src/agents/registry';
import { walkFiles } from '../src/fs/walk';
import { writeAtomic } from '../src/fs/write-atomic';
import { SETTINGS_DOC, settingsFrom } from '../src/settings/settings';
import { again, done, POLICIES, retry } from '../src/util/retry';
import { settingsTable } from '../scripts/settings-table';
import { ROOT, tmp } from './helpers/repo';

describe('note keys', () => {
  test('the key is the id of the blob git would write for the key content', () => {
    const id = '26a591e0-dd86-44ee-84e2-7c44ddda8fdb';
    const byGit = execFileSync('git', ['hash-object', '--stdin'], { input: keyBlobContent(id), encoding: 'utf8' }).trim();
    expect(sessionKey(id, 'sha1')).toBe(byGit);
    const repo256 = tmp('kiro-sha256-');
    execFileSync('git', ['init', '-q', '--object-format=sha256', repo256]);
    const byGit256 = execFileSync('git', ['hash-object', '--stdin'], { cwd: repo256, input: keyBlobContent(id), encoding: 'utf8' }).trim();
    expect(sessionKey(id, 'sha256')).toBe(byGit256);
  });

  test('paths at any fanout map back to the key; foreign paths do not', () => {
    const k = 'f85064e822439fb4ee853c422fe6d0fc745343dd';
    expect(classifyPath(k, 40)).toEqual({ key: k });
    expect(classifyPath(`f8/${k.slice(2)}`, 40)).toEqual({ key: k });
    expect(classifyPath(`f8/50/${k.slice(4)}`, 40)).toEqual({ key: k });
    expect(classifyPath(`f8/${k.slice(2)}.src`, 40)).toEqual({ key: k, sidecar: 'src' });
    expect(classifyPath('README', 40)).toBeUndefined();
    expect(classifyPath(`notes/${k}`, 40)).toBeUndefined();
  });
});

test('credentials are stripped from remote URLs, nothing else changes', () => {
  expect(stripCredentials('https://user:ghp_secret@github.com/o/r.git')).toBe('https://github.com/o/r.git');
  expect(stripCredentials('https://token@example.com/r')).toBe('https://example.com/r');
  expect(stripCredentials('git@github.com:o/r.git')).toBe('git@github.com:o/r.git');
  expect(stripCredentials('/srv/git/r.git')).toBe('/srv/git/r.git');
});

test.each([
  ['{"a": 1,}', 8, 'unexpected "}"; expected a property name in double quotes'],
  ['[1 2]', 3, 'unexpected "2"; expected \',\' or \']\''],
  ['{"a": "x\ny"}', 8, 'control character in string (escape it)'],
  ['{"a": tru}', 6, 'unexpected "t"'],
  ['"abc', 4, 'unterminated string'],
])('JSON error located: %j', (text, offset, reason) => {
  expect(() => JSON.parse(text)).toThrow();
  expect(locateJsonError(text)).toEqual({ offset, reason });
});

test('titles and previews are one line and bounded', () => {
  expect(oneLine('a\n  b\tc', 150)).toBe('a b c');
  expect(oneLine('x'.repeat(200), 150)).toHaveLength(150);
  expect(deriveTitle('\n\nFix the bug in the parser\nthen more')).toBe('Fix the bug in the parser');
  expect(deriveTitle(undefined)).toBe('Untitled session');
});

describe('the pieces issue 12 moved into one place', () => {
  test('the README settings table is the one list in src/settings', () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
    const table = /<!-- settings:start -->\n([\s\S]*?)\n<!-- settings:end -->/.exec(readme)?.[1];
    expect(table).toBe(settingsTable());
    // Every key the code reads is in it.
    const keys = SETTINGS_DOC.map((d) => d.key.toLowerCase());
    for (const k of ['kiro.private', 'kiro.redact', 'kiro.redactpattern', 'kiro.agent', 'kiro.agentcmd', 'kiro.baseurl', 'kiro.model', 'kiro.apikeyenv', 'kiro.agenttimeout']) expect(keys).toContain(k);
  });

  test('settings read git config as git does: booleans in git spellings, the last value wins', () => {
    const s = settingsFrom(new Map([['kiro.private', ['false', 'yes']], ['kiro.redact', ['off']], ['kiro.redactpattern', ['a+', 'b+']], ['kiro.agenttimeout', ['nonsense']]]));
    expect(s).toMatchObject({ private: true, redact: false, redactPatterns: ['a+', 'b+'], agentTimeout: 60 });
    expect(settingsFrom(new Map())).toMatchObject({ private: false, redact: true, redactPatterns: [], agentTimeout: 60 });
  });

  test('writeAtomic: repeated writes of one file leave one whole file and no temporary file', async () => {
    const dir = tmp('kiro-atomic-');
    const file = join(dir, 'f.json');
    await Promise.all(Array.from({ length: 50 }, (_, i) => Promise.resolve().then(() => writeAtomic(file, JSON.stringify({ i, pad: 'x'.repeat(10_000) })))));
    expect(JSON.parse(readFileSync(file, 'utf8')).pad).toHaveLength(10_000);
    expect(readdirSync(dir)).toEqual(['f.json']);
  });

  test('walkFiles does not follow a symbolic link loop', () => {
    const dir = tmp('kiro-walk-');
    mkdirSync(join(dir, 'a', 'b'), { recursive: true });
    writeFileSync(join(dir, 'a', 'b', 's.json'), '{}');
    symlinkSync(join(dir, 'a'), join(dir, 'a', 'b', 'loop'));
    mkdirSync(join(dir, 'node_modules'));
    writeFileSync(join(dir, 'node_modules', 'x.json'), '{}');
    expect(walkFiles(dir, { accept: (n) => n.endsWith('.json'), skip: (f) => f === 'node_modules' })).toEqual([join(dir, 'a', 'b', 's.json')]);
    expect(walkFiles(dir, { accept: (n) => n.endsWith('.json'), depth: 1 })).toEqual([join(dir, 'node_modules', 'x.json')]);
  });

  test('retry is bounded: it gives up after the policy\'s attempts with the error it was given', async () => {
    let calls = 0;
    await expect(retry({ attempts: 3, backoffMs: () => 1 }, async () => (calls++, again), () => new Error('gave up'))).rejects.toThrow('gave up');
    expect(calls).toBe(3);
    await expect(retry(POLICIES.hook, async (n) => (n === 2 ? done('ok') : again))).resolves.toBe('ok');
  });

  test('every agent in the registry is one plug-in: its formats are detected, its choices offered', () => {
    const seven = ['kiro', 'qwen', 'claude-code', 'codex', 'gemini', 'opencode', 'kilo', 'copilot'];
    expect(AGENTS.map((a) => a.name)).toEqual([...seven, 'aider']);
    expect(agentNames('hook')).toEqual(seven);
    expect(agentNames('sessions')).toEqual(seven);
    expect(agentNames('into')).toEqual(seven);
    expect(FORMAT_NAMES).toEqual(AGENTS.flatMap((a) => a.formats.map((f) => f.name)));
    expect(() => agentWith('aider', 'hook')).toThrow('Aider has no after-turn hook git-kiro can use');
  });
});
