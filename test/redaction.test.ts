import fc from 'fast-check';
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { redactJsonText, redactText, type Findings } from '../src/redact/redact';
import { kiroSession, makeRepo } from './helpers/repo';

/** A seeded generator, so the corpus is the same on every run. */
function rng(seed: number) {
  let s = seed >>> 0;
  const next = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const pick = (chars: string, n: number) => Array.from({ length: n }, () => chars[Math.floor(next() * chars.length)]).join('');
  return { next, pick };
}
const UP = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';
const LOW = 'abcdefghijklmnopqrstuvwxyz';
const DIG = '0123456789';
const ALNUM = UP + LOW + DIG;
const B64URL = `${ALNUM}-_`;

const r = rng(2026);
const b64url = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
const N = 30;
const times = <T>(f: (i: number) => T) => Array.from({ length: N }, (_, i) => f(i));

/** 30 fake secrets of each kind, in the shapes the issuers use. */
const SECRETS: Record<string, string[]> = {
  'aws-access-key': times(() => `AKIA${r.pick(`${UP}234567`, 16)}`),
  'github-token': times((i) => (i % 2 ? `ghp_${r.pick(ALNUM, 36)}` : `github_pat_${r.pick(ALNUM, 22)}_${r.pick(ALNUM, 59)}`)),
  'gitlab-token': times(() => `glpat-${r.pick(`${ALNUM}_-`, 20)}`),
  'openai-key': times((i) => (i % 2 ? `sk-proj-${r.pick(B64URL, 120)}` : `sk-${r.pick(ALNUM, 20)}T3BlbkFJ${r.pick(ALNUM, 20)}`)),
  'anthropic-key': times(() => `sk-ant-api03-${r.pick(B64URL, 93)}AA`),
  'google-api-key': times(() => `AIza${r.pick(B64URL, 35)}`),
  'slack-token': times(() => `xoxb-${r.pick(DIG, 12)}-${r.pick(DIG, 13)}-${r.pick(ALNUM, 24)}`),
  'stripe-key': times((i) => `${i % 2 ? 'sk' : 'rk'}_${i % 3 ? 'live' : 'test'}_${r.pick(ALNUM, 24 + (i % 10))}`),
  'private-key': times((i) => `-----BEGIN ${['RSA ', 'EC ', 'OPENSSH ', ''][i % 4]}PRIVATE KEY-----\n${r.pick(`${ALNUM}+/`, 64)}\n${r.pick(`${ALNUM}+/`, 40)}=\n-----END ${['RSA ', 'EC ', 'OPENSSH ', ''][i % 4]}PRIVATE KEY-----`),
  jwt: times((i) => `${b64url({ alg: 'HS256', typ: 'JWT' })}.${b64url({ sub: `user${i}`, iat: 1700000000 + i })}.${r.pick(B64URL, 43)}`),
  'password-in-url': times((i) => `${['postgres', 'https', 'mysql', 'redis', 'amqp'][i % 5]}://admin${i}:${r.pick(ALNUM, 12)}@db${i}.internal:5432/app`),
  'env-secret': times((i) => `${['API_TOKEN', 'DB_PASSWORD', 'CLIENT_SECRET', 'SENTRY_AUTH_TOKEN', 'STRIPE_API_KEY'][i % 5]}=${r.pick(`${ALNUM}!$%`, 24)}`),
};
/** The part that must disappear (for the URL and the .env assignment, the password or value). */
const secretPart = (kind: string, s: string) => (kind === 'password-in-url' ? /:\/\/[^:]+:([^@]+)@/.exec(s)![1] : kind === 'env-secret' ? s.split('=')[1] : s);

/** 30+ strings that look like secrets but are not. */
const LOOKALIKES: string[] = [
  ...times(() => r.pick('0123456789abcdef', 40)), // commit ids
  ...times(() => r.pick('0123456789abcdef', 64)), // sha256 hashes
  ...times(() => randomUUID()),
  ...times((i) => Buffer.from(`The quick brown fox jumps over the lazy dog number ${i}`).toString('base64')),
  ...times((i) => `COMMIT_SHA=${r.pick('0123456789abcdef', 40)}`.slice(0, 50 + (i % 3))),
  ...times((i) => `DB_PASSWORD=${['changeme', '${DB_PASSWORD}', 'password', 'hunter2', '$SECRET'][i % 5]}`),
  ...times((i) => `https://example.com/user${i}/repo.git`),
  ...times((i) => `sk-${['learn', 'ip', 'y'][i % 3]}-is-a-word`),
  ...times((i) => `AKIA is a prefix, AKIAshort${i}`),
  ...times((i) => `git@github.com:org/repo${i}.git`),
];

describe('the redaction corpus', () => {
  test.each(Object.entries(SECRETS))('30 fake %s are redacted, in text and inside JSON strings', (kind, list) => {
    expect(list.length).toBeGreaterThanOrEqual(30);
    for (const s of list) {
      const f: Findings = {};
      const out = redactText(`config: ${s} end`, [], f);
      expect(out).not.toContain(secretPart(kind, s));
      expect(out).toContain(`[REDACTED:${kind}]`);
      expect(f).toEqual({ [kind]: 1 });
      const json = JSON.stringify({ keep: 12.5, text: `x ${s} y` }, null, 2);
      const red = redactJsonText(json, [], {});
      expect(red).not.toContain(JSON.stringify(secretPart(kind, s)).slice(1, -1));
      expect(JSON.parse(red).keep).toBe(12.5); // still JSON, same shape
    }
  });

  test(`${LOOKALIKES.length} look-alikes are left alone`, () => {
    expect(LOOKALIKES.length).toBeGreaterThanOrEqual(30);
    for (const s of LOOKALIKES) {
      const f: Findings = {};
      expect(redactText(s, [], f)).toBe(s);
      expect(f).toEqual({});
    }
  });

  test('strings skipped without decoding are exactly those with nothing to find (escapes of every kind, the word token)', () => {
    const secrets = Object.values(SECRETS).flatMap((l) => l.slice(0, 4));
    const pieces = [...secrets, ' the token stream ', 'tokenizer', '\n', '"', '\\', '/', 'é', '😀', 'https://', 'AUTH', 'plain words '];
    // Some characters written as \uXXXX or \/, as JSON allows and some tools write.
    const escapeSome = (json: string, k: number) => json.replace(/[a-z/]/g, (c, at: number) => ((at + k) % 7 === 0 ? (c === '/' ? '\\/' : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`) : c));
    fc.assert(
      fc.property(fc.array(fc.array(fc.constantFrom(...pieces), { maxLength: 6 }), { minLength: 1, maxLength: 4 }), fc.nat(6), (values, k) => {
        const strings = values.map((v) => v.join(''));
        const json = escapeSome(JSON.stringify({ messages: strings }), k);
        const out = JSON.parse(redactJsonText(json)) as { messages: string[] };
        expect(out.messages).toEqual(JSON.parse(json).messages.map((v: string) => redactText(v)));
      }),
      { numRuns: 300 },
    );
  });

  test('keys, numbers and formatting stay byte for byte', () => {
    const text = '{\n    "AKIAIOSFODNN7EXAMPLE": 1,\n    "n": 1.50,\n    "s": "key AKIAIOSFODNN7EXAMPLE"\n}\n';
    expect(redactJsonText(text)).toBe('{\n    "AKIAIOSFODNN7EXAMPLE": 1,\n    "n": 1.50,\n    "s": "key [REDACTED:aws-access-key]"\n}\n');
  });
});

describe('nothing secret reaches a git object', () => {
  test('after save, no object reachable from refs/notes/kiro contains a secret; the count is reported', () => {
    const repo = makeRepo();
    const all = Object.entries(SECRETS).flatMap(([kind, l]) => l.slice(0, 3).map((s) => [kind, s] as const));
    const id = randomUUID();
    const prompts = all.map(([, s]) => `please use ${s} for this`);
    const r = repo.kiro(['save', '--stdin', '--json', '--title', `title with ${SECRETS['github-token'][0]}`], { input: kiroSession(id, prompts) });
    expect(r.code).toBe(0);
    const { redacted } = JSON.parse(r.stdout);
    for (const kind of Object.keys(SECRETS)) expect(redacted[kind]).toBeGreaterThanOrEqual(3);
    const objects = execFileSync('git', ['rev-list', '--objects', 'refs/notes/kiro'], { cwd: repo.dir, encoding: 'utf8' })
      .split('\n')
      .filter(Boolean)
      .map((l) => execFileSync('git', ['cat-file', '-p', l.split(' ')[0]], { cwd: repo.dir }).toString('latin1'))
      .join('\n');
    for (const [kind, s] of all) expect(objects).not.toContain(secretPart(kind, s));
    // The session still loads, as valid Kiro JSON, with its shape.
    const back = JSON.parse(repo.kiro(['load', id]).stdout);
    expect(back.history).toHaveLength(prompts.length);
    const human = repo.kiro(['save', '--stdin'], { input: kiroSession(randomUUID(), [`one ${SECRETS.jwt[5]}`]) });
    // The helper's session says the prompt four times (history, transcript, answer, transcript).
    expect(human.stderr.trim()).toBe('redacted 4 secrets: 4 jwt');
  });

  test('--no-redact and git config kiro.redact false opt out; kiro.redactPattern adds patterns', () => {
    const repo = makeRepo();
    const key = SECRETS['aws-access-key'][0];
    const a = randomUUID();
    repo.kiro(['save', '--stdin', '--no-redact'], { input: kiroSession(a, [key]) });
    expect(repo.kiro(['load', a]).stdout).toContain(key);
    repo.git('config', 'kiro.redactPattern', 'ACME-[0-9]{6}');
    const b = randomUUID();
    repo.kiro(['save', '--stdin'], { input: kiroSession(b, [`ticket token ACME-123456 and ${key}`]) });
    const out = repo.kiro(['load', b]).stdout;
    expect(out).toContain('[REDACTED:custom]');
    expect(out).not.toContain(key);
    repo.git('config', 'kiro.redact', 'false');
    const c = randomUUID();
    repo.kiro(['save', '--stdin'], { input: kiroSession(c, [key]) });
    expect(repo.kiro(['load', c]).stdout).toContain(key);
  });
});

describe('what redaction missed (issue 13)', () => {
  const gh = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8';
  const cases: [string, string, string][] = [
    ['a token written with JSON \\u escapes', JSON.stringify({ t: `use ${gh}` }).replace('ghp_', '\\u0067hp_'), gh.slice(4)],
    ['a password in a URL written with \\/', `{"u": "https:\\/\\/bob:S3cr3tPassw0rd@host.example\\/x"}`, 'S3cr3tPassw0rd'],
    ['a bare PASSWORD= assignment', JSON.stringify({ cmd: 'export PASSWORD=hunter2-Zq9!x' }), 'hunter2-Zq9!x'],
    ['a bare SECRET_KEY= assignment', JSON.stringify({ cmd: 'SECRET_KEY=k8Jd02mQz7Lw' }), 'k8Jd02mQz7Lw'],
    ['a secret given as a key and a value', JSON.stringify({ args: { aws_secret_access_key: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYzzzzzzzzzz' } }), 'wJalrXUtnFEMI'],
    ['an AWS secret next to its key id', JSON.stringify({ t: 'AKIAIOSFODNN7EXAMPLE and wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' }), 'wJalrXUtnFEMI'],
    ['an npm token', JSON.stringify({ t: 'npm_abcdefghijklmnopqrstuvwxyzABCDEFGHIJ' }), 'npm_abcdef'],
    ['a Hugging Face token', JSON.stringify({ t: 'hf_abcdefghijklmnopqrstuvwxyzABCDEFGH' }), 'hf_abcdef'],
    ['a SendGrid key', JSON.stringify({ t: `SG.${'a'.repeat(10)}B${'c'.repeat(11)}.${'D'.repeat(20)}e${'F'.repeat(22)}` }), 'SG.aaaa'],
    ['an Azure AccountKey', JSON.stringify({ t: `DefaultEndpointsProtocol=https;AccountName=x;AccountKey=${'Ab1+'.repeat(22)}==;` }), 'Ab1+Ab1+'],
    ['an Authorization: Bearer header', JSON.stringify({ t: 'curl -H "Authorization: Bearer abc.def-ghi_jkl123"' }), 'abc.def-ghi_jkl123'],
    ['an Authorization: Basic header', JSON.stringify({ t: 'Authorization: Basic dXNlcjpwYXNzd29yZA==' }), 'dXNlcjpwYXNzd29yZA'],
  ];
  test.each(cases)('%s is redacted', (_what, doc, secret) => {
    const { redactSource } = require('../src/redact/redact');
    const out = redactSource(Buffer.from(doc)).bytes.toString();
    expect(out).not.toContain(secret);
    expect(() => JSON.parse(out)).not.toThrow();
  });

  test('--snapshot: a binary file is not stored, a private key block is redacted line by line, and the patch still applies', () => {
    const repo = makeRepo();
    const { writeFileSync } = require('node:fs');
    const { join } = require('node:path');
    writeFileSync(join(repo.dir, 'blob.bin'), Buffer.concat([Buffer.from([0, 1, 2, 3]), Buffer.from('AKIAIOSFODNN7EXAMPLE')]));
    writeFileSync(join(repo.dir, 'id_rsa'), `-----BEGIN RSA PRIVATE KEY-----\n${'MIIEowIBAAKCAQEA'.repeat(4)}\n${'q'.repeat(64)}\n-----END RSA PRIVATE KEY-----\n`);
    const S = randomUUID();
    expect(repo.kiro(['save', '--stdin', '--snapshot'], { input: kiroSession(S, ['x']) }).code).toBe(0);
    const diffBlob = JSON.parse(repo.kiro(['show', S, '--json']).stdout).git.diff;
    const diff = repo.git('cat-file', '-p', diffBlob);
    expect(diff).not.toContain('AKIAIOSFODNN7EXAMPLE');
    expect(diff).not.toContain('MIIEowIBAAKCAQEA');
    expect(diff).toContain('Binary files a/blob.bin and b/blob.bin differ');
    // The text part still applies (the binary file is left out of the check).
    const patch = diff.split('diff --git').filter((p: string) => p.includes('id_rsa')).map((p: string) => `diff --git${p}`).join('');
    const check = require('node:child_process').spawnSync('git', ['apply', '--check', '-'], { cwd: require('./helpers/repo').tmp('kiro-apply-'), input: `${patch}\n` });
    expect(check.status).toBe(0);
  });
});
