import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { claudeTranscript } from './helpers/claude-session';
import { errLines, kiroSession, makeRepo, makeTrio, ROOT } from './helpers/repo';

const claudeDir = (home: string, cwd: string) => join(home, '.claude', 'projects', cwd.replace(/[^a-zA-Z0-9]/g, '-'));

describe('resume --into: a session handed back to the agent on another clone', () => {
  test('a Claude Code session pushed from A resumes on B (fresh HOME) into Claude\'s store, idempotent, never over a newer copy', () => {
    const { a, b } = makeTrio();
    const id = '3f0c0c33-1111-4222-8333-444455556666';
    const source = claudeTranscript(id, a.dir);
    expect(a.kiro(['save', '--stdin'], { input: source }).code).toBe(0);
    a.kiro(['push']);
    b.kiro(['pull']);
    const r = b.kiro(['resume', id.slice(0, 8), '--into', 'claude-code', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    // B's own HOME and B's checkout, not the path recorded on A.
    const path = join(claudeDir(b.env.HOME!, b.dir), `${id}.jsonl`);
    expect(out).toEqual({ agent: 'claude-code', agentSessionId: id, path, command: `claude --resume ${id}`, session: id, status: 'written' });
    expect(readFileSync(path, 'utf8')).toBe(source); // every record as Claude wrote it
    expect(JSON.parse(b.kiro(['resume', id, '--into', 'claude-code', '--json']).stdout).status).toBe('unchanged');
    // Claude went on with it here: a newer copy is kept unless --force.
    appendFileSync(path, `${JSON.stringify({ type: 'user', sessionId: id, message: { role: 'user', content: 'one more' } })}\n`);
    const refused = b.kiro(['resume', id, '--into', 'claude-code']);
    expect(refused.code).toBe(5);
    expect(errLines(refused)[0]).toContain('already holds a newer copy of this session');
    expect(readFileSync(path, 'utf8')).toContain('one more');
    expect(JSON.parse(b.kiro(['resume', id, '--into', 'claude-code', '--force', '--json']).stdout).status).toBe('written');
    expect(readFileSync(path, 'utf8')).toBe(source);
    // Plain text: the agent's command on stdout, what happened on stderr.
    const plain = b.kiro(['resume', id, '--into', 'claude-code']);
    expect(plain.stdout).toBe(`claude --resume ${id}\n`);
  });

  test('resume --head --into: the session attached to HEAD, pulled on another clone, goes into Codex as a rollout Codex\'s reader gives back', () => {
    const { a, b } = makeTrio();
    const id = '3f0c0c33-1111-4222-8333-444455556666';
    a.kiro(['hooks', 'install']);
    expect(a.kiro(['save', '--stdin'], { input: claudeTranscript(id, a.dir) }).code).toBe(0);
    a.git('commit', '-q', '--allow-empty', '-m', 'with a session');
    a.git('push', '-q', 'origin', 'main');
    a.kiro(['push']);
    b.git('pull', '-q', 'origin', 'main');
    b.kiro(['pull']);
    const out = JSON.parse(b.kiro(['resume', '--head', '--into', 'codex', '--json']).stdout);
    expect(out).toMatchObject({ agent: 'codex', agentSessionId: id, session: id, command: `codex exec resume ${id}`, status: 'written' });
    expect(out.path).toMatch(new RegExp(`^${b.env.HOME}/\\.codex/sessions/2026/11/20/rollout-2026-11-20T09-00-07-${id}\\.jsonl$`));
    // Codex's own reader (git-kiro's codex format) gives back the prompts, and the tool calls as summaries.
    const c = makeRepo();
    const [item] = JSON.parse(c.kiro(['import', out.path, '--json']).stdout);
    expect(item).toMatchObject({ id, format: 'codex' });
    const back = JSON.parse(c.kiro(['show', id, '--json']).stdout).messages as { role: string; text: string }[];
    expect(back.filter((m) => m.role === 'user').map((m) => m.text)[0]).toContain('Make `parsePort` reject **negative** ports');
    expect(back.some((m) => m.role === 'assistant' && m.text.includes('[tool call Bash: {"command":"npm test -- --silent"'))).toBe(true);
  });

  test('a stranger\'s session cannot steer where --into writes: times and ids from its source never reach a path as they are', () => {
    const repo = makeRepo();
    const home = repo.env.HOME!;
    const rollout = [
      { timestamp: '../../../../../escaped', type: 'session_meta', payload: { id: '9d0c0c33-1111-4222-8333-444455556666', timestamp: '../../../../../escaped', cwd: repo.dir } },
      { timestamp: '../../x', type: 'response_item', payload: { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'hello from afar' }] } },
    ];
    const saved = repo.kiro(['save', '--stdin', '--json'], { input: rollout.map((r) => JSON.stringify(r)).join('\n') });
    expect(saved.code).toBe(0);
    const codex = JSON.parse(repo.kiro(['resume', JSON.parse(saved.stdout).id, '--into', 'codex', '--json']).stdout);
    expect(codex.path).toBe(join(home, '.codex', 'sessions', '1970', '01', '01', 'rollout-1970-01-01T00-00-00-9d0c0c33-1111-4222-8333-444455556666.jsonl'));
    const exported = { info: { id: 'ses_/../../../../escaped', directory: repo.dir, time: { created: 1795381816792 } }, messages: [{ info: { id: 'msg_1', role: 'user', time: { created: 1795381816792 } }, parts: [{ type: 'text', text: 'hello again' }] }] };
    const saved2 = repo.kiro(['save', '--stdin', '--json'], { input: JSON.stringify(exported) });
    expect(saved2.code).toBe(0);
    const oc = JSON.parse(repo.kiro(['resume', JSON.parse(saved2.stdout).id, '--into', 'opencode', '--json']).stdout);
    expect(oc.agentSessionId).toMatch(/^ses_[0-9a-f]{12}[0-9A-Za-z]{14}$/);
    expect(oc.path).toBe(join(home, '.local', 'share', 'opencode', 'git-kiro', `${oc.agentSessionId}.json`));
  });

  test('into Kiro CLI 2.x: its metadata and log pair in ~/.kiro/sessions/cli, read back turn for turn; a log that went on is kept', () => {
    const { a, b } = makeTrio();
    const claudeId = '3f0c0c33-1111-4222-8333-444455556666';
    const imported = a.kiro(['import', join(ROOT, 'fixtures', 'kiro-v2', 'export.json'), '--json']);
    expect(imported.code).toBe(0);
    const kiroId = JSON.parse(imported.stdout)[0].id as string;
    expect(a.kiro(['save', '--stdin'], { input: claudeTranscript(claudeId, a.dir) }).code).toBe(0);
    a.kiro(['push']);
    b.kiro(['pull']);
    for (const id of [kiroId, claudeId]) {
      const out = JSON.parse(b.kiro(['resume', id, '--into', 'kiro', '--json'], { cwd: b.dir }).stdout);
      const dir = join(b.env.HOME!, '.kiro', 'sessions', 'cli');
      expect(out).toMatchObject({ agent: 'kiro', agentSessionId: id, path: join(dir, `${id}.json`), command: `kiro-cli chat --resume-id ${id}`, status: 'written' });
      const meta = JSON.parse(readFileSync(out.path, 'utf8'));
      expect(meta).toMatchObject({ session_id: id, cwd: b.dir });
      // Read back by Kiro 2.x's reader (the pair, as Kiro keeps it), in a third place.
      const c = makeRepo();
      expect(JSON.parse(c.kiro(['import', out.path, '--json']).stdout)[0]).toMatchObject({ id, status: 'imported' });
      const back = JSON.parse(c.kiro(['show', id, '--json']).stdout).messages as { role: string; text: string }[];
      const original = JSON.parse(b.kiro(['show', id, '--json']).stdout).messages as { role: string; text: string }[];
      const said = (ms: { role: string; text: string }[]) => ms.filter((m) => m.role !== 'tool' && m.text).map((m) => [m.role, m.text]);
      if (id === kiroId) expect(said(back)).toEqual(said(original));
      else {
        // Another agent's session: prompts and replies as they were, tool calls as one-line summaries.
        expect(said(back).filter(([r]) => r === 'user')[0]).toEqual(said(original)[0]);
        expect(back.some((m) => m.text.startsWith('[tool call Edit: '))).toBe(true);
      }
      expect(JSON.parse(b.kiro(['resume', id, '--into', 'kiro', '--json']).stdout).status).toBe('unchanged');
    }
    // Kiro went on with one here: its log grew, so it is kept unless --force.
    const log = join(b.env.HOME!, '.kiro', 'sessions', 'cli', `${kiroId}.jsonl`);
    appendFileSync(log, `${JSON.stringify({ version: 'v1', kind: 'Prompt', data: { message_id: 'm-9', content: [{ kind: 'text', data: 'one more' }] } })}\n`);
    const refused = b.kiro(['resume', kiroId, '--into', 'kiro']);
    expect(refused.code).toBe(5);
    expect(errLines(refused)[0]).toBe(`error: ${log} already holds a newer copy of this session (it went on here)`);
    expect(readFileSync(log, 'utf8')).toContain('one more');
  });

  test('a Kiro session becomes a Claude transcript that Claude Code\'s reader gives back turn for turn', () => {
    const repo = makeRepo();
    const id = '0a000000-0000-4000-8000-00000000000a';
    repo.kiro(['save', '--stdin'], { input: kiroSession(id, ['Plan the migration', 'Add a rollback']) });
    const { path } = JSON.parse(repo.kiro(['resume', id, '--into', 'claude-code', '--json']).stdout);
    const other = makeRepo();
    expect(other.kiro(['save', '--stdin'], { input: readFileSync(path) }).code).toBe(0);
    const back = JSON.parse(other.kiro(['show', id, '--json']).stdout);
    expect(back.agent).toBe('claude-code');
    expect(back.messages.map((m: { role: string; text: string }) => [m.role, m.text])).toEqual([
      ['user', 'Plan the migration'],
      ['assistant', 'answer to Plan the migration'],
      ['user', 'Add a rollback'],
      ['assistant', 'answer to Add a rollback'],
    ]);
    // Every record chains to the one before it, as Claude Code's own reader requires.
    const recs = readFileSync(path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    recs.forEach((r, i) => expect(r.parentUuid).toBe(i ? recs[i - 1].uuid : null));
    expect(new Set(recs.map((r) => r.sessionId))).toEqual(new Set([id]));
  });

  test('fork SHARE_ID --into claude-code: the fork, under its own id, in Claude\'s store', () => {
    const { a, b } = makeTrio();
    const id = '3f0c0c33-1111-4222-8333-444455556666';
    a.kiro(['save', '--stdin'], { input: claudeTranscript(id, a.dir) });
    const { shareId } = JSON.parse(a.kiro(['share', id, '--yes', '--json']).stdout);
    a.kiro(['push']);
    const r = b.kiro(['fork', shareId, '--into', 'claude-code', '--json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.agentSessionId).not.toBe(id);
    expect(out.agentSessionId).toBe(out.session);
    expect(out.command).toBe(`claude --resume ${out.session}`);
    const recs = readFileSync(out.path, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(new Set(recs.map((x) => x.sessionId))).toEqual(new Set([out.session]));
    expect(recs).toHaveLength(12);
  });

  test('an agent it cannot resume into yet is a usage error naming those it can', () => {
    const repo = makeRepo();
    repo.kiro(['save', '--stdin'], { input: kiroSession('0a000000-0000-4000-8000-00000000000a', ['x']) });
    const r = repo.kiro(['resume', '0a000000', '--into', 'aider']);
    expect(r.code).toBe(2);
    expect(errLines(r)).toEqual(['error: Aider has no session store git-kiro can resume into yet', 'hint: one of: kiro, qwen, claude-code, codex, gemini, opencode, kilo, copilot']);
  });
});
