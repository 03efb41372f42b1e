import { existsSync } from 'node:fs';
import path from 'node:path';
import { describeMessage, type JobmapMessage } from '../core/message.js';
import { describeError } from '../errors.js';
import { notScored } from './notScored.js';
import { DEFAULT_INGEST_OPTIONS, readTranscripts, transcriptId, type IngestOptions, type ReadResult } from '../ingest/index.js';
import { findingsAnalyser } from '../run/analyse.js';
import type { RuleSet } from '../rules/types.js';
import { segmentTranscript } from '../segment/index.js';
import type { ClassifiedFinding, Sentence, Transcript, TranscriptFindings } from '../types.js';
import { alignLabels } from '../segment/align.js';
import type { GoldFile, GoldForce, GoldLabel } from './gold.js';

/** One labelled transcript with what the rules made of it, and which of our sentences each label covers. */
export interface LabelledTranscript {
  gold: GoldFile;
  sentences: Sentence[];
  /** what a run keeps: findings at or above the config's `min_confidence` */
  findings: ClassifiedFinding[];
  /** every finding, also those under `min_confidence`, so a weak rule's precision can still be read */
  everyFinding: ClassifiedFinding[];
  /** for each gold sentence, the indexes of our sentences it overlaps (undefined: its text is not in the transcript) */
  aligned: (number[] | undefined)[];
  /** our sentence index -> the gold labels on it */
  labelsOf: Map<number, Set<GoldLabel>>;
  /** our sentence index -> the force of the switch it is labelled with */
  forceOf: Map<number, GoldForce>;
  /** the stage model its findings were placed with (the gold file's `stages:`, or the run's) */
  model: string;
  /** the transcript's findings as a run would group them */
  result: TranscriptFindings;
}

export interface Collected {
  labelled: LabelledTranscript[];
  problems: JobmapMessage[];
}

/**
 * Reads and analyses the transcript each gold file names, with the rules a run
 * uses. A file holding many interviews (a CSV) is read once however many gold
 * files point into it.
 */
export async function collectLabelled(golds: GoldFile[], rules: RuleSet, transcriptsDir?: string, ingest: IngestOptions = DEFAULT_INGEST_OPTIONS): Promise<Collected> {
  const analyse = findingsAnalyser({ ...rules, minConfidence: 0 });
  const files = new Map<string, Promise<ReadResult>>();
  const labelled: LabelledTranscript[] = [];
  const problems: JobmapMessage[] = [];
  for (const gold of golds) {
    const [name, row] = splitRow(gold.transcript);
    const file = locateTranscript(name, gold.file, transcriptsDir);
    if (!file) {
      problems.push(notScored(`transcript ${name} not found`, gold.file));
      continue;
    }
    try {
      if (!files.has(file)) files.set(file, readAll(file, ingest));
      const { transcripts, skipped } = await files.get(file)!;
      // a row that could not be read is still an interview of the file: naming none is ambiguous all the same
      const interviews = transcripts.length + skipped.length;
      if (row === undefined && interviews > 1) {
        problems.push(notScored(`${name} holds ${interviews} interviews; name one as ${name}#<id> (${interviewIds(transcripts, file)})`, gold.file));
        continue;
      }
      const transcript = row === undefined ? transcripts[0] : transcripts.find((t) => t.id === `${sourceId(file)}--${transcriptId(row, true)}`);
      if (!transcript) {
        const why = skipped.map(describeMessage).find((skip) => row !== undefined && skip.includes(`"${row}"`));
        problems.push(notScored(why ? `interview "${row}" of ${name} was skipped: ${why}` : `no interview "${row}" in ${name}`, gold.file));
        continue;
      }
      labelled.push(label(gold, transcript, analyse, rules.minConfidence, rules.stages.model));
    } catch (error) {
      problems.push(notScored(describeError(error), gold.file));
    }
  }
  for (const item of labelled) {
    item.gold.sentences.forEach((g, i) => {
      if (!item.aligned[i]) problems.push(notScored(`label text not found in ${item.gold.transcript}: "${g.text.slice(0, 60)}"`, item.gold.file, g.line));
    });
  }
  return { labelled, problems };
}

function label(gold: GoldFile, transcript: Transcript, analyse: ReturnType<typeof findingsAnalyser>, minConfidence: number, model: string): LabelledTranscript {
  const segmented = segmentTranscript(transcript);
  const everyFinding = analyse(segmented);
  const findings = everyFinding.filter((f) => f.confidence >= minConfidence);
  const aligned = alignLabels(segmented.sentences, gold.sentences.map((g) => g.text));
  const labelsOf = new Map<number, Set<GoldLabel>>();
  const forceOf = new Map<number, GoldForce>();
  aligned.forEach((indexes, i) => {
    const { labels, force } = gold.sentences[i]!;
    for (const s of indexes ?? []) {
      for (const l of labels) labelsOf.set(s, (labelsOf.get(s) ?? new Set()).add(l));
      if (force) forceOf.set(s, force);
    }
  });
  const { turns, ...info } = transcript;
  return {
    gold,
    sentences: segmented.sentences,
    findings,
    everyFinding,
    aligned,
    labelsOf,
    forceOf,
    model,
    result: { transcript: info, sentenceCount: segmented.sentences.length, findings },
  };
}

/** The row ids a gold file can name after `#`, the first few. */
function interviewIds(transcripts: Transcript[], file: string): string {
  const prefix = `${sourceId(file)}--`;
  const ids = transcripts.slice(0, 3).map((t) => t.id.slice(prefix.length));
  return `${ids.join(', ')}${transcripts.length > 3 ? ', ...' : ''}`;
}

/** `sheet.csv#P07` names one interview of a CSV; a plain name a file of one interview. */
function splitRow(name: string): [string, string | undefined] {
  const at = name.lastIndexOf('#');
  return at > 0 ? [name.slice(0, at), name.slice(at + 1)] : [name, undefined];
}

async function readAll(file: string, ingest: IngestOptions): Promise<ReadResult> {
  return readTranscripts({ id: sourceId(file), file: path.relative(process.cwd(), file), absolutePath: file }, ingest);
}

function sourceId(file: string): string {
  return transcriptId(path.basename(file));
}

function locateTranscript(name: string, goldFile: string, transcriptsDir?: string): string | undefined {
  const candidates = transcriptsDir
    ? [path.join(transcriptsDir, name)]
    : [path.join(path.dirname(goldFile), name), path.join(path.dirname(goldFile), '..', name)];
  return candidates.find((candidate) => existsSync(candidate));
}

/** Where a sentence is, as `file:line`. */
export function at(sentence: Sentence): string {
  return `${sentence.location.file}:${sentence.location.line}`;
}
