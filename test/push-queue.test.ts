import { kiroSession, makeTrio, type Repo } from './helpers/repo';

const S1 = '9a000000-0000-4000-8000-000000000001';
const S2 = '9a000000-0000-4000-8000-000000000002';
const S3 = '9a000000-0000-4000-8000-000000000003';

const status = (r: Repo) => JSON.parse(r.kiro(['status', '--json']).stdout)[0];

/** Waits for the background queue run to have finished (status polled; bounded). */
async function settled(r: Repo): Promise<Record<string, unknown>> {
  for (let i = 0; i < 200; i++) {
    const s = status(r);
    if (!s.pushing && (!s.queued || s.queued.lastError)) return s;
    await new Promise((res) => setTimeout(res, 100));
  }
  throw new Error(`the queue never settled: ${JSON.stringify(status(r))}`);
}

describe('autosave pushes through a durable queue', () => {
  test('kiro.autoPush: a save is on the remote soon after, without the save waiting for it', async () => {
    const { a, b } = makeTrio();
    a.git('config', 'kiro.autoPush', 'true');
    expect(a.kiro(['save', '--stdin'], { input: kiroSession(S1, ['Plan it']) }).code).toBe(0);
    expect(await settled(a)).toEqual({ remote: 'origin', state: 'up to date', sessions: 0, attachments: 0 });
    b.kiro(['pull']);
    expect(b.kiro(['show', S1, '--json']).code).toBe(0);
  });

  test('a remote that hangs, a killed push, an unreachable remote: the queue keeps the work and says why; fixed, one push sends all', async () => {
    const { remote, a, b } = makeTrio();
    a.git('config', 'kiro.autoPush', 'true');
    // A remote that never answers: the push hangs in ssh.
    a.git('remote', 'set-url', 'origin', 'ssh://git.invalid/team.git');
    // git runs it through the shell with the host and command after it: they go to `true`.
    const hanging = { GIT_SSH_COMMAND: 'sleep 300; true' };
    expect(a.kiro(['save', '--stdin'], { input: kiroSession(S1, ['First']), env: hanging }).code).toBe(0);
    // The save has returned while its push is still running, with the attempt on record.
    let s = status(a);
    for (let i = 0; i < 100 && !(s.pushing && s.queued?.attempts === 1); i++) {
      await new Promise((res) => setTimeout(res, 100));
      s = status(a);
    }
    expect(s).toMatchObject({ state: 'not pushed', sessions: 1, queued: { attempts: 1 }, pushing: expect.any(Number) });
    // Killed mid-push (the whole process group: the runner, git, ssh).
    process.kill(-s.pushing, 'SIGKILL');
    for (let i = 0; i < 100 && status(a).pushing; i++) await new Promise((res) => setTimeout(res, 100));
    s = status(a);
    expect(s.pushing).toBeUndefined();
    expect(s).toMatchObject({ state: 'not pushed', sessions: 1, queued: { attempts: 1 } });

    // Unreachable: the error is kept, with the next try after a back-off.
    a.git('remote', 'set-url', 'origin', '/nonexistent/team.git');
    a.git('config', 'kiro.autoPush', 'false');
    a.kiro(['save', '--stdin'], { input: kiroSession(S2, ['Second']) });
    const failed = a.kiro(['push', '--queued']);
    expect(failed.code).toBe(6);
    expect(failed.stderr).toMatch(/^✘ origin: .*'\/nonexistent\/team.git' does not appear to be a git repository \(kept in the queue; git kiro status\)$/m);
    s = status(a);
    expect(s).toMatchObject({ state: 'not pushed', sessions: 2, queued: { attempts: 2, lastError: expect.stringContaining('does not appear to be a git repository'), nextTryAt: expect.any(String) } });
    const text = a.kiro(['status']).stdout;
    expect(text).toContain('origin: 2 sessions not pushed');
    expect(text).toMatch(/^ {2}last error: .*does not appear to be a git repository$/m);

    // Reachable again: one run sends everything queued, and the queue is empty.
    a.git('remote', 'set-url', 'origin', remote.dir);
    a.git('config', 'kiro.autoPush', 'true');
    expect(a.kiro(['save', '--stdin'], { input: kiroSession(S3, ['Third']) }).code).toBe(0);
    expect(a.kiro(['push', '--queued']).code).toBe(0);
    expect(await settled(a)).toEqual({ remote: 'origin', state: 'up to date', sessions: 0, attachments: 0 });
    b.kiro(['pull']);
    for (const id of [S1, S2, S3]) expect(b.kiro(['show', id, '--json']).code).toBe(0);
  });
});
