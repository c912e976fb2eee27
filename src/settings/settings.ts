/**
 * Every `kiro.*` git config key this tool reads, in one place: its type, its default
 * and what it does. The README's settings table is this list. Values come from one
 * `git config --get-regexp` per command (src/git/config.ts), read lazily.
 */
export interface Settings {
  /** New sessions stay on this machine (`save --private` by default). */
  private: boolean;
  /** Replace secrets before anything is stored (`--no-redact` turns it off once). */
  redact: boolean;
  /** Extra secret patterns (regular expressions), reported as kind "custom". Multi-valued. */
  redactPatterns: string[];
  /** The chat shell's agent: echo, openai or command. */
  agent?: string;
  /** The command agent's command line. */
  agentCmd?: string;
  /** The openai agent's server (an OpenAI-compatible /v1 URL). */
  baseUrl?: string;
  /** The openai agent's model. */
  model?: string;
  /** The environment variable that holds the openai agent's key. */
  apiKeyEnv?: string;
  /** Seconds an agent may stay silent before it is stopped. */
  agentTimeout: number;
  /** After every save, capture and commit, push the sessions in the background (through the queue). */
  autoPush: boolean;
  /** Fetch records first and conversations when opened (git's partial clone), where the remote allows it. */
  leanFetch: boolean;
}

export interface SettingDoc {
  key: string;
  type: 'boolean' | 'string' | 'number' | 'string, repeatable';
  default: string;
  what: string;
}

/** The table the README shows (and a test compares with the README). */
export const SETTINGS_DOC: SettingDoc[] = [
  { key: 'kiro.private', type: 'boolean', default: 'false', what: 'new sessions stay on this machine (as `save --private`)' },
  { key: 'kiro.redact', type: 'boolean', default: 'true', what: 'replace secrets before anything is stored' },
  { key: 'kiro.redactPattern', type: 'string, repeatable', default: '(none)', what: 'an extra secret pattern (a regular expression), reported as "custom"' },
  { key: 'kiro.agent', type: 'string', default: 'echo', what: 'who answers in `git kiro chat`: echo, openai or command' },
  { key: 'kiro.agentCmd', type: 'string', default: '(none)', what: 'the command agent: reads the session JSON on stdin, prints the reply' },
  { key: 'kiro.baseUrl', type: 'string', default: 'https://api.openai.com/v1', what: 'the openai agent\'s server' },
  { key: 'kiro.model', type: 'string', default: '(none)', what: 'the openai agent\'s model' },
  { key: 'kiro.apiKeyEnv', type: 'string', default: 'OPENAI_API_KEY', what: 'the environment variable holding the openai agent\'s key' },
  { key: 'kiro.agentTimeout', type: 'number', default: '60', what: 'seconds an agent may stay silent before it is stopped' },
  { key: 'kiro.leanFetch', type: 'boolean', default: 'true', what: 'pulls fetch the records and leave conversations over 8 KB on the remote until one is opened (git\'s partial clone; a remote that does not filter sends everything)' },
  { key: 'kiro.autoPush', type: 'boolean', default: 'false', what: 'after every save, capture and commit, push the sessions to the default remote in the background, through a durable queue (`git kiro status`)' },
];

/** git's boolean spellings (git-config(1) "Values"). Anything else: the default. */
function bool(v: string | undefined, dflt: boolean): boolean {
  if (v === undefined) return dflt;
  if (/^(true|yes|on|1)$/i.test(v) || v === '') return true;
  if (/^(false|no|off|0)$/i.test(v)) return false;
  return dflt;
}

/**
 * Settings from git config values (keys lower-cased, as git reports them; several
 * values when the key repeats, the last one wins). Pure.
 */
export function settingsFrom(config: ReadonlyMap<string, string[]>): Settings {
  const last = (k: string) => config.get(k.toLowerCase())?.at(-1);
  const timeout = Number(last('kiro.agentTimeout'));
  return {
    private: bool(last('kiro.private'), false),
    redact: bool(last('kiro.redact'), true),
    redactPatterns: config.get('kiro.redactpattern') ?? [],
    agent: last('kiro.agent'),
    agentCmd: last('kiro.agentCmd'),
    baseUrl: last('kiro.baseUrl'),
    model: last('kiro.model'),
    apiKeyEnv: last('kiro.apiKeyEnv'),
    agentTimeout: Number.isFinite(timeout) && timeout > 0 ? timeout : 60,
    autoPush: bool(last('kiro.autoPush'), false),
    leanFetch: bool(last('kiro.leanFetch'), true),
  };
}
