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

/** Runs `args` in a fresh tmux terminal of 80 columns; stdout to a file, the exit status to another. */
function terminal(repo: ReturnType<typeof makeRepo>, args: string[], env: Record<string, string> = {}) {
  const outDir = tmp('kiro-tmux-');
  const session = `kiro-${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2, 6)}`;
  const envArgs = Object.entries({ HOME: repo.env.HOME, XDG_DATA_HOME: repo.env.XDG_DATA_HOME, NO_COLOR: '1', ...env }).flatMap(([k, v]) => ['-e', `${k}=${v}`]);
  // stdout to a file unless the test looks at the terminal itself.
  const redirect = env.KEEP_STDOUT ? '' : ` > ${join(outDir, 'out')}`;
  const cmd = `cd ${repo.dir} && ${process.execPath} ${CLI} ${args.join(' ')}${redirect}; echo $? > ${join(outDir, 'rc')}; sleep 30`;
  execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', '80', '-y', '30', ...envArgs, cmd]);
  const screen = () => execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
  return {
    screen,
    keys: (...k: string[]) => execFileSync('tmux', ['send-keys', '-t', session, ...k]),
    exited: () => waitFor(() => existsSync(join(outDir, 'rc')), 'the command to exit'),
    rc: () => readFileSync(join(outDir, 'rc'), 'utf8').trim(),
    stdout: () => readFileSync(join(outDir, 'out'), 'utf8'),
    close: () => spawnSync('tmux', ['kill-session', '-t', session]),
  };
}

describeTmux('prompts on a real terminal of 80 columns (tmux); every one lets the process exit', () => {
  test('delete asks y/N; "y" deletes and the command exits', async () => {
    const repo = makeRepo();
    const id = '44444444-0000-4000-8000-000000000004';
    repo.kiro(['save', '--stdin'], { input: kiroSession(id, ['Delete me']) });
    const t = terminal(repo, ['delete', id.slice(0, 8)]);
    try {
      await waitFor(() => t.screen().includes(`Delete chat session ${id}`), 'the question');
      t.keys('y', 'Enter');
      await t.exited();
      expect(t.screen()).toContain(`✔ Deleted chat session ${id}`);
    } finally {
      t.close();
    }
    expect(t.rc()).toBe('0');
    expect(JSON.parse(repo.kiro(['list', '--json']).stdout)).toEqual([]);
  });

  test('share asks; Enter takes the default (no) and nothing is shared', async () => {
    const repo = makeRepo();
    const id = '55555555-0000-4000-8000-000000000005';
    repo.kiro(['save', '--stdin'], { input: kiroSession(id, ['Share me']) });
    const t = terminal(repo, ['share', id.slice(0, 8)]);
    try {
      await waitFor(() => t.screen().includes('Share it?'), 'the question');
      t.keys('Enter');
      await t.exited();
      expect(t.screen()).toContain('Not shared.');
    } finally {
      t.close();
    }
    expect(t.rc()).toBe('0');
    expect(JSON.parse(repo.kiro(['shares', '--json']).stdout)).toEqual([]);
  });

  test('purge and unshare ask too; each answer ends the command', async () => {
    const repo = makeRepo();
    const id = '99999999-0000-4000-8000-000000000009';
    repo.kiro(['save', '--stdin'], { input: kiroSession(id, ['Purge me']) });
    const shareId = JSON.parse(repo.kiro(['share', id, '--yes', '--json']).stdout).shareId as string;
    for (const [args, question, answer, said] of [
      [['unshare', shareId], 'Remove share', 'n', 'Not removed.'],
      [['delete', id, '--purge'], 'Delete session', 'y', '✔ Purged 1 deleted session'],
    ] as const) {
      const t = terminal(repo, [...args]);
      try {
        await waitFor(() => t.screen().includes(question), 'the question');
        t.keys(answer, 'Enter');
        await t.exited();
        expect(t.screen()).toContain(said);
      } finally {
        t.close();
      }
      expect(t.rc()).toBe('0');
    }
  });

  test('the picker: Esc cancels and the command exits', async () => {
    const repo = makeRepo();
    repo.kiro(['save', '--stdin'], { input: kiroSession('66666666-0000-4000-8000-000000000006', ['Keep me']) });
    const t = terminal(repo, ['resume', '--picker']);
    try {
      await waitFor(() => t.screen().includes('Select a session'), 'the picker');
      t.keys('Escape');
      await t.exited();
      expect(t.screen()).toContain('No session selected.');
    } finally {
      t.close();
    }
    expect(t.rc()).toBe('0');
  });

  test('the picker: rows wider than the terminal are cut to fit, never wrapped', async () => {
    const repo = makeRepo();
    repo.kiro(['save', '--stdin'], { input: kiroSession('77777777-0000-4000-8000-000000000007', [`A very long first prompt ${'that goes on '.repeat(20)}`]) });
    const t = terminal(repo, ['resume', '--picker']);
    try {
      await waitFor(() => t.screen().includes('Select a session'), 'the picker');
      const rows = t.screen().split('\n').filter((l) => l.includes('A very long'));
      expect(rows).toHaveLength(1);
      expect(rows[0]).toContain('…');
      t.keys('Escape');
      await t.exited();
    } finally {
      t.close();
    }
  });
});

describeTmux('long output goes through the pager on a terminal, as in git', () => {
  test('show pages through $GIT_PAGER; --no-pager and --json do not', async () => {
    const repo = makeRepo();
    const id = '88888888-0000-4000-8000-000000000008';
    repo.kiro(['save', '--stdin'], { input: kiroSession(id, ['Page me']) });
    const paged = join(tmp('kiro-pager-'), 'paged');
    for (const [args, expectPaged] of [[['show', id.slice(0, 8)], true], [['show', id.slice(0, 8), '--no-pager'], false], [['show', id.slice(0, 8), '--json'], false]] as const) {
      const t = terminal(repo, [...args], { GIT_PAGER: `cat > ${paged}`, KEEP_STDOUT: '1' });
      try {
        await t.exited();
      } finally {
        t.close();
      }
      expect(t.rc()).toBe('0');
      const { existsSync: exists, readFileSync: read, rmSync } = require('node:fs');
      expect(exists(paged)).toBe(expectPaged);
      if (expectPaged) expect(read(paged, 'utf8')).toContain('Page me');
      rmSync(paged, { force: true });
    }
  });
});

describeTmux('the session picker on a real terminal (tmux)', () => {
  test('type to filter, arrow keys, Enter resumes the chosen session', async () => {
    const repo = makeRepo();
    const ids = ['11111111-0000-4000-8000-000000000001', '22222222-0000-4000-8000-000000000002', '33333333-0000-4000-8000-000000000003'];
    const prompts = ['Fix the login flake', 'Tune the parser', 'Fix the build cache'];
    ids.forEach((id, i) => repo.kiro(['save', '--stdin'], { input: kiroSession(id, [prompts[i]]) }));
    // stdout to a file; stdin and stderr (where the picker draws) stay on the terminal.
    const t = terminal(repo, ['resume', '--picker']);
    let filtered = '';
    try {
      await waitFor(() => t.screen().includes('Select a session'), 'the picker');
      t.keys('-l', 'fix'); // two sessions match
      await waitFor(() => !t.screen().includes('Tune the parser'), 'the filter');
      filtered = t.screen();
      t.keys('Down'); // the second of them
      await sleep(200);
      t.keys('Enter');
      await t.exited();
      expect(t.screen()).toContain(`✔ Resumed chat session ${ids[0]}`);
    } finally {
      t.close();
    }
    expect(t.rc()).toBe('0');
    // Newest first: "Fix the build cache" (3), then "Fix the login flake" (1).
    expect(filtered).toContain('Select a session (type to filter, ↑/↓, Enter; Esc cancels): fix');
    expect(filtered).toContain('Fix the build cache');
    expect(filtered).toContain('Fix the login flake');
    expect(t.stdout()).toContain('> Fix the login flake');
  });
});
