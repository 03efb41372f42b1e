import { stat } from 'node:fs/promises';
import pLimit from 'p-limit';
import { describeError, JobmapError, JobmapErrors } from './errors.js';
import { createClassifier } from './classify/index.js';
import { extractFindings } from './extract/index.js';
import { indexRules } from './rules/index.js';
import { groupJobs } from './group/index.js';
import { findTranscripts, readTranscripts, type TranscriptSource } from './ingest/index.js';
import { loadRules } from './rules/load.js';
import type { RuleSet } from './rules/types.js';
import { segmentTranscript } from './segment/index.js';
import type { ClassifiedFinding, JobMap, SegmentedTranscript, Transcript, TranscriptFindings } from './types.js';
import { assertOutputsAreOurs, writeOutputs } from './write/index.js';
import type { Skipped } from './write/summary.js';

export interface RunOptions {
  input: string;
  outDir: string;
  rulesDir?: string;
  onProgress?: (done: number, total: number) => void;
}

export interface RunReport {
  results: TranscriptFindings[];
  jobMap: JobMap;
  skipped: Skipped[];
  written: string[];
}

/** ingest -> segment -> extract -> classify -> group -> write. Bad transcripts are skipped and reported; the rest run. */
export async function run(options: RunOptions): Promise<RunReport> {
  const rules = loadRules(options.rulesDir);
  await requireFolder(options.input);
  const sources = await findTranscripts(options.input);
  if (sources.length === 0) throw new JobmapError(`no transcripts (.txt, .md) found in ${options.input}`);
  await assertOutputsAreOurs(options.outDir, sources.map((source) => source.id));

  const analyse = transcriptAnalyser(rules);
  const skipped: Skipped[] = [];
  const results: TranscriptFindings[] = [];
  const read = pLimit(8);
  let done = 0;
  const loaded = sources.map((source) => read(() => readOrReport(source)));
  for (const pending of loaded) {
    const transcripts = await pending;
    if ('error' in transcripts) skipped.push(transcripts);
    else for (const transcript of transcripts) {
      const result = analyseOrReport(analyse, transcript);
      if ('error' in result) skipped.push(result);
      else results.push(result);
    }
    options.onProgress?.(++done, sources.length);
  }

  // With nothing read there is nothing to say; keep the last good output rather than replace it with an empty map.
  if (results.length === 0) {
    throw new JobmapErrors(skipped.map((skip) => new JobmapError(`${skip.error} (no transcript could be read; nothing written)`)));
  }
  const jobMap = groupJobs(results, rules.stages);
  const written = await writeOutputs({
    outDir: options.outDir,
    results,
    jobMap,
    skipped,
    ruleIds: rules.rules.map((rule) => rule.id),
  });
  return { results, jobMap, skipped, written };
}

/** The per-transcript stages, with the rule index built once. */
export function transcriptAnalyser(rules: RuleSet): (transcript: Transcript) => TranscriptFindings {
  const findingsOf = findingsAnalyser(rules);
  return (transcript) => {
    const segmented = segmentTranscript(transcript);
    return { transcript, sentenceCount: segmented.sentences.length, findings: findingsOf(segmented) };
  };
}

/** extract -> classify on an already segmented transcript. */
export function findingsAnalyser(rules: RuleSet): (segmented: SegmentedTranscript) => ClassifiedFinding[] {
  const index = indexRules(rules.rules);
  const classify = createClassifier(rules);
  return (segmented) => classify(segmented, extractFindings(segmented, index));
}

/** An unexpected failure on one transcript is reported with its file and does not stop the batch. */
function analyseOrReport(analyse: (t: Transcript) => TranscriptFindings, transcript: Transcript): TranscriptFindings | Skipped {
  try {
    return analyse(transcript);
  } catch (error) {
    return { file: transcript.file, error: `${transcript.file}: could not analyse: ${describeError(error)}` };
  }
}

async function readOrReport(source: TranscriptSource): Promise<Transcript[] | Skipped> {
  try {
    return await readTranscripts(source);
  } catch (error) {
    const message = describeError(error);
    return { file: source.file, error: message.startsWith(source.file) ? message : `${source.file}: ${message}` };
  }
}

async function requireFolder(dir: string): Promise<void> {
  const info = await stat(dir).catch(() => undefined);
  if (!info?.isDirectory()) throw new JobmapError(`input folder not found: ${dir}`);
}
