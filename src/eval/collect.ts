import { existsSync } from 'node:fs';
import path from 'node:path';
import { describeMessage, type JobmapMessage } from '../core/message.js';
import { describeError } from '../errors.js';
import { notScored } from './notScored.js';
import { transcriptId, type TranscriptSource } from '../ingest/index.js';
import type { SourceOutcome, TranscriptAnalysis } from '../run/analyse.js';
import type { Jobmap } from '../run/engine.js';
import type { ClassifiedFinding, Sentence, TranscriptFindings } from '../types.js';
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
  /** what reading each transcript file came to (for the parse cache to keep) */
  outcomes: SourceOutcome[];
}

/**
 * Reads and analyses the transcript each gold file names, with the engine's
 * rules (over its worker pool and parse cache). A file holding many interviews
 * (a CSV) is read once however many gold files point into it.
 */
export async function collectLabelled(golds: GoldFile[], jobmap: Jobmap, transcriptsDir?: string): Promise<Collected> {
  const wanted = golds.map((gold) => {
    const [name, row] = splitRow(gold.transcript);
    return { gold, name, row, file: locateTranscript(name, gold.file, transcriptsDir) };
  });
  const outcomes = await readFiles([...new Set(wanted.flatMap(({ file }) => (file ? [file] : [])))], jobmap);
  const labelled: LabelledTranscript[] = [];
  const problems: JobmapMessage[] = [];
  for (const { gold, name, row, file } of wanted) {
    if (!file) {
      problems.push(notScored(`transcript ${name} not found`, gold.file));
      continue;
    }
    const { results: transcripts, skipped, unread } = outcomes.get(file)!;
    if (unread) {
      problems.push(notScored(describeMessage(skipped[0]!), gold.file));
      continue;
    }
    // a row that could not be read is still an interview of the file: naming none is ambiguous all the same
    const interviews = transcripts.length + skipped.length;
    if (row === undefined && interviews > 1) {
      problems.push(notScored(`${name} holds ${interviews} interviews; name one as ${name}#<id> (${interviewIds(transcripts, file)})`, gold.file));
      continue;
    }
    const transcript = row === undefined ? transcripts[0] : transcripts.find((t) => t.transcript.id === `${sourceId(file)}--${transcriptId(row, true)}`);
    if (!transcript) {
      // one interview that could not be analysed, or the row named
      const why = skipped.map(describeMessage).find((skip) => row === undefined || skip.includes(`"${row}"`));
      const said = row === undefined ? why : why && `interview "${row}" of ${name} was skipped: ${why}`;
      problems.push(notScored(said ?? `no interview "${row}" in ${name}`, gold.file));
      continue;
    }
    try {
      labelled.push(label(gold, transcript, jobmap.rules.minConfidence, jobmap.rules.stages.model));
    } catch (error) {
      problems.push(notScored(describeError(error), gold.file));
    }
  }
  for (const item of labelled) {
    item.gold.sentences.forEach((g, i) => {
      if (!item.aligned[i]) problems.push(notScored(`label text not found in ${item.gold.transcript}: "${g.text.slice(0, 60)}"`, item.gold.file, g.line));
    });
  }
  return { labelled, problems, outcomes: [...outcomes.values()] };
}

/** Each file's transcripts with every finding (also those under the threshold, so a weak rule's precision can be read) and their parse. */
async function readFiles(files: string[], jobmap: Jobmap): Promise<Map<string, SourceOutcome>> {
  const sources: TranscriptSource[] = files.map((file) => ({ id: sourceId(file), file: path.relative(process.cwd(), file), absolutePath: file }));
  const outcomes = new Map<string, SourceOutcome>();
  for await (const outcome of jobmap.analyse(sources, { findings: { minConfidence: 0 }, parse: true })) outcomes.set(files[outcomes.size]!, outcome);
  return outcomes;
}

function label(gold: GoldFile, analysis: TranscriptAnalysis, minConfidence: number, model: string): LabelledTranscript {
  const { sentences } = analysis.parse!;
  const everyFinding = analysis.findings;
  const findings = everyFinding.filter((f) => f.confidence >= minConfidence);
  const aligned = alignLabels(
    sentences,
    gold.sentences.map((g) => g.text),
  );
  const labelsOf = new Map<number, Set<GoldLabel>>();
  const forceOf = new Map<number, GoldForce>();
  aligned.forEach((indexes, i) => {
    const { labels, force } = gold.sentences[i]!;
    for (const s of indexes ?? []) {
      for (const l of labels) labelsOf.set(s, (labelsOf.get(s) ?? new Set()).add(l));
      if (force) forceOf.set(s, force);
    }
  });
  return {
    gold,
    sentences,
    findings,
    everyFinding,
    aligned,
    labelsOf,
    forceOf,
    model,
    result: { transcript: analysis.transcript, sentenceCount: analysis.sentenceCount, findings },
  };
}

/** The row ids a gold file can name after `#`, the first few. */
function interviewIds(transcripts: TranscriptFindings[], file: string): string {
  const prefix = `${sourceId(file)}--`;
  const ids = transcripts.slice(0, 3).map((t) => t.transcript.id.slice(prefix.length));
  return `${ids.join(', ')}${transcripts.length > 3 ? ', ...' : ''}`;
}

/** `sheet.csv#P07` names one interview of a CSV; a plain name a file of one interview. */
function splitRow(name: string): [string, string | undefined] {
  const at = name.lastIndexOf('#');
  return at > 0 ? [name.slice(0, at), name.slice(at + 1)] : [name, undefined];
}

function sourceId(file: string): string {
  return transcriptId(path.basename(file));
}

function locateTranscript(name: string, goldFile: string, transcriptsDir?: string): string | undefined {
  const candidates = transcriptsDir ? [path.join(transcriptsDir, name)] : [path.join(path.dirname(goldFile), name), path.join(path.dirname(goldFile), '..', name)];
  return candidates.find((candidate) => existsSync(candidate));
}

/** Where a sentence is, as `file:line`. */
export function at(sentence: Sentence): string {
  return `${sentence.location.file}:${sentence.location.line}`;
}
