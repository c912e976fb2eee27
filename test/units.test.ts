import { execFileSync } from 'node:child_process';
import { locateJsonError } from '../src/formats/json-syntax';
import { classifyPath, keyBlobContent, sessionKey } from '../src/store/notes-layout';
import { stripCredentials } from '../src/store/git-session-store';
import { oneLine, deriveTitle } from '../src/model/text';
import { tmp } from './helpers/repo';

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
