// Floor programs: what each everyday command costs when a program does nothing but
// start Node and make the git calls it cannot avoid (issue 17). `node bench/floor.mjs
// KIND [ARG]` in a repository; the bench times them like the real commands.
//   list           one rev-parse (prefix, git dir, notes tip), then the cache's files
//   show ID        one rev-parse, one cat-file --batch (record and conversation)
//   save ID        stdin -> source and record blobs, the fanout and root trees, a
//                  commit, the ref: hash-object, cat-file, mktree --batch, commit-tree,
//                  update-ref (the independent ones at once)
//   unchanged ID   stdin compared with the stored conversation: rev-parse, cat-file
//   rebuild        ls-tree -r of the notes, cat-file --batch of every record
//   push REMOTE    one git push of the notes ref;   pull REMOTE  git fetch, diff-tree
//   import DIR     every file of DIR as a blob, one tree and commit: one git fast-import
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const [kind, arg] = process.argv.slice(2);
const git = (args, input) =>
  new Promise((res, rej) => {
    const c = spawn('git', args);
    const out = [];
    c.stdout.on('data', (b) => out.push(b));
    c.stdin.on('error', () => {}); // git may not read its stdin
    c.on('close', (code) => (code === 0 ? res(Buffer.concat(out)) : rej(new Error(`git ${args[0]}: ${code}`))));
    c.stdin.end(input ?? '');
  });
const keyPath = (id) => {
  const body = `kiro-session ${id}\n`;
  const k = createHash('sha1').update(`blob ${body.length}\0${body}`).digest('hex');
  return `${k.slice(0, 2)}/${k.slice(2)}`;
};
const revParse = async () => {
  const [prefix, gitDir, tip] = (await git(['rev-parse', '--show-prefix', '--git-common-dir', '--verify', '-q', 'refs/notes/kiro'])).toString().split('\n');
  return { prefix, gitDir, tip };
};
const stdin = () => readFileSync(0);
/** The directory inside the worktree, as git-kiro scopes it (the bench runs save from pkg/mod1). */
const prefixOf = (cwd) => (/\/(pkg\/mod\d+)$/.exec(cwd)?.[1] ?? '');

/** The trees of a `cat-file --batch` answer as mktree lines (undefined for a missing one). */
function batchTrees(buf) {
  const out = [];
  let at = 0;
  while (at < buf.length) {
    const nl = buf.indexOf(10, at);
    const head = buf.subarray(at, nl).toString().split(' ');
    if (head[1] === 'missing') {
      out.push(undefined);
      at = nl + 1;
      continue;
    }
    const size = Number(head[2]);
    const body = buf.subarray(nl + 1, nl + 1 + size);
    const entries = [];
    for (let i = 0; i < body.length; ) {
      const sp = body.indexOf(32, i);
      const nul = body.indexOf(0, sp);
      const mode = body.subarray(i, sp).toString();
      const name = body.subarray(sp + 1, nul).toString();
      const oid = body.subarray(nul + 1, nul + 21).toString('hex');
      entries.push(`${mode === '40000' ? '040000 tree' : `${mode} blob`} ${oid}\t${name}`);
      i = nul + 21;
    }
    out.push(entries);
    at = nl + 1 + size + 1;
  }
  return out;
}

if (kind === 'list') {
  const { prefix, gitDir } = await revParse();
  const dir = join(gitDir, 'kiro-sessions');
  const state = JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8'));
  const scope = prefix.replace(/\/$/, '');
  const file = `${createHash('sha1').update(scope).digest('hex').slice(0, 16)}.json`;
  const sessions = Object.values(JSON.parse(readFileSync(join(dir, state.dir, file), 'utf8')).sessions);
  process.stdout.write(sessions.map((s) => `${s.id} ${s.title}`).join('\n'));
} else if (kind === 'show' || kind === 'unchanged') {
  const input = kind === 'unchanged' ? stdin() : undefined;
  await revParse();
  const p = keyPath(arg);
  const out = await git(['cat-file', '--batch'], `refs/notes/kiro:${p}\nrefs/notes/kiro:${p}.src\n`);
  if (input) process.stdout.write(String(out.includes(input)));
  else process.stdout.write(out);
} else if (kind === 'save') {
  const source = stdin();
  const { tip } = await revParse();
  const p = keyPath(arg);
  // A valid record (the bench repository stays readable): its conversation's id computed here.
  const srcId = createHash('sha1').update(`blob ${source.length}\0`).update(source).digest('hex');
  const at = new Date().toISOString();
  const record = JSON.stringify({ version: 1, id: arg, title: 'floor', scope: prefixOf(process.cwd()), createdAt: at, updatedAt: at, messageCount: 2, preview: 'floor', source: { format: 'kiro-v1', blob: srcId, size: source.length } });
  const [src, rec, idBlob, trees] = await Promise.all([
    git(['hash-object', '-w', '--stdin'], source),
    git(['hash-object', '-w', '--stdin'], record),
    git(['hash-object', '-w', '--stdin'], `kiro-session ${arg}\n`),
    git(['cat-file', '--batch'], `${tip}^{tree}\n${tip}:${p.slice(0, 2)}\n`),
  ]);
  // The root and the fanout directory as they are (read above), with the session's entries set.
  const [rootEntries, fanEntries] = batchTrees(trees);
  const name = p.slice(3);
  const fan = [...(fanEntries ?? []).filter((e) => !e.split('\t')[1].startsWith(name)), `100644 blob ${rec.toString().trim()}\t${name}`, `100644 blob ${idBlob.toString().trim()}\t${name}.id`, `100644 blob ${src.toString().trim()}\t${name}.src`];
  const subTree = (await git(['mktree'], `${fan.join('\n')}\n`)).toString().trim();
  const root = [...rootEntries.filter((e) => !e.endsWith(`\t${p.slice(0, 2)}`)), `040000 tree ${subTree}\t${p.slice(0, 2)}`];
  const rootTree = (await git(['mktree'], `${root.join('\n')}\n`)).toString().trim();
  const commit = (await git(['commit-tree', rootTree, '-p', tip, '-m', `save ${arg}`])).toString().trim();
  await git(['update-ref', 'refs/notes/kiro', commit, tip]);
} else if (kind === 'rebuild') {
  const { tip } = await revParse();
  const ls = (await git(['ls-tree', '-r', tip])).toString().split('\n');
  const records = ls.filter((l) => l && !/\.(src|id|diff)$/.test(l)).map((l) => l.split(/\s+/)[2]);
  const out = await git(['cat-file', '--batch'], `${records.join('\n')}\n`);
  process.stdout.write(String(out.length));
} else if (kind === 'push') {
  await git(['push', '-q', arg, 'refs/notes/kiro:refs/notes/kiro']);
} else if (kind === 'pull') {
  const before = (await revParse()).tip;
  await git(['fetch', '-q', arg, '+refs/notes/kiro:refs/notes/kiro-remote/floor']);
  await git(['diff-tree', '-r', before, 'refs/notes/kiro-remote/floor']);
} else if (kind === 'import') {
  const { readdirSync } = await import('node:fs');
  const files = readdirSync(arg).filter((f) => f.endsWith('.json'));
  const parts = [];
  files.forEach((f, i) => {
    const data = readFileSync(join(arg, f));
    parts.push(Buffer.from(`blob\nmark :${i + 1}\ndata ${data.length}\n`), data, Buffer.from('\n'));
  });
  parts.push(Buffer.from(`commit refs/notes/kiro-floor\ncommitter floor <f@l> 0 +0000\ndata 0\n${files.map((f, i) => `M 100644 :${i + 1} ${f}`).join('\n')}\n\n`));
  // A low compression: the pack is repacked later (issue 17's lever).
  await git(['-c', 'core.compression=1', 'fast-import', '--quiet'], Buffer.concat(parts));
} else {
  throw new Error(`unknown floor: ${kind}`);
}
