import path from 'node:path';
import pLimit from 'p-limit';
import { describeError, JobmapError, JobmapErrors } from './errors.js';
import { createClassifier } from './classify/index.js';
import { extractFindings } from './extract/index.js';
import { indexRules } from './rules/index.js';
import { groupJobs } from './group/index.js';
import { DEFAULT_INGEST_OPTIONS, findTranscripts, idClaimer, readTranscripts, SUPPORTED_EXTENSIONS, type IngestOptions, type ReadResult, type TranscriptSource } from './ingest/index.js';
import { groupReviewed, loadReview, REVIEW_FILE, type ReviewReport } from './review/index.js';
import { loadRules } from './rules/load.js';
import type { RuleSet } from './rules/types.js';
import { segmentTranscript } from './segment/index.js';
import type { ClassifiedFinding, Ignored, JobMap, SegmentedTranscript, Transcript, TranscriptFindings } from './types.js';
import { assertOutputsAreOurs, writeOutputs } from './write/index.js';
import type { Skipped } from './write/summary.js';

export interface RunOptions {
  input: string;
  outDir: string;
  rulesDir?: string;
  /** the reviewer's decisions (default: review.yaml in the output folder); read, never written */
  reviewFile?: string;
  /** how files are read (size limit, CSV columns); defaults for what is not given */
  ingest?: Partial<IngestOptions>;
  onProgress?: (done: number, total: number) => void;
}

export interface RunReport {
  results: TranscriptFindings[];
  jobMap: JobMap;
  skipped: Skipped[];
  /** files in the folder that are no transcript (audio, images...): listed, not read */
  ignored: Ignored[];
  review: ReviewReport;
  written: string[];
}

/** ingest -> segment -> extract -> classify -> group -> write. Bad transcripts are skipped and reported; the rest run. */
export async function run(options: RunOptions): Promise<RunReport> {
  const rules = loadRules(options.rulesDir);
  const ingest: IngestOptions = { ...DEFAULT_INGEST_OPTIONS, ...options.ingest };
  const { sources, ignored } = await findTranscripts(options.input);
  if (sources.length === 0) {
    throw new JobmapError(`no transcripts (${SUPPORTED_EXTENSIONS.map((e) => `.${e}`).join(', ')}) found in ${options.input}`);
  }
  // CSV rows add transcript ids only known once read; writeOutputs checks those again before writing anything.
  await assertOutputsAreOurs(options.outDir, sources.map((source) => source.id));
  const review = await loadReview(options.reviewFile ?? path.join(options.outDir, REVIEW_FILE));

  const analyse = transcriptAnalyser(rules);
  const skipped: Skipped[] = [];
  const results: TranscriptFindings[] = [];
  const read = pLimit(8);
  const claimId = idClaimer();
  let done = 0;
  const loaded = sources.map((source) => read(() => readOrReport(source, ingest)));
  for (const pending of loaded) {
    const file = await pending;
    skipped.push(...('error' in file ? [file] : file.skipped));
    for (const transcript of 'error' in file ? [] : file.transcripts) {
      const result = analyseOrReport(analyse, claimId(transcript));
      if ('error' in result) skipped.push(result);
      else results.push(result);
    }
    options.onProgress?.(++done, sources.length);
  }

  // With nothing read there is nothing to say; keep the last good output rather than replace it with an empty map.
  if (results.length === 0) {
    throw new JobmapErrors(skipped.map((skip) => new JobmapError(`${skip.error} (no transcript could be read; nothing written)`)));
  }
  const { jobMap, findingDecisions, report } = groupReviewed(results, review, (kept) => groupJobs(kept, rules.stages));
  const written = await writeOutputs({
    outDir: options.outDir,
    results,
    jobMap,
    skipped,
    ignored,
    ruleIds: rules.rules.map((rule) => rule.id),
    findingDecisions,
    review: report,
  });
  return { results, jobMap, skipped, ignored, review: report, written };
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

async function readOrReport(source: TranscriptSource, options: IngestOptions): Promise<ReadResult | Skipped> {
  try {
    return await readTranscripts(source, options);
  } catch (error) {
    const message = describeError(error);
    return { file: source.file, error: message.startsWith(source.file) ? message : `${source.file}: ${message}` };
  }
}
