import { renderLoad } from '../../api/load-session';
import { defaultSession } from '../../api/pick-session';
import { resolveSession } from '../../api/resolve-id';
import { runScript } from '../../api/run-script';
import { saveSession } from '../../api/save-session';
import { NotFoundError } from '../../errors';
import { defineCommand, jsonFlag } from '../command';
import { reportSave, saveJson } from './save';

/** Kiro's `/chat save-via-script`: this directory's session as JSON on the script's stdin. */
export const saveViaScriptCommand = defineCommand({
  command: 'save-via-script <script>',
  describe: 'run SCRIPT with this directory\'s session JSON on stdin (Kiro\'s contract)',
  builder: (y) =>
    y
      .positional('script', { type: 'string', demandOption: true })
      .option('id', { type: 'string', describe: 'the session to send (default: active, else latest)' })
      .option('timeout', { type: 'number', default: 60, describe: 'seconds before the script is stopped' })
      .options(jsonFlag),
  run: async (a, ctx) => {
    const store = await ctx.sessions();
    const target = a.id ?? (await defaultSession(store))?.id;
    if (!target) throw new NotFoundError(`No saved chat sessions for ${store.displayDir}`);
    const record = await resolveSession(store, target);
    const r = await runScript(a.script, { cwd: ctx.cwd, input: await renderLoad(store, record, 'source'), timeoutMs: a.timeout * 1000 });
    if (r.stderr) process.stderr.write(r.stderr);
    if (a.json) ctx.out.json({ id: record.id, script: a.script });
    else ctx.out.err(`✔ Saved chat session via script ${a.script}`);
  },
});

/** Kiro's `/chat load-via-script`: the script prints a session; it is validated, stored and made active. */
export const loadViaScriptCommand = defineCommand({
  command: 'load-via-script <script>',
  describe: 'run SCRIPT and store the session JSON it prints (Kiro\'s contract)',
  builder: (y) => y.positional('script', { type: 'string', demandOption: true }).option('timeout', { type: 'number', default: 60 }).options(jsonFlag),
  run: async (a, ctx) => {
    const r = await runScript(a.script, { cwd: ctx.cwd, timeoutMs: a.timeout * 1000 });
    if (r.stderr) process.stderr.write(r.stderr);
    const saved = await saveSession(await ctx.workspace(), { bytes: r.stdout, origin: `output of ${a.script}`, here: true });
    if (a.json) return ctx.out.json(saveJson(saved));
    ctx.out.err(`✔ Loaded chat session via script ${a.script}`);
    reportSave(saved, ctx);
  },
});
