import path from 'node:path';
import { JobmapError, JobmapErrors } from './errors.js';
import { groupJobs } from './group/index.js';
import { compareSegments } from './compare/segments.js';
import { checkSegmentAttribute, readParticipants, withParticipants } from './compare/participants.js';
import { DEFAULT_SEGMENT_BY } from './config.js';
import { uniqueTranscriptIds, type FoundSources } from './ingest/index.js';
import { groupReviewed, loadReview, REVIEW_FILE, type Review, type ReviewReport } from './review/index.js';
import { checkAdditionStages, type FindingDecision } from './review/file.js';
import type { RuleSet } from './rules/types.js';
import type { SourceOutcome } from './run/analyse.js';
import { createJobmap, type Jobmap, type JobmapOptions } from './run/engine.js';
import { CachedGroupingMemo } from './run/groupingMemo.js';
import { jobMapKey, openJobMapMemo } from './run/mapMemo.js';
import type { JobMap } from './jobMapTypes.js';
import type { TranscriptFindings } from './types.js';
import { assertOutputsAreOurs, writeOutputs, type Written } from './write/index.js';
import { lastRun, runState, type RunChanges } from './write/runState.js';
import { writerVersion } from './run/codeVersion.js';
import { ruleFingerprint, stageModelFingerprint } from './rules/fingerprint.js';
import { lockOutput } from './write/lock.js';
import { checkOutputFolder } from './write/outFolder.js';
import { pauseAt } from './write/pause.js';
import { recoverStaging, recoveryMessages } from './write/stage.js';
import type { JobmapMessage } from './core/message.js';
import { findingCount } from './run/keptFindings.js';

/** What to read and how (config, cache, threads, input options: as for every command), and where the map goes. */
export interface RunOptions extends JobmapOptions {
  input: string;
  outDir: string;
  /** the reviewer's decisions (default: review.yaml in the output folder); read, never written */
  reviewFile?: string;
  /** attributes per transcript (default: participants.yaml in the input folder, if there is one) */
  participantsFile?: string;
  /** keep each transcript's turns in the results, for an export that writes its text (jobmap export qdpx) */
  keepTurns?: boolean;
  /** write into an output folder that holds files jobmap did not write (it still replaces none of them) */
  force?: boolean;
  /** analyse and compare with the output folder's last run, but neither group nor write: the report's `changes` say what a run would change there, its job map is empty (jobmap rules try) */
  dryRun?: boolean;
  onProgress?: (progress: Progress) => void;
}

export interface Progress {
  files: number;
  totalFiles: number;
  findings: number;
  fromCache: number;
}

export interface RunReport {
  results: TranscriptFindings[];
  jobMap: JobMap;
  /**
   * What the run has to tell besides the map, in the order the CLI prints it:
   * what it found of an earlier run stopped midway, the files it skipped
   * (fatal: exit 1), review decisions and participants.yaml entries that
   * matched nothing, and the files it ignored (audio, images...).
   */
  messages: JobmapMessage[];
  review: ReviewReport;
  /** the review's decision on each finding that has one (accepted, rejected, added), for exports */
  findingDecisions: Map<string, FindingDecision>;
  /** the rules the run used: an export describes its codes with them */
  rules: RuleSet;
  /** the output's files, and which of them this run replaced (the others already held what it would write) */
  written: Written;
  /** what changed since the run that last wrote the output folder; undefined on the first run there */
  changes?: RunChanges;
  /** source files found, and how many of them had their parse in the cache */
  totalFiles: number;
  fromCache: number;
  /** the threads the analysis ran on: 1 when this thread did it all (a few files, or most answered by the last run's outcomes) */
  threads: number;
  /** seconds spent in each part of the run, for the benchmark and for anyone asking where the time goes */
  seconds: { analyse: number; group: number; write: number };
}

/**
 * ingest -> segment -> extract -> classify per file, in worker threads (the
 * engine's stream), then group -> write here. Bad transcripts are skipped and
 * reported; the rest run.
 */
export async function run(options: RunOptions): Promise<RunReport> {
  const jobmap = createJobmap(options);
  const found = await jobmap.sources(options.input);
  // the threads load their code while the rules are read (a mistake in a rule file is thrown here)
  await jobmap.startThreads(found.sources);
  void jobmap.rules;
  // a dry run reads the output folder's last run state and touches nothing
  if (options.dryRun) return runLocked(options, jobmap, found);
  await checkOutputFolder(options.outDir, options.input, options.force);
  // One run owns the output folder from here to the end: a second one is refused now, not after its analysis.
  const lock = await lockOutput(options.outDir);
  try {
    // what an earlier run, killed while writing, left in the output folder is dealt with first, and said first
    const recovered = recoveryMessages(await recoverStaging(options.outDir), options.outDir);
    await pauseAt('locked');
    const report = await runLocked(options, jobmap, found);
    return { ...report, messages: [...recovered, ...report.messages] };
  } finally {
    await lock.release();
  }
}

async function runLocked(options: RunOptions, jobmap: Jobmap, { sources, ignored }: FoundSources): Promise<RunReport> {
  const { config, rules } = jobmap;
  // CSV rows add transcript ids only known once read; writeOutputs checks those again before writing anything. A dry run writes nothing.
  if (!options.dryRun) {
    await assertOutputsAreOurs(
      options.outDir,
      sources.map((source) => source.id),
    );
  }
  const review = await loadReview(options.reviewFile ?? path.join(options.outDir, REVIEW_FILE));
  // the default review file is optional; one named on purpose that is not there is a typo
  if (options.reviewFile && !review.exists) throw new JobmapError('the review file (--review) does not exist', options.reviewFile);
  checkAdditionStages(
    review,
    rules.stages.stages.map((stage) => stage.id),
  );
  const participants = await readParticipants(options.input, options.participantsFile);

  const clock = stopwatch();
  const progress: Progress = { files: 0, totalFiles: sources.length, findings: 0, fromCache: 0 };
  const outcomes: SourceOutcome[] = [];
  // the review's added findings are made where the rules run; an export needs the turns' text
  for await (const outcome of jobmap.analyse(sources, { findings: { additions: review.additions, ...(options.dryRun && { comparedOnly: true }) }, turns: options.keepTurns })) {
    outcomes.push(outcome);
    progress.files++;
    progress.findings += outcome.results.reduce((sum, r) => sum + findingCount(r), 0);
    if (outcome.fromCache) progress.fromCache++;
    options.onProgress?.({ ...progress });
  }
  const analysed = clock();
  // Attributes join here, not in the workers, so editing participants.yaml leaves every cached parse valid.
  const joined = withParticipants(uniqueTranscriptIds(outcomes.flatMap((outcome) => outcome.results)), participants, config.segmentBy);
  const skipped = outcomes.flatMap((outcome) => outcome.skipped);

  // With nothing read there is nothing to say; keep the last good output rather than replace it with an empty map.
  if (joined.results.length === 0) {
    throw new JobmapErrors(skipped.map((skip) => ({ ...skip, reason: `${skip.reason} (no transcript could be read; nothing written)` })));
  }
  checkSegmentAttribute(joined.results, config.segmentBy, config.segmentBy === DEFAULT_SEGMENT_BY);
  // a dry run compares findings only (rules try): the review still decides which findings are kept, and grouping, the costliest step after analysis, is left out
  // the last clusters, kept in the cache: a re-run whose job findings are unchanged (another category's rule edited) does not cluster again
  const memo = options.cacheDir && !options.dryRun ? await CachedGroupingMemo.open(options.cacheDir) : undefined;
  // the last map, when this run's findings and everything else it is made from are the last run's (an edit that changed no finding): nothing is grouped
  const maps = options.cacheDir && !options.dryRun ? await openJobMapMemo(options.cacheDir) : undefined;
  const mapKey =
    maps && !hasDecisions(review)
      ? jobMapKey({ results: joined.results, rules, segmentBy: config.segmentBy, messages: [...skipped, ...ignored], writerVersion: writerVersion() })
      : undefined;
  const lastMap = mapKey === undefined ? undefined : maps?.recall(mapKey);
  const group = (kept: TranscriptFindings[]): JobMap | undefined => (options.dryRun ? undefined : (lastMap ?? groupJobs(kept, rules, memo)));
  const { jobMap: reviewed, findingDecisions, report, results, messages: reviewMessages } = groupReviewed(joined.results, review, group);
  const jobMap: JobMap = reviewed ?? { model: rules.stages.model, stages: [] };
  await memo?.save();
  if (!lastMap) {
    const segments = compareSegments(jobMap, results, config.segmentBy);
    if (segments) jobMap.segments = segments;
    if (mapKey !== undefined) maps?.remember(mapKey, jobMap);
  }
  await maps?.save();
  const grouped = clock();
  const state = runState(results, Object.fromEntries(rules.rules.map((rule) => [rule.id, ruleFingerprint(rule)])), stageModelFingerprint(rules.stages));
  if (mapKey !== undefined) state.map = mapKey;
  // told before writing, which replaces the last run's state, and so that state is not held while the output is made
  const { changes: changed, ...last } = await lastRun(options.outDir, state);
  const written = options.dryRun
    ? { files: [], rewritten: [], removed: [] }
    : await writeOutputs({
        outDir: options.outDir,
        results,
        jobMap,
        messages: [...skipped, ...ignored],
        ruleIds: rules.rules.map((rule) => rule.id),
        findingDecisions,
        review: report,
        stageModel: { descriptions: Object.fromEntries(rules.stages.stages.map((stage) => [stage.id, stage.description])), layout: rules.stages.layout },
        checkedIds: new Set(sources.map((source) => source.id)),
        runState: state,
        lastRun: last,
        writerVersion: writerVersion(),
        ...(mapKey !== undefined ? { mapKey } : {}),
      });
  const files = options.dryRun ? undefined : { rewritten: written.rewritten.length, unchanged: written.files.length - written.rewritten.length, removed: written.removed.length };
  const changes: RunChanges | undefined = changed && { ...changed, ...(files ? { files } : {}) };
  if (!options.dryRun) await jobmap.pruneCache(outcomes);
  const seconds = { analyse: analysed, group: grouped - analysed, write: clock() - grouped };
  const messages = [...skipped, ...reviewMessages, ...joined.unmatched, ...ignored];
  return {
    results,
    jobMap,
    messages,
    review: report,
    findingDecisions,
    rules,
    written,
    ...(changes ? { changes } : {}),
    totalFiles: sources.length,
    fromCache: progress.fromCache,
    threads: jobmap.threadsUsed ?? 1,
    seconds,
  };
}

/** A review file with decisions changes the findings and the map (the job map memo is kept for runs without). */
function hasDecisions(review: Review): boolean {
  return review.jobs.size + review.findings.size + review.additions.length > 0;
}

/** Seconds since it was made. */
function stopwatch(): () => number {
  const start = performance.now();
  return () => (performance.now() - start) / 1000;
}
