import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { isMap, isScalar, isSeq, type Node, type Pair } from 'yaml';
import { displayPath, JobmapError, JobmapErrors } from '../errors.js';
import { YamlReader } from '../core/yaml.js';
import { placeAt, warningMessage, type JobmapMessage } from '../core/message.js';
import { inputFolder } from '../ingest/index.js';
import type { ClassifiedFinding, Metadata, TranscriptFindings } from '../types.js';
import { rememberFindingsDigest, resultFindingsDigest } from '../core/findingsDigest.js';

/** Looked up in the input folder: what a study knows about each participant (segment, plan, tenure...). */
export const PARTICIPANTS_FILE = 'participants.yaml';

/**
 * `participants.yaml`: a mapping from a transcript to its attributes. A key
 * names a transcript by its id (`01-budgeting-app-switch`), its file
 * (`01-budgeting-app-switch.txt`, or a path within the folder), or the
 * `participant:` value of its front matter or CSV row (`P04`).
 */
export interface ParticipantTable {
  file: string;
  entries: { key: string; line: number; metadata: Metadata }[];
  /** the folder's table, read for a run on one file of it: its other entries name the folder's other transcripts, no typo */
  forOneFile?: boolean;
}

/** The input folder's participants.yaml (or the one named), or undefined when there is none. A malformed file stops the run, with file:line:col. */
export async function readParticipants(input: string, file?: string): Promise<ParticipantTable | undefined> {
  const info = await stat(input).catch(() => undefined);
  const wanted = file ?? path.join(inputFolder(input), PARTICIPANTS_FILE);
  let text: string;
  try {
    text = await readFile(wanted, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' && file === undefined) return undefined;
    throw new JobmapError(
      code === 'ENOENT' ? 'the participants file (--participants) does not exist' : `cannot read the participants file: ${code ?? (error as Error).message}`,
      displayPath(wanted),
    );
  }
  const table = parseParticipants(displayPath(wanted), text);
  return file === undefined && info?.isFile() ? { ...table, forOneFile: true } : table;
}

export function parseParticipants(file: string, text: string): ParticipantTable {
  const reader = new YamlReader(file, text, 'participants');
  const table: ParticipantTable = { file, entries: [] };
  if (reader.root !== null && !isMap(reader.root))
    reader.fail(reader.root, 'participants.yaml should map each transcript (id, file name or participant) to its attributes, like `P04: { segment: churned }`');
  else if (reader.root !== null) {
    for (const pair of reader.root.items as Pair<Node, Node | null>[]) {
      // as written: `00042` names transcript 00042, not the number 42
      const key = isScalar(pair.key) ? (pair.key.source ?? String(pair.key.value)) : '';
      if (!isMap(pair.value)) {
        reader.fail(pair.value ?? pair.key, `"${key}" should map attributes to values, like \`${key}: { segment: engaged, plan: team }\``);
        continue;
      }
      const metadata: Metadata = {};
      for (const attribute of pair.value.items as Pair<Node, Node | null>[]) {
        const name = isScalar(attribute.key) ? String(attribute.key.value) : '';
        const value = attribute.value;
        if (isScalar(value) && value.value !== null && typeof value.value !== 'object') metadata[name] = value.value as string | number | boolean;
        else if (isSeq(value) && value.items.every(isScalar)) metadata[name] = value.items.map((item) => String((item as { value: unknown }).value));
        else reader.fail(value ?? attribute.key, `"${key}.${name}" should be a single value or a list of values`);
      }
      table.entries.push({ key, line: reader.lineOf(pair.key), metadata });
    }
  }
  if (reader.problems.length > 0) throw new JobmapErrors(reader.problems);
  return table;
}

/**
 * Each transcript's metadata with the table's attributes laid over it (the
 * table is the study's own record, so it wins over front matter), and every
 * finding's `segment` set from the attribute named by `segmentBy`.
 */
export function withParticipants(
  results: TranscriptFindings[],
  table: ParticipantTable | undefined,
  segmentBy: string,
): { results: TranscriptFindings[]; unmatched: JobmapMessage[] } {
  const used = new Set<string>();
  const updated = results.map((result) => {
    const { transcript } = result;
    const names = new Set([transcript.id, transcript.file, path.basename(transcript.file), transcript.file.replace(/\.[^./]+$/, '')]);
    if (transcript.metadata.participant !== undefined) names.add(String(transcript.metadata.participant));
    const rows = (table?.entries ?? []).filter((entry) => names.has(entry.key));
    rows.forEach((row) => used.add(row.key));
    const metadata = Object.assign({}, transcript.metadata, ...rows.map((row) => row.metadata)) as Metadata;
    const segment = segmentOf(metadata, segmentBy);
    // nothing to join: the result as it is (its findings may be kept unread, run/keptFindings.ts)
    if (rows.length === 0 && segment === undefined) return result;
    return {
      ...result,
      transcript: rows.length ? { ...transcript, metadata } : transcript,
      findings: segment === undefined ? result.findings : withSegment(result, segment),
    };
  });
  // a key that names no transcript of the run is likely a typo: a warning, and the run goes on
  const unmatched = (table?.forOneFile ? [] : (table?.entries ?? []))
    .filter((entry) => !used.has(entry.key))
    .map((entry) =>
      warningMessage('participants', `"${entry.key}" names no transcript (an id, a file name or a participant: value)`, {
        ruleId: 'unmatched',
        place: placeAt(table!.file, entry.line),
      }),
    );
  return { results: updated, unmatched };
}

/** The segment a transcript belongs to: its `segmentBy` attribute as text (a list reads as its items joined), or none. */
export function segmentOf(metadata: Metadata, segmentBy: string): string | undefined {
  const value = metadata[segmentBy];
  if (value === undefined || value === '') return undefined;
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/**
 * A segment attribute that no transcript has is a typo (`--segment-by plann`):
 * said, with the attributes there are, rather than a map without segments.
 * The default, `segment`, may well be absent.
 */
export function checkSegmentAttribute(results: TranscriptFindings[], segmentBy: string, isDefault: boolean): void {
  if (isDefault || results.some(({ transcript }) => segmentOf(transcript.metadata, segmentBy) !== undefined)) return;
  const attributes = [...new Set(results.flatMap(({ transcript }) => Object.keys(transcript.metadata)))].sort();
  throw new JobmapError(
    `segment attribute "${segmentBy}" (--segment-by or segment_by in the config) is not set on any transcript; ${attributes.length ? `the attributes they have: ${attributes.join(', ')}` : 'they have no attributes (front matter, CSV columns or participants.yaml)'}`,
  );
}

/**
 * Each finding with the transcript's segment, known by a digest of the
 * findings it was made from and the segment (core/findingsDigest.ts): the
 * same findings in the same segment are the same, so a re-run after an edit
 * that changed neither still leaves their file, and the map, as they were.
 */
function withSegment(result: TranscriptFindings, segment: string): ClassifiedFinding[] {
  const digest = resultFindingsDigest(result);
  const findings = result.findings.map((finding) => ({ ...finding, segment }));
  if (digest !== undefined) rememberFindingsDigest(findings, `${digest}+segment:${JSON.stringify(segment)}`);
  return findings;
}
