import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import { JobmapError } from '../errors.js';
import { byPlace, type JobmapMessage } from '../core/message.js';
import type { Transcript, TranscriptFindings } from '../types.js';
import { ignoredMessage, skippedMessage } from './messages.js';
import { parseCsv } from './csv.js';
import { decodeText } from './decode.js';
import { parseDocx } from './docx.js';
import { DEFAULT_INGEST_OPTIONS, type Format, type IngestOptions, type ParsedSource } from './format.js';
import { parseSpeechJson } from './json.js';
import { decideRoles } from './roles.js';
import { parseSrt } from './srt.js';
import { parseTextTranscript } from './text.js';
import { parseVtt } from './vtt.js';
import { walkFolder } from './walk.js';

export { DEFAULT_INGEST_OPTIONS, type IngestOptions } from './format.js';

interface TextFormat {
  name: string;
  extensions: string[];
  parse: (text: string, file: string) => ParsedSource;
}

/** Formats read from decoded text, one interview per file. */
const TEXT_FORMATS: TextFormat[] = [
  { name: 'text', extensions: ['txt', 'md', 'markdown'], parse: parseTextTranscript },
  { name: 'WebVTT', extensions: ['vtt'], parse: parseVtt },
  { name: 'SubRip', extensions: ['srt'], parse: parseSrt },
  { name: 'speech-to-text JSON', extensions: ['json'], parse: parseSpeechJson },
];

/** One entry per input format, each in its own module. */
const FORMATS: Format[] = [
  ...TEXT_FORMATS.map(({ name, extensions, parse }): Format => ({ name, extensions, read: (bytes, file) => [parse(decodeText(bytes, file), file)] })),
  { name: 'CSV', extensions: ['csv', 'tsv'], read: (bytes, file, options) => parseCsv(decodeText(bytes, file), file, options) },
  { name: 'Word', extensions: ['docx'], read: async (bytes, file) => [await parseDocx(bytes, file)] },
];

export const SUPPORTED_EXTENSIONS = FORMATS.flatMap((format) => format.extensions);

/**
 * Files a user may well mean as transcripts but that jobmap cannot read: skipped (exit 1) with what to do instead.
 * A Map of the literal's own entries, so a file named `x.constructor` finds no advice from Object.
 */
const CONVERT_FIRST: ReadonlyMap<string, string> = new Map(
  Object.entries({
    doc: 'save it as .docx or .txt',
    rtf: 'save it as .docx or .txt',
    odt: 'save it as .docx or .txt',
    pages: 'export it as .docx or .txt',
    pdf: 'export the transcript as .txt, .docx or .vtt instead of PDF',
    xlsx: 'save the sheet as .csv',
    xls: 'save the sheet as .csv',
    ods: 'save the sheet as .csv',
    numbers: 'export the sheet as .csv',
    sbv: 'convert it to .srt or .vtt',
    ass: 'convert it to .srt or .vtt',
    ssa: 'convert it to .srt or .vtt',
    htm: 'save it as .txt',
    html: 'save it as .txt',
  }),
);

/**
 * A study folder often holds a README or a sources list beside the interviews;
 * YAML files are jobmap's own (labels, review decisions, its output). None is a transcript.
 */
const NOT_TRANSCRIPTS = ['**/node_modules/**', '**/README.*', '**/SOURCES.*', '**/LICENSE.*', '**/CHANGELOG.*', '**/CONTRIBUTING.*', '**/*.{yaml,yml}'];

export interface TranscriptSource {
  id: string;
  /** path relative to the input folder, forward slashes */
  file: string;
  absolutePath: string;
}

export interface FoundSources {
  sources: TranscriptSource[];
  /** files in the folder that are no transcript (audio, images...), so the user sees they were not read */
  ignored: JobmapMessage[];
}

/**
 * Finds transcript files under a folder, recursively, in a stable order, each
 * with a unique safe id; or the one file named. Files of a kind jobmap cannot
 * read but that look meant as transcripts (.pdf, .doc) are kept as sources, so
 * that reading them reports why they were skipped.
 */
export async function findTranscripts(input: string, options: { followSymlinks?: boolean } = {}): Promise<FoundSources> {
  const info = await stat(input).catch(() => undefined);
  if (!info) throw new JobmapError(`input folder not found: ${input}`);
  const walked = info.isDirectory()
    ? await walkFolder(input, { ignore: NOT_TRANSCRIPTS, followSymlinks: options.followSymlinks })
    : { files: [{ file: path.basename(input), absolutePath: input }], ignored: [] };
  const all = walked.files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const files = all.filter(({ file }) => isSupported(file) || CONVERT_FIRST.has(extensionOf(file)) || !info.isDirectory());
  const kept = new Set(files);
  const ignored = [
    ...walked.ignored,
    ...all
      .filter((entry) => !kept.has(entry))
      .map(({ file }) => ignoredMessage(file, `not a transcript format jobmap reads (${SUPPORTED_EXTENSIONS.map((e) => `.${e}`).join(', ')})`)),
  ].sort(byPlace);
  const ids = uniqueIds(files.map(({ file }) => file));
  return { sources: files.map(({ file, absolutePath }, i) => ({ id: ids[i]!, file, absolutePath })), ignored };
}

/** The folder a source's `file` is named from: the input folder, or the folder of the one file named. */
export function inputFolder(input: string): string {
  return statSync(input, { throwIfNoEntry: false })?.isDirectory() ? input : path.dirname(input);
}

function extensionOf(file: string): string {
  return path.extname(file).slice(1).toLowerCase();
}

function isSupported(file: string): boolean {
  return SUPPORTED_EXTENSIONS.includes(extensionOf(file));
}

/**
 * The longest id kept whole, in bytes. An id names the file
 * `transcripts/<id>.yaml`, so it must stay under the 255 bytes a file name may
 * have on every common file system.
 */
export const MAX_ID_BYTES = 200;

/**
 * `interviews/P01 Dana.md` -> `interviews--P01-Dana`; only letters, digits, dot,
 * dash and underscore. A longer one (a 250-letter name, 200 nested folders)
 * keeps its end, where the file's own name is, after a hash of the whole.
 */
export function transcriptId(file: string, keepExtension = false): string {
  const withoutExt = keepExtension ? file : file.replace(/\.[^./]+$/, '');
  const id = withoutExt
    .split('/')
    .map((part) => part.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[.-]+|-+$/g, ''))
    .filter(Boolean)
    .join('--');
  return shortened(id || 'transcript');
}

function shortened(id: string): string {
  if (Buffer.byteLength(id) <= MAX_ID_BYTES) return id;
  const hash = createHash('sha256').update(id).digest('hex').slice(0, 8);
  const end: string[] = [];
  let bytes = hash.length + 1;
  for (const letter of [...id].reverse()) {
    bytes += Buffer.byteLength(letter);
    if (bytes > MAX_ID_BYTES) break;
    end.unshift(letter);
  }
  return `${hash}-${end.join('').replace(/^[.-]+/, '')}`;
}

function uniqueIds(files: string[]): string[] {
  const plain = files.map((file) => transcriptId(file));
  const counts = new Map<string, number>();
  for (const id of plain) counts.set(id, (counts.get(id) ?? 0) + 1);
  const seen = new Set<string>();
  return files.map((file, i) => claim(seen, plain[i]!, counts.get(plain[i]!)! > 1 ? transcriptId(file, true) : plain[i]!));
}

/** `wanted` if still free, else `base-2`, `base-3`...: the first name not in `used`, which it then joins. */
function claim(used: Set<string>, base: string, wanted = base): string {
  let id = wanted;
  for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
  used.add(id);
  return id;
}

/**
 * Makes transcript ids unique across the whole run, in source order: a CSV
 * row's id (`study--P01`) may meet a file's (`study/P01.md`). Files are read
 * apart (in worker threads), so a clash is settled here, findings renamed with it.
 */
export function uniqueTranscriptIds(results: TranscriptFindings[]): TranscriptFindings[] {
  const used = new Set<string>();
  return results.map((result) => {
    const old = result.transcript.id;
    const id = claim(used, old);
    if (id === old) return result;
    return {
      ...result,
      transcript: { ...result.transcript, id },
      findings: result.findings.map((f) => ({ ...f, id: id + f.id.slice(old.length), transcript: id })),
    };
  });
}

export interface ReadResult {
  transcripts: Transcript[];
  /** interviews inside the file that could not be read (a CSV row without text); the file itself was read */
  skipped: JobmapMessage[];
}

/** One file may hold several interviews (a CSV export), so a source reads as a list. Throws a JobmapError for a file it cannot read. */
export async function readTranscripts(source: TranscriptSource, options: IngestOptions = DEFAULT_INGEST_OPTIONS): Promise<ReadResult> {
  return transcriptsFromBytes(await readSourceBytes(source, options), source, options);
}

/** A source's bytes, unless it is too large to read or of a kind jobmap cannot read (no use reading a 2 GB video). */
export async function readSourceBytes(source: TranscriptSource, options: IngestOptions = DEFAULT_INGEST_OPTIONS): Promise<Uint8Array> {
  return readSourceBytesSync(source, options);
}

/** readSourceBytes, for a caller that cannot wait (the files sent to threads started early). */
export function readSourceBytesSync(source: TranscriptSource, options: IngestOptions = DEFAULT_INGEST_OPTIONS): Uint8Array {
  formatOf(source.file);
  // synchronously: a study is thousands of small files, and through the thread pool each read waited its turn
  const { size } = statSync(source.absolutePath);
  if (size > options.maxFileSize) {
    throw new JobmapError(`the file is ${readableSize(size)}, over the ${readableSize(options.maxFileSize)} limit; raise it with --max-file-size`, source.file);
  }
  return readFileSync(source.absolutePath);
}

/** The transcripts in a file's bytes; a run reads the bytes itself to key its cache on them. */
export async function transcriptsFromBytes(bytes: Uint8Array, source: Pick<TranscriptSource, 'id' | 'file'>, options: IngestOptions = DEFAULT_INGEST_OPTIONS): Promise<ReadResult> {
  const parsed = await formatOf(source.file).read(bytes, source.file, options);
  const only = parsed[0];
  if (parsed.length === 1 && only && !(only instanceof JobmapError) && only.key === undefined) {
    return { transcripts: [toTranscript(only, source)], skipped: [] };
  }
  const result: ReadResult = { transcripts: [], skipped: [] };
  const keys = uniqueKeys(parsed.map((p) => (p instanceof JobmapError ? undefined : p.key)));
  parsed.forEach((interview, i) => {
    try {
      if (interview instanceof JobmapError) throw interview;
      const id = keys[i] === undefined ? source.id : shortened(`${source.id}--${keys[i]}`);
      result.transcripts.push(toTranscript(interview, { id, file: source.file }));
    } catch (error) {
      if (!(error instanceof JobmapError)) throw error;
      result.skipped.push(skippedMessage(source.file, error));
    }
  });
  return result;
}

/** The format that reads this file, or why there is none (with what to export instead). */
function formatOf(file: string): Format {
  const extension = extensionOf(file);
  const format = FORMATS.find((f) => f.extensions.includes(extension));
  if (format) return format;
  const advice = CONVERT_FIRST.get(extension) ?? `jobmap reads ${SUPPORTED_EXTENSIONS.map((e) => `.${e}`).join(', ')}`;
  throw new JobmapError(`not a transcript format jobmap reads (${extension ? `.${extension}` : 'no extension'}); ${advice}`, file);
}

/** Safe, unique ids for the interviews of one file (`../P01` -> `P01`; two rows `P01` -> `P01`, `P01-2`). */
function uniqueKeys(keys: (string | undefined)[]): (string | undefined)[] {
  const seen = new Set<string>();
  return keys.map((key) => (key === undefined ? undefined : claim(seen, transcriptId(key, true))));
}

function readableSize(bytes: number): string {
  const [value, unit] = bytes >= 1024 ** 2 ? [bytes / 1024 ** 2, 'MB'] : bytes >= 1024 ? [bytes / 1024, 'KB'] : [bytes, 'bytes'];
  return `${value.toFixed(1).replace(/\.0$/, '')} ${unit}`;
}

/** A text transcript read from a string, as if from `source.file` (for tests and tools). */
export function parseTranscript(text: string, source: Pick<TranscriptSource, 'id' | 'file'>): Transcript {
  const format = TEXT_FORMATS.find((f) => f.extensions.includes(extensionOf(source.file))) ?? TEXT_FORMATS[0]!;
  return toTranscript(format.parse(text, source.file), source);
}

function toTranscript(parsed: ParsedSource, source: Pick<TranscriptSource, 'id' | 'file'>): Transcript {
  const speakers = decideRoles(parsed.turns, parsed.metadata);
  const roleOf = new Map(speakers.map((s) => [s.name, s.role]));
  if (!speakers.some((s) => s.role === 'participant')) {
    throw new JobmapError('every speaker looks like an interviewer; name the interviewers in front matter', source.file, 1);
  }
  return {
    id: source.id,
    file: source.file,
    metadata: parsed.metadata,
    speakers,
    turns: parsed.turns.map((turn, index) => ({ ...turn, index, role: roleOf.get(turn.speaker)! })),
  };
}
