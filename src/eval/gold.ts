import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import { isMap, type Node } from 'yaml';
import { JobmapError, JobmapErrors } from '../errors.js';
import type { JobmapMessage } from '../core/message.js';
import { YamlReader } from '../core/yaml.js';
import { CATEGORY_INFO, type Category } from '../categories.js';

/** The categories a gold set labels, from the category registry (desired outcomes are not labelled; forces have `force:`). */
export type GoldLabel = Category;
export const GOLD_LABELS: readonly GoldLabel[] = CATEGORY_INFO.filter((info) => info.labelled).map((info) => info.id);

/** The forces of a switch a sentence may be labelled with (`force:`; the optional category `force`). */
export const GOLD_FORCES = ['push', 'pull', 'anxiety', 'habit'] as const;
export type GoldForce = (typeof GOLD_FORCES)[number];

export interface GoldSentence {
  text: string;
  labels: GoldLabel[];
  stage?: string;
  /** the force of the switch the sentence voices, in switch interviews */
  force?: GoldForce;
  /** job sentences: the researcher's name for the job it states, shared by sentences that state the same job */
  job?: string;
  /** where the label is written, for messages */
  line: number;
}

export interface GoldFile {
  /** the gold file itself */
  file: string;
  /** the transcript it labels, as written in the file: a file name, or `sheet.csv#row-id` for one interview of a CSV */
  transcript: string;
  /** the stage model its stages are in (`stages: switch`); unset: the model the run uses */
  stages?: string;
  sentences: GoldSentence[];
}

/**
 * Reads gold files: each path is a folder (its `*.yaml` files) or one file, so
 * several labelled sets, or one half of a set, can be scored together.
 * Problems are reported as file:line:col, all at once.
 */
export async function readGold(paths: string[]): Promise<GoldFile[]> {
  const files: string[] = [];
  for (const given of paths) {
    const info = await stat(given).catch(() => undefined);
    if (!info) throw new JobmapError(`gold labels not found: ${given}`);
    if (!info.isDirectory()) {
      files.push(given);
      continue;
    }
    const names = (await fg('*.{yaml,yml}', { cwd: given, onlyFiles: true })).sort();
    if (names.length === 0) throw new JobmapError(`no gold files (*.yaml) found in ${given}`);
    files.push(...names.map((name) => path.join(given, name)));
  }
  const problems: JobmapMessage[] = [];
  const golds: GoldFile[] = [];
  for (const file of [...new Set(files)]) {
    const reader = new YamlReader(file, await readFile(file, 'utf8'), 'eval');
    const gold = readGoldFile(reader);
    problems.push(...reader.problems);
    if (gold) golds.push(gold);
  }
  if (problems.length > 0) throw new JobmapErrors(problems);
  return golds;
}

function readGoldFile(reader: YamlReader): GoldFile | undefined {
  if (!reader.root) return undefined;
  const entries = reader.map(reader.root, 'a gold file', ['transcript', 'stages', 'participant_sentences', 'sentences']);
  if (!entries) return undefined;
  if (!entries.has('transcript')) reader.fail(reader.root, 'a gold file needs `transcript:`, the file name of the transcript it labels');
  const transcript = entries.has('transcript') ? reader.string(entries.get('transcript'), '`transcript`') : undefined;
  const stages = entries.has('stages') ? reader.string(entries.get('stages'), '`stages` (the stage model the labels use: journey, switch, ...)') : undefined;
  const sentences = reader.list(entries.get('sentences'), '`sentences`').flatMap((node) => readSentence(reader, node));
  return transcript === undefined ? undefined : { file: reader.file, transcript, ...(stages ? { stages } : {}), sentences };
}

function readSentence(reader: YamlReader, node: Node): GoldSentence[] {
  if (!isMap(node)) {
    reader.fail(node, 'each sentence should have `text:`, `labels:` and `stage:`');
    return [];
  }
  const entries = reader.map(node, 'a labelled sentence', ['text', 'labels', 'stage', 'job', 'force']);
  const text = entries?.has('text') ? reader.string(entries.get('text'), '`text`') : undefined;
  if (!entries || text === undefined) {
    if (entries) reader.fail(node, 'a labelled sentence needs `text:`');
    return [];
  }
  const labels = entries.has('labels')
    ? reader.strings(entries.get('labels'), '`labels`').flatMap(({ value, node: item }) => {
        if ((GOLD_LABELS as readonly string[]).includes(value)) return [value as GoldLabel];
        reader.fail(item, `unknown label "${value}"; expected one of: ${GOLD_LABELS.join(', ')}`);
        return [];
      })
    : [];
  const stage = entries.has('stage') ? reader.string(entries.get('stage'), '`stage`') : undefined;
  const job = entries.has('job') ? reader.string(entries.get('job'), '`job`') : undefined;
  const force = entries.has('force') ? reader.oneOf(entries.get('force'), '`force`', GOLD_FORCES) : undefined;
  return [{ text, labels, ...(stage ? { stage } : {}), ...(force ? { force } : {}), ...(job ? { job } : {}), line: reader.lineOf(node) }];
}
