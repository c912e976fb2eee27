import { readdirSync, readFileSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { HOOKS, SHARED_FIXTURES, describeShared, makeRepo, tmp } from './helpers/repo';

const v1Dir = join(SHARED_FIXTURES, 'kiro-v1');
const fixtures = (() => {
  try {
    return readdirSync(v1Dir).filter((f) => f.endsWith('.json'));
  } catch {
    return ['(absent)'];
  }
})();

/** Runs a hook the way Kiro does: executed directly, no arguments, JSON on stdin. */
function hook(name: string, cwd: string, env: NodeJS.ProcessEnv, input = '') {
  const r = spawnSync(join(HOOKS, name), [], { cwd, env, input, maxBuffer: 64 * 1024 * 1024 });
  return { code: r.status, stdout: r.stdout.toString(), stderr: r.stderr.toString() };
}

describeShared('real Kiro v1 sessions round-trip (../shared/fixtures/kiro-v1)', () => {
  test.each(fixtures)('%s through the save and load scripts: the same JSON value', (name) => {
    const repo = makeRepo();
    const text = readFileSync(join(v1Dir, name), 'utf8');
    const saved = hook('kiro-save-via-script', repo.dir, repo.env, text);
    expect(saved.stderr).toBe('');
    expect(saved.code).toBe(0);
    const loaded = hook('kiro-load-via-script', repo.dir, repo.env);
    expect(loaded.code).toBe(0);
    expect(JSON.parse(loaded.stdout)).toEqual(JSON.parse(text));
  });

  test.each(fixtures)('%s through save --file and load: byte for byte', (name) => {
    const repo = makeRepo();
    const file = join(v1Dir, name);
    const saved = repo.kiro(['save', '--file', file, '--json']);
    expect(saved.code).toBe(0);
    const { id, created } = JSON.parse(saved.stdout);
    expect(created).toBe(true);
    expect(id).toBe(JSON.parse(readFileSync(file, 'utf8')).conversation_id);
    expect(repo.kiro(['load', id]).out.equals(readFileSync(file))).toBe(true);
    // Saving the same conversation again updates it (Kiro's upsert), never duplicates.
    expect(JSON.parse(repo.kiro(['save', '--file', file, '--json']).stdout).created).toBe(false);
    expect(JSON.parse(repo.kiro(['list', '--json']).stdout)).toHaveLength(1);
  });

  test('message counts and roles of a real session', () => {
    const repo = makeRepo();
    const r = repo.kiro(['save', '--file', join(v1Dir, 'with_cancelled_tool_uses.json')]);
    const shown = JSON.parse(repo.kiro(['show', r.stdout.trim(), '--json']).stdout);
    // 6 history entries: each a user side and an assistant side (hand-counted).
    expect(shown.messageCount).toBe(12);
    expect(shown.messages.map((m: { role: string }) => m.role)).toEqual(['user', 'assistant', 'user', 'assistant', 'tool', 'assistant', 'tool', 'assistant', 'tool', 'assistant', 'user', 'assistant']);
    expect(shown.messages[0].text).toBe('hello');
    expect(shown.model).toBe('claude-sonnet-4.6-1m');
  });
});

describe("Kiro's script contract from our side (save-via-script, load-via-script)", () => {
  function script(body: string): string {
    const p = join(tmp('kiro-script-'), 'script.sh');
    writeFileSync(p, `#!/bin/sh\n${body}\n`);
    chmodSync(p, 0o755);
    return p;
  }

  test('save-via-script sends the session on stdin; load-via-script stores what the script prints', () => {
    const repo = makeRepo();
    const out = join(tmp(), 'captured.json');
    const session = JSON.stringify({ conversation_id: '0b6f3b7e-39f4-4a8e-9a57-3e7c7a0f0001', history: [], valid_history_range: [0, 0], transcript: [], tools: {} });
    expect(repo.kiro(['save', '--stdin'], { input: session }).code).toBe(0);
    const saved = repo.kiro(['save-via-script', script(`cat > ${out}`)]);
    expect(saved.code).toBe(0);
    expect(saved.stderr).toContain('✔ Saved chat session via script');
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(session));

    const other = makeRepo();
    const loaded = other.kiro(['load-via-script', script(`cat ${out}`)]);
    expect(loaded.code).toBe(0);
    expect(loaded.stderr).toContain('✔ Loaded chat session via script');
    expect(JSON.parse(other.kiro(['list', '--json']).stdout)[0].id).toBe('0b6f3b7e-39f4-4a8e-9a57-3e7c7a0f0001');
  });

  test('a failing script: exit status and its stderr in one message, store untouched', () => {
    const repo = makeRepo();
    const r = repo.kiro(['load-via-script', script('echo "no session for you" >&2; exit 3')]);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/failed with exit status 3: no session for you/);
    expect(() => repo.git('rev-parse', '-q', '--verify', 'refs/notes/kiro')).toThrow();
  });

  test('a script printing JSON of the wrong shape: a message naming the field', () => {
    const repo = makeRepo();
    const r = repo.kiro(['load-via-script', script(`echo '{"conversation_id":"0b6f3b7e-39f4-4a8e-9a57-3e7c7a0f0002","history":{},"valid_history_range":[0,0],"transcript":[],"tools":{}}'`)]);
    expect(r.code).toBe(4);
    expect(r.stderr.split('\n')[0]).toMatch(/history: expected an array, got an object/);
  });

  test('a script that hangs is stopped at the timeout', () => {
    const repo = makeRepo();
    const r = repo.kiro(['load-via-script', script('sleep 30'), '--timeout', '1']);
    expect(r.code).toBe(6);
    expect(r.stderr).toMatch(/timed out after 1 s/);
  });

  test('a script that is not executable', () => {
    const repo = makeRepo();
    const r = repo.kiro(['load-via-script', 'no-such-script.sh']);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/script no-such-script.sh does not exist/);
  });
});
