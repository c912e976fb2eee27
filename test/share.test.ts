import { randomUUID } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { errLines, kiroSession, makeRepo, type Repo, makeTrio } from './helpers/repo';



/** Every object the remote has, as text: what anyone who clones it can read. */
function remoteObjects(remote: Repo): string {
  const ids = execFileSync('git', ['cat-file', '--batch-all-objects', '--batch-check=%(objectname) %(objecttype)'], { cwd: remote.dir, encoding: 'utf8' })
    .split('\n')
    .filter((l) => l.endsWith(' blob'))
    .map((l) => l.split(' ')[0]);
  return ids.map((id) => execFileSync('git', ['cat-file', '-p', id], { cwd: remote.dir, encoding: 'utf8' })).join('\n');
}

describe('share and fork', () => {
  test('share -> push -> clone B -> fork SHARE_ID; unshare propagates', () => {
    const { a, b } = makeTrio();
    const S = randomUUID();
    a.kiro(['save', '--stdin'], { input: kiroSession(S, ['Design the cache', 'Add eviction']) });
    const shared = a.kiro(['share', S.slice(0, 8), '--yes', '--json']);
    expect(shared.code).toBe(0);
    const { shareId, url } = JSON.parse(shared.stdout);
    expect(url).toBe(`http://127.0.0.1:7433/share/${shareId}`);
    const listed = JSON.parse(a.kiro(['shares', '--json']).stdout);
    expect(listed).toEqual([expect.objectContaining({ shareId, session: S, title: 'Design the cache', messageCount: 4, sharedBy: { name: 'Test Author', email: 'author@example.com' } })]);
    // A share is not a session of the list, and it is frozen.
    expect(JSON.parse(a.kiro(['list', '--json']).stdout).map((s: { id: string }) => s.id)).toEqual([S]);
    expect(errLines(a.kiro(['rename', shareId, 'x']))[0]).toMatch(/is a share \(a frozen copy of session/);
    // Later turns of the session do not change the share.
    a.kiro(['save', '--stdin'], { input: kiroSession(S, ['Design the cache', 'Add eviction', 'Add metrics']) });
    expect(JSON.parse(a.kiro(['show', shareId, '--json']).stdout).messageCount).toBe(4);
    a.kiro(['push']);

    // B has never pulled: fork fetches the share first.
    const sub = join(b.dir, 'lib');
    require('node:fs').mkdirSync(sub);
    const forked = b.kiro(['fork', shareId, '--json'], { cwd: sub });
    expect(forked.code).toBe(0);
    const { id, title, forkedFrom } = JSON.parse(forked.stdout);
    expect(id).not.toBe(S);
    expect(title).toBe('Forked from "Design the cache"');
    expect(forkedFrom).toEqual({ share: shareId, session: S, at: 4 });
    const mine = JSON.parse(b.kiro(['show', id, '--json']).stdout);
    expect(mine.scope).toBe('lib');
    expect(JSON.parse(b.kiro(['load', id]).stdout).conversation_id).toBe(id);
    expect(JSON.parse(b.kiro(['load'], { cwd: sub }).stdout).conversation_id).toBe(id); // active

    // Unshare on A, push: B's next pull removes it too.
    expect(a.kiro(['unshare', shareId, '--yes']).code).toBe(0);
    a.kiro(['push']);
    b.kiro(['pull']);
    expect(JSON.parse(b.kiro(['shares', '--json']).stdout)).toEqual([]);
    expect(b.kiro(['show', shareId]).code).toBe(3);
    // The fork is B's own and stays.
    expect(b.kiro(['show', id]).code).toBe(0);
  });

  test('fork --at N keeps the first N messages, whole turns, with every field of them; a bad N is refused', () => {
    const repo = makeRepo();
    const S = randomUUID();
    const extra = { model_info: { model_id: 'claude-x' }, context_manager: { paths: ['a.md'] }, latest_summary: 'so far' };
    repo.kiro(['save', '--stdin'], { input: kiroSession(S, ['one', 'two', 'three'], extra) });
    const r = JSON.parse(repo.kiro(['fork', S, '--at', '4', '--json']).stdout);
    expect(r.forkedFrom).toEqual({ session: S, at: 4 });
    const shown = JSON.parse(repo.kiro(['show', r.id, '--json']).stdout);
    expect(shown.messages.map((m: { text: string }) => m.text)).toEqual(['one', 'answer to one', 'two', 'answer to two']);
    // Kiro's own document, cut: every field kept, message ids and env context included, no empty reply added.
    const doc = JSON.parse(repo.kiro(['load', r.id]).stdout);
    expect(doc).toMatchObject({ conversation_id: r.id, ...extra, unknown_future_field: { kept: [1, 2, 3] }, valid_history_range: [0, 2], transcript: ['> one', 'answer to one', '> two', 'answer to two'] });
    expect(doc.history[1].assistant.Response.message_id).toBe('m-1');
    expect(doc.history[0].user.env_context.env_state.current_working_directory).toBe('/w');
    // N inside a turn keeps the whole turns before it.
    const mid = JSON.parse(repo.kiro(['fork', S, '--at', '3', '--json']).stdout);
    expect(mid.forkedFrom).toEqual({ session: S, at: 2 });
    const bad = repo.kiro(['fork', S, '--at', '7']);
    expect(bad.code).toBe(4);
    expect(errLines(bad)[0]).toBe('error: --at: --at must be a message number from 1 to 6');
  });

  test('share asks first: without a terminal it needs --yes, and says what would be shared', () => {
    const repo = makeRepo();
    const S = randomUUID();
    repo.kiro(['save', '--stdin', '--no-redact'], { input: kiroSession(S, ['deploy with key AKIAIOSFODNN7EXAMPLE please']) });
    const r = repo.kiro(['share', S]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain(`About to share "deploy with key AKIAIOSFODNN7EXAMPLE please" (${S}): 2 messages`);
    expect(r.stderr).toContain('Secrets found (they will be redacted): 2 aws-access-key'); // the prompt, and the answer quoting it
    expect(JSON.parse(repo.kiro(['shares', '--json']).stdout)).toEqual([]);
  });
});

describe('private sessions never leave the machine', () => {
  test('saved private, made private later, share refused: none of it reaches the remote', () => {
    const { remote, a } = makeTrio();
    const P = randomUUID();
    const Q = randomUUID();
    const PUB = randomUUID();
    a.kiro(['save', '--stdin', '--private'], { input: kiroSession(P, ['secret plan alpha-7731']) });
    a.kiro(['save', '--stdin'], { input: kiroSession(Q, ['second secret beta-4410']) });
    a.kiro(['save', '--stdin'], { input: kiroSession(PUB, ['public work']) });
    expect(a.kiro(['private', Q, 'on']).code).toBe(0);
    a.git('config', 'kiro.private', 'true');
    const R = randomUUID();
    a.kiro(['save', '--stdin'], { input: kiroSession(R, ['third secret gamma-9902']) });
    // Private ones are listed and usable here.
    expect(JSON.parse(a.kiro(['list', '--json']).stdout).map((s: { id: string; private?: boolean }) => [s.id, !!s.private]).sort()).toEqual([[P, true], [PUB, false], [Q, true], [R, true]].sort());
    expect(a.kiro(['show', P]).stdout).toContain('secret plan alpha-7731');
    const shareTry = a.kiro(['share', P, '--yes']);
    expect(shareTry.code).toBe(5);
    expect(errLines(shareTry)[0]).toBe(`error: session ${P} is private; private sessions are never shared`);
    expect(a.kiro(['push']).code).toBe(0);
    const objects = remoteObjects(remote);
    expect(objects).toContain('public work');
    for (const secret of ['alpha-7731', 'beta-4410', 'gamma-9902', P, Q, R]) expect(objects).not.toContain(secret);
    // The local history holds nothing of them either.
    expect(execFileSync('git', ['log', '-p', 'refs/notes/kiro'], { cwd: a.dir, encoding: 'utf8' })).not.toContain('beta-4410');
    expect(existsSync(join(a.dir, '.git', 'kiro-private', 'sessions', `${P}.json`))).toBe(true);
  });

  test('a session already pushed cannot silently become private; private off lets it travel', () => {
    const { remote, a } = makeTrio();
    const S = randomUUID();
    a.kiro(['save', '--stdin'], { input: kiroSession(S, ['x']) });
    a.kiro(['push']);
    const r = a.kiro(['private', S, 'on']);
    expect(r.code).toBe(5);
    expect(errLines(r)[0]).toBe(`error: session ${S} is already on origin; making it private here would not remove it there`);
    const P = randomUUID();
    a.kiro(['save', '--stdin', '--private'], { input: kiroSession(P, ['later public delta-5521']) });
    expect(a.kiro(['private', P, 'off']).code).toBe(0);
    a.kiro(['push']);
    expect(remoteObjects(remote)).toContain('delta-5521');
  });
});
