import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLI, kiroSession, makeRepo, tmp } from './helpers/repo';

const haveTmux = spawnSync('tmux', ['-V']).status === 0;
const describeTmux = haveTmux ? describe : describe.skip;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function waitFor(check: () => boolean, what: string, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return;
    await sleep(50);
  }
  throw new Error(`timed out waiting for ${what}`);
}

describeTmux('the session picker on a real terminal (tmux)', () => {
  test('type to filter, arrow keys, Enter resumes the chosen session', async () => {
    const repo = makeRepo();
    const ids = ['11111111-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000002', '33333333-0000-4000-8000-000000000003'];
    const prompts = ['Fix the login flake', 'Tune the parser', 'Fix the build cache'];
    ids.forEach((id, i) => repo.kiro(['save', '--stdin'], { input: kiroSession(id, [prompts[i]]) }));
    const outDir = tmp('kiro-tmux-');
    const session = `kiro-${process.pid}-${Date.now()}`;
    const envArgs = Object.entries({ HOME: repo.env.HOME, XDG_DATA_HOME: repo.env.XDG_DATA_HOME, NO_COLOR: '1' }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
    // stdout to a file; stdin and stderr (where the picker draws) stay on the terminal.
    const cmd = `cd ${repo.dir} && ${process.execPath} ${CLI} resume --picker > ${join(outDir, 'out')}; echo $? > ${join(outDir, 'rc')}; sleep 30`;
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '120', '-y', '30', ...envArgs, cmd]);
    let finalScreen = '';
    const screen = () => execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
    try {
      await waitFor(() => screen().includes('Select a session'), 'the picker');
      execFileSync('tmux', ['send-keys', '-t', session, '-l', 'fix']); // two sessions match
      await sleep(200);
      execFileSync('tmux', ['send-keys', '-t', session, 'Down']); // the second of them
      await sleep(200);
      execFileSync('tmux', ['send-keys', '-t', session, 'Enter']);
      await waitFor(() => existsSync(join(outDir, 'rc')), 'the command to finish');
      finalScreen = screen();
    } finally {
      spawnSync('tmux', ['kill-session', '-t', session]);
    }
    expect(readFileSync(join(outDir, 'rc'), 'utf8').trim()).toBe('0');
    // Newest first: "Fix the build cache" (3), then "Fix the login flake" (1).
    expect(finalScreen).toContain('Select a session (type to filter, ↑/↓, Enter; Esc cancels): fix');
    expect(finalScreen).not.toContain('Tune the parser');
    expect(finalScreen).toContain(`✔ Resumed chat session ${ids[0]}`);
    expect(readFileSync(join(outDir, 'out'), 'utf8')).toContain('> Fix the login flake');
  });
});
