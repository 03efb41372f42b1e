import { readFile } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { JobmapError } from '../errors.js';
import type { Transcript } from '../types.js';
import { decodeText } from './decode.js';
import { decideRoles } from './roles.js';
import { parseTextTranscript, type ParsedSource } from './text.js';

/** One entry per input format; later formats (VTT, SRT, DOCX, CSV, JSON) add entries here. */
const FORMATS: { extensions: string[]; parse: (text: string, file: string) => ParsedSource }[] = [
  { extensions: ['txt', 'md', 'markdown'], parse: parseTextTranscript },
];

export const SUPPORTED_EXTENSIONS = FORMATS.flatMap((format) => format.extensions);

/** A study folder often holds a README or a sources list beside the interviews; those are not transcripts. */
const NOT_TRANSCRIPTS = ['**/node_modules/**', '**/README.*', '**/SOURCES.*', '**/LICENSE.*', '**/CHANGELOG.*', '**/CONTRIBUTING.*'];

export interface TranscriptSource {
  id: string;
  /** path relative to the input folder, forward slashes */
  file: string;
  absolutePath: string;
}

/** Finds transcript files under a folder, recursively, in a stable order, each with a unique safe id. */
export async function findTranscripts(root: string): Promise<TranscriptSource[]> {
  const pattern = `**/*.{${SUPPORTED_EXTENSIONS.join(',')}}`;
  const files = await fg(pattern, { cwd: root, onlyFiles: true, caseSensitiveMatch: false, ignore: NOT_TRANSCRIPTS });
  files.sort();
  const ids = uniqueIds(files);
  return files.map((file, i) => ({ id: ids[i]!, file, absolutePath: path.join(root, file) }));
}

/** `interviews/P01 Dana.md` -> `interviews--P01-Dana`; only letters, digits, dot, dash and underscore. */
export function transcriptId(file: string, keepExtension = false): string {
  const withoutExt = keepExtension ? file : file.replace(/\.[^./]+$/, '');
  const id = withoutExt
    .split('/')
    .map((part) => part.replace(/[^\p{L}\p{N}._-]+/gu, '-').replace(/^[.-]+|-+$/g, ''))
    .filter(Boolean)
    .join('--');
  return id || 'transcript';
}

function uniqueIds(files: string[]): string[] {
  const plain = files.map((file) => transcriptId(file));
  const counts = new Map<string, number>();
  for (const id of plain) counts.set(id, (counts.get(id) ?? 0) + 1);
  const seen = new Set<string>();
  return files.map((file, i) => {
    let id = counts.get(plain[i]!)! > 1 ? transcriptId(file, true) : plain[i]!;
    for (let n = 2; seen.has(id); n++) id = `${plain[i]}-${n}`;
    seen.add(id);
    return id;
  });
}

/** One file may hold several interviews (a CSV export), so a source reads as a list. */
export async function readTranscripts(source: TranscriptSource): Promise<Transcript[]> {
  return transcriptsFromBytes(await readFile(source.absolutePath), source);
}

/** The transcripts in a file's bytes; a run reads the bytes itself to key its cache on them. */
export function transcriptsFromBytes(bytes: Uint8Array, source: Pick<TranscriptSource, 'id' | 'file'>): Transcript[] {
  return [parseTranscript(decodeText(bytes, source.file), source)];
}

export function parseTranscript(text: string, source: Pick<TranscriptSource, 'id' | 'file'>): Transcript {
  const extension = path.extname(source.file).slice(1).toLowerCase();
  const format = FORMATS.find((f) => f.extensions.includes(extension)) ?? FORMATS[0]!;
  const parsed = format.parse(text, source.file);
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
