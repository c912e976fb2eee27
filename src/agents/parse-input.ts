import { InvalidInputError } from '../errors';
import type { InputFile, ParsedInput } from '../formats/adapter';
import { checkNesting, decodeJson, decodeUtf8, MAX_SESSION_BYTES } from '../formats/decode-json';
import { kiroV1 } from './kiro/v1/adapter';
import { looksLikeNative, NATIVE_VERSION } from '../formats/native';
import { ADAPTERS, adapterFor, FORMAT_NAMES } from './formats';

export type { ParsedInput } from '../formats/adapter';
export type InputFormat = 'auto' | 'native' | (typeof FORMAT_NAMES)[number] | string;

/**
 * Every session in an input file, validated and normalised. `format` 'auto' detects.
 * Throws InvalidInputError naming the file and the line or field of the first problem;
 * a format that cannot be recognised reports the JSON error if the file is broken JSON.
 */
export function parseInputs(file: InputFile, format: InputFormat = 'auto'): ParsedInput[] {
  if (file.bytes.length > MAX_SESSION_BYTES) decodeJson(file.bytes, file.name); // states the limit
  const text = decodeUtf8(file.bytes, file.name);
  if (!text.trim()) throw new InvalidInputError('input is empty; expected a session', { file: file.name });
  checkNesting(text, file.name);
  if (file.companion) checkNesting(decodeUtf8(file.companion, file.name), file.name);
  let json: unknown;
  let jsonError: InvalidInputError | undefined;
  try {
    json = decodeJson(file.bytes, file.name);
  } catch (e) {
    jsonError = e as InvalidInputError;
  }
  if (format === 'native' || (format === 'auto' && looksLikeNative(json))) return [parseNative(json, file)];
  const adapter = format === 'auto' ? ADAPTERS.find((a) => a.detect(file, json)) : adapterFor(format);
  if (!adapter) {
    if (format !== 'auto') throw new InvalidInputError(`unknown format "${format}"`, { field: '--format' }, `one of: auto, native, ${FORMAT_NAMES.join(', ')}`);
    if (jsonError && !/\.(jsonl|md)$/i.test(file.name) && text.trimStart().startsWith('{') && !text.includes('\n{')) throw jsonError;
    throw new InvalidInputError('not a recognised session format', { file: file.name }, `expected one of: ${FORMAT_NAMES.join(', ')}, or a git-kiro export; see --format`);
  }
  if (jsonError && adapter.extensions.every((e) => e === '.json')) throw jsonError;
  return adapter.parse(file, json);
}

/** One session from bytes (save, load-via-script). Throws when the input holds several. */
export function parseInput(bytes: Buffer, name: string, format: InputFormat = 'auto'): ParsedInput {
  const all = parseInputs({ name, bytes }, format);
  if (all.length !== 1) throw new InvalidInputError(`holds ${all.length} sessions`, { file: name }, 'import them all with: git kiro import');
  return all[0];
}

function parseNative(value: unknown, file: InputFile): ParsedInput {
  const doc = (value ?? {}) as Record<string, unknown>;
  if (typeof doc.version !== 'number' || doc.version > NATIVE_VERSION) {
    throw new InvalidInputError(`unsupported export version ${String(doc.version)}`, { file: file.name, field: 'version' });
  }
  const session = doc.session;
  if (!session || typeof session !== 'object') throw new InvalidInputError('expected an object', { file: file.name, field: 'session' });
  const source = doc.source as Record<string, unknown> | undefined;
  if (!source || typeof source.format !== 'string') throw new InvalidInputError('expected {format, data}', { file: file.name, field: 'source' });
  const adapter = adapterFor(source.format);
  if (!adapter) throw new InvalidInputError(`unknown source format "${source.format}"`, { file: file.name, field: 'source.format' });
  const bytes = typeof source.text === 'string' ? Buffer.from(source.text) : Buffer.from(`${JSON.stringify(source.data, null, 2)}\n`);
  const inner = adapter === kiroV1 ? kiroV1.parse({ name: `${file.name} (source.data)`, bytes }, typeof source.text === 'string' ? JSON.parse(source.text) : source.data)[0] : { format: source.format, sourceBytes: bytes, conversation: adapter.normalise(bytes) };
  return { ...inner, format: source.format, meta: session as ParsedInput['meta'] };
}
