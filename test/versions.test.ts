import { randomUUID } from 'node:crypto';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { kiroSession, makeRepo, makeTrio, tmp, type Repo } from './helpers/repo';

// Issue 14: nothing lost in ordinary use. Every save is a notes commit, so every
// version exists; a save that does not continue the stored conversation keeps both.

const save = (r: Repo, id: string, prompts: string[]) => {
  const out = r.kiro(['save', '--stdin', '--json'], { input: kiroSession(id, prompts) });
  expect(out.stderr).toBe('');
  expect(out.code).toBe(0);
  return JSON.parse(out.stdout) as { id: string; status: string; forked: { id: string; title: string }[] };
};
const userTurns = (r: Repo, ref: string) =>
  JSON.parse(r.kiro(['show', ref, '--json']).stdout)
    .messages.filter((m: { role: string }) => m.role === 'user')
    .map((m: { text: string }) => m.text);
/** Every prompt in every session of a clone. */
const allTurns = (r: Repo) => {
  const ids: string[] = JSON.parse(r.kiro(['list', '--all', '--json']).stdout).map((s: { id: string }) => s.id);
  return new Set(ids.flatMap((id) => userTurns(r, id)));
};

describe('divergent saves keep every turn', () => {
  test('two clones go on differently, then one goes on from its own copy: every clone ends with every turn', () => {
    const { a, b } = makeTrio();
    const S = randomUUID();
    save(a, S, ['p1']);
    a.kiro(['push']);
    b.kiro(['pull']);
    save(a, S, ['p1', 'a2']);
    expect(a.kiro(['push']).code).toBe(0);
    save(b, S, ['p1', 'b2']);
    expect(b.kiro(['push']).code).toBe(0); // merges A's turn first: both kept
    expect(a.kiro(['pull']).code).toBe(0);
    // A's agent still holds its own copy and saves it through Kiro's script: it does
    // not continue what is stored now, so the stored version is kept as a fork.
    const script = a.kiro(['load-via-script', writeScript(kiroSession(S, ['p1', 'a2', 'a3'])), '--json']);
    expect(script.code).toBe(0);
    for (const r of [a, b, a]) expect(r.kiro(['sync']).code).toBe(0);
    for (const r of [a, b]) {
      const turns = allTurns(r);
      for (const t of ['p1', 'a2', 'a3', 'b2']) expect(turns).toContain(t);
    }
    // The agent's conversation keeps the id.
    expect(userTurns(a, S)).toEqual(['p1', 'a2', 'a3']);
  });

  test('a script that prints an older copy keeps the longer stored one as a fork, named in one line', () => {
    const repo = makeRepo();
    const S = randomUUID();
    const long = Array.from({ length: 7 }, (_, i) => `turn ${i + 1}`);
    save(repo, S, long); // 14 messages
    const r = repo.kiro(['load-via-script', writeScript(kiroSession(S, long.slice(0, 6)))]); // 12
    expect(r.code).toBe(0);
    const line = r.stderr.split('\n').find((l) => l.startsWith('kept both'));
    expect(line).toMatch(new RegExp(`^kept both: this conversation does not continue the stored ${S.slice(0, 8)}, so the stored one is now [0-9a-f-]{36} ".+ \\(diverged\\)"$`));
    const list = JSON.parse(repo.kiro(['list', '--json']).stdout) as { id: string; messageCount: number }[];
    expect(list.map((s) => s.messageCount).sort()).toEqual([12, 14]);
    const fork = list.find((s) => s.id !== S)!;
    expect(userTurns(repo, fork.id)).toEqual(long);
    expect(JSON.parse(repo.kiro(['load', fork.id]).stdout).conversation_id).toBe(fork.id);
    expect(JSON.parse(repo.kiro(['show', fork.id, '--json']).stdout).forkedFrom).toMatchObject({ session: S, reason: 'diverged', at: 14 });
  });

  test('a save that continues the stored conversation just updates it', () => {
    const repo = makeRepo();
    const S = randomUUID();
    save(repo, S, ['one']);
    expect(save(repo, S, ['one', 'two'])).toMatchObject({ status: 'updated', forked: [] });
    expect(JSON.parse(repo.kiro(['list', '--json']).stdout)).toHaveLength(1);
  });

  test('an unchanged save writes nothing: no notes commit, updatedAt unchanged', () => {
    const repo = makeRepo();
    const S = randomUUID();
    save(repo, S, ['one']);
    const tip = repo.git('rev-parse', 'refs/notes/kiro');
    const before = JSON.parse(repo.kiro(['show', S, '--json']).stdout).updatedAt;
    expect(save(repo, S, ['one'])).toMatchObject({ status: 'unchanged', forked: [] });
    expect(repo.git('rev-parse', 'refs/notes/kiro')).toBe(tip);
    expect(JSON.parse(repo.kiro(['show', S, '--json']).stdout).updatedAt).toBe(before);
  });
});

describe('versions: history, ID@{N}, and the version a commit was made with', () => {
  test('history lists every version, newest first, with who, when, how many messages and what wrote it', () => {
    const repo = makeRepo();
    const S = randomUUID();
    save(repo, S, ['one']);
    save(repo, S, ['one', 'two']);
    expect(repo.kiro(['rename', S, 'Named']).code).toBe(0);
    save(repo, S, ['one', 'two', 'three']);
    const h = JSON.parse(repo.kiro(['history', S.slice(0, 8), '--json']).stdout);
    expect(h.map((v: { n: number; messages: number; origin: string; title: string }) => [v.n, v.messages, v.origin, v.title])).toEqual([
      [0, 6, 'save', 'Named'],
      [1, 4, 'rename', 'Named'],
      [2, 4, 'save', 'one'],
      [3, 2, 'save', 'one'],
    ]);
    expect(h[0].author).toEqual({ name: 'Test Author', email: 'author@example.com' });
    expect(h[0].id).toBe(S);
    const text = repo.kiro(['history', S]).stdout;
    expect(text).toContain('@{3}');
    expect(text).toContain('2 msgs');
  });

  test('ID@{N} works for load, show, export, fork and resume', () => {
    const repo = makeRepo();
    const S = randomUUID();
    save(repo, S, ['one']);
    save(repo, S, ['one', 'two']);
    save(repo, S, ['one', 'two', 'three']);
    const p = S.slice(0, 8);
    expect(JSON.parse(repo.kiro(['load', `${p}@{2}`]).stdout).history).toHaveLength(1);
    expect(userTurns(repo, `${p}@{1}`)).toEqual(['one', 'two']);
    expect(userTurns(repo, `${S}@{0}`)).toEqual(['one', 'two', 'three']);
    expect(repo.kiro(['export', `${p}@{1}`, '--format', 'md']).stdout).not.toContain('three');
    const fork = JSON.parse(repo.kiro(['fork', `${p}@{2}`, '--json']).stdout);
    expect(userTurns(repo, fork.id)).toEqual(['one']);
    const resumed = JSON.parse(repo.kiro(['resume', `${p}@{1}`, '--json']).stdout);
    expect(resumed.messages).toHaveLength(4);
    const missing = repo.kiro(['show', `${p}@{9}`]);
    expect(missing.code).toBe(3);
    expect(missing.stderr).toContain(`session ${S} has 3 versions; ${p}@{9} is not one`);
  });

  test('load --commit and resume --head give the conversation as it was when the commit was made, after gc too', () => {
    const repo = makeRepo();
    const S = randomUUID();
    save(repo, S, ['one']); // active
    expect(repo.kiro(['hooks', 'install']).code).toBe(0);
    writeFileSync(join(repo.dir, 'f.txt'), 'x');
    repo.git('add', 'f.txt');
    repo.git('commit', '-q', '-m', 'made during turn one');
    save(repo, S, ['one', 'two', 'three']);
    repo.git('gc', '-q', '--prune=now');
    expect(JSON.parse(repo.kiro(['load', '--head']).stdout).history).toHaveLength(1);
    expect(JSON.parse(repo.kiro(['resume', '--head', '--json']).stdout).messages).toHaveLength(2);
    expect(JSON.parse(repo.kiro(['load', S]).stdout).history).toHaveLength(3);
  });

  test('on a fresh clone, a commit whose session is not fetched yet points to git kiro pull', () => {
    const { a, b } = makeTrio();
    const S = randomUUID();
    save(a, S, ['one']);
    expect(a.kiro(['attach']).code).toBe(0);
    a.git('push', '-q', 'origin', 'main');
    expect(a.kiro(['push']).code).toBe(0);
    b.git('pull', '-q', 'origin', 'main');
    const r = b.kiro(['resume', '--head']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('hint: fetch the sessions first: git kiro pull');
  });
});

describe('defects a new user met', () => {
  test('save --private of a session already stored is refused, and one id stays one session', () => {
    const repo = makeRepo();
    const S = randomUUID();
    save(repo, S, ['one']);
    const r = repo.kiro(['save', '--stdin', '--private'], { input: kiroSession(S, ['one', 'two']) });
    expect(r.code).toBe(5);
    expect(r.stderr).toContain(`hint: make it private first: git kiro private ${S} on`);
    expect(JSON.parse(repo.kiro(['list', '--json']).stdout)).toHaveLength(1);
    expect(repo.kiro(['show', S]).code).toBe(0);
  });

  test('load ID prints the session even when a file of that name is in the current directory', () => {
    const repo = makeRepo();
    const S = randomUUID();
    save(repo, S, ['the session']);
    const p = S.slice(0, 4);
    writeFileSync(join(repo.dir, `${p}.json`), kiroSession(randomUUID(), ['the file']));
    expect(repo.kiro(['load', p]).stdout).toContain('the session');
    expect(JSON.parse(repo.kiro(['list', '--json']).stdout)).toHaveLength(1);
  });
});

describe('more defects a new user met', () => {
  test('a commit naming a deleted session: log leaves it out, doctor says so and --repair mends it', () => {
    const repo = makeRepo();
    const S = randomUUID();
    save(repo, S, ['one']);
    expect(repo.kiro(['attach']).code).toBe(0);
    expect(repo.kiro(['delete', S, '--yes']).code).toBe(0);
    expect(JSON.parse(repo.kiro(['log', '--json']).stdout)[0].sessions).toEqual([]);
    expect(repo.kiro(['doctor']).code).toBe(5);
    expect(repo.kiro(['doctor', '--repair']).code).toBe(0);
    expect(repo.kiro(['doctor']).code).toBe(0);
  });

  test('log in a repository without commits lists nothing; git kiro alone says what to do once', () => {
    const repo = makeRepo();
    const empty = tmp('kiro-empty-');
    repo.git('init', '-q', empty);
    const r = repo.kiro(['log', '--json'], { cwd: empty });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([]);
    const bare = repo.kiro([]);
    expect(bare.code).toBe(2);
    expect(bare.stderr.match(/git kiro --help/g)).toHaveLength(1);
  });

  test('a missing script is reported as missing, not as "not executable"', () => {
    const repo = makeRepo();
    const r = repo.kiro(['load-via-script', './no-such-script']);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain(`error: script ./no-such-script does not exist (looked for ${join(repo.dir, 'no-such-script')})`);
  });

  test('serve on a busy port says so (exit 6), not "a bug"', async () => {
    const repo = makeRepo();
    const { createServer } = await import('node:net');
    const busy = createServer();
    await new Promise<void>((res) => busy.listen(0, '127.0.0.1', () => res()));
    const port = (busy.address() as { port: number }).port;
    try {
      const r = await repo.kiroAsync(['serve', '--port', String(port)]);
      expect(r.code).toBe(6);
      expect(r.stderr).toContain(`error: port ${port} on 127.0.0.1 is already in use`);
      expect(r.stderr).toContain('hint: choose another: git kiro serve --port 0 picks a free one');
    } finally {
      busy.close();
    }
  });
});

describe('where a session is filed, and its own times', () => {
  const claude = (id: string, cwd: string, branch: string, times: string[]) =>
    `${times
      .map((t, i) =>
        JSON.stringify({ type: i % 2 ? 'assistant' : 'user', sessionId: id, uuid: `u${i}`, parentUuid: i ? `u${i - 1}` : null, cwd, gitBranch: branch, timestamp: t, message: { role: i % 2 ? 'assistant' : 'user', content: i % 2 ? [{ type: 'text', text: `reply ${i}` }] : `prompt ${i}` } }),
      )
      .join('\n')}\n`;

  test('load PATH from a subdirectory files the session there, so list there shows it', () => {
    const repo = makeRepo();
    const S = randomUUID();
    const sub = join(repo.dir, 'src');
    mkdirSync(sub);
    const file = join(tmp('kiro-load-'), 's.json');
    writeFileSync(file, kiroSession(S, ['one']));
    expect(repo.kiro(['save', '--stdin'], { input: kiroSession(S, ['one']) }).code).toBe(0); // first at the root
    expect(repo.kiro(['load', file], { cwd: sub }).code).toBe(0);
    expect(JSON.parse(repo.kiro(['list', '--json'], { cwd: sub }).stdout).map((x: { id: string }) => x.id)).toEqual([S]);
  });

  test("a Claude Code session that starts with a compaction summary takes its title from the first real prompt", () => {
    const repo = makeRepo();
    const S = randomUUID();
    const file = join(tmp('kiro-compact-'), 'c.jsonl');
    const rec = (i: number, extra: object) => JSON.stringify({ type: 'user', sessionId: S, uuid: `u${i}`, parentUuid: i ? `u${i - 1}` : null, cwd: repo.dir, timestamp: '2024-05-01T00:00:00.000Z', ...extra });
    writeFileSync(file, `${rec(0, { isCompactSummary: true, message: { role: 'user', content: 'This session is being continued from a previous conversation. {"summary": "…"}' } })}\n${rec(1, { message: { role: 'user', content: 'Add the export button' } })}\n`);
    expect(repo.kiro(['import', file]).code).toBe(0);
    expect(JSON.parse(repo.kiro(['show', S, '--json']).stdout)).toMatchObject({ title: 'Add the export button', preview: 'Add the export button' });
  });

  test('an imported session keeps its own times and branch, and re-importing follows the directory it ran in', () => {
    const repo = makeRepo();
    const S = randomUUID();
    const dir = tmp('kiro-imp-');
    const file = join(dir, `${S}.jsonl`);
    writeFileSync(file, claude(S, repo.dir, 'feature/old', ['2024-03-01T10:00:00.000Z', '2024-03-01T10:05:00.000Z']));
    expect(repo.kiro(['import', file]).code).toBe(0);
    const first = JSON.parse(repo.kiro(['show', S, '--json']).stdout);
    expect(first.updatedAt).toBe('2024-03-01T10:05:00.000Z');
    expect(first.git).toEqual({ branch: 'feature/old' });
    expect(first.scope).toBe('');
    mkdirSync(join(repo.dir, 'pkg'));
    writeFileSync(file, claude(S, join(repo.dir, 'pkg'), 'feature/old', ['2024-03-01T10:00:00.000Z', '2024-03-01T10:05:00.000Z', '2024-03-02T09:00:00.000Z']));
    expect(repo.kiro(['import', file]).code).toBe(0);
    expect(JSON.parse(repo.kiro(['show', S, '--json']).stdout)).toMatchObject({ scope: 'pkg', updatedAt: '2024-03-02T09:00:00.000Z' });
  });
});

function writeScript(output: string): string {
  const dir = tmp('kiro-script-');
  writeFileSync(join(dir, 'out.json'), output);
  const script = join(dir, 'print.sh');
  writeFileSync(script, `#!/bin/sh\ncat '${join(dir, 'out.json')}'\n`);
  chmodSync(script, 0o755);
  return script;
}

