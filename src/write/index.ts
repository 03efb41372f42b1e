import { createHash } from 'node:crypto';
import path from 'node:path';
import pLimit from 'p-limit';
import { JobmapError } from '../errors.js';
import { CUE_CATEGORIES } from '../categories.js';
import type { ClassifiedFinding, TranscriptFindings } from '../types.js';
import type { JobMap, JobReview, SegmentComparison } from '../jobMapTypes.js';
import { emitYaml } from './yaml.js';
import { resultFindingsDigest } from '../core/findingsDigest.js';
import { tellStory } from '../group/story.js';
import { GENERATED_HEADER, heldStamp, isOurs, leftAsRecorded, probeWritable, staleFiles, type Content, type FileRecord } from './files.js';
import { pauseAt } from './pause.js';
import { commitStaging, discardStaging, openStaging, stageFile } from './stage.js';
import type { ReviewReport } from '../review/index.js';
import { summarise } from './summary.js';
import { isOurRunState, renderRunState, RUN_STATE_FILE, type LastRun, type RunState } from './runState.js';
import type { JobmapMessage } from '../core/message.js';
import { REPORT_HEADER, reportHtml, type ReportModel } from './report/index.js';

export interface WriteInput {
  outDir: string;
  results: TranscriptFindings[];
  jobMap: JobMap;
  /** the run's messages so far: summary.yaml lists the files skipped and ignored */
  messages: JobmapMessage[];
  ruleIds: string[];
  /** decisions from the review file: per finding, and what was applied */
  findingDecisions?: Map<string, { kind: string; note?: string }>;
  review?: ReviewReport;
  /** each stage's description and how to draw the stages (columns, or the switch timeline), from the stage model */
  stageModel?: ReportModel;
  /** transcript ids whose output paths the run checked before it started (see assertOutputsAreOurs) */
  checkedIds?: Set<string>;
  /** what the next run compares itself with (runState.ts); the transcript files' records are added to it as they are written */
  runState?: RunState;
  /** what the last run recorded of each file, and when its state was made current (runState.ts): a file whose key is the same and that is as that run left it is neither rendered nor read */
  lastRun?: LastRun;
  /**
   * the key of everything the map and the files are made from (run/mapMemo.ts), when the run knows it:
   * the same as the last run's, every file that run left as it was is kept, its key not even made
   */
  mapKey?: string;
  /** the version of the code that renders the files (run/codeVersion.ts): part of each file's key, so a new jobmap renders every file again */
  writerVersion?: string;
}

/** The output's files; those whose content changed were replaced, the others left as they were. */
export interface Written {
  files: string[];
  rewritten: string[];
  /** files of the last run this one does not write (a transcript left the folder) */
  removed: string[];
}

function outputPaths(outDir: string, transcriptIds: string[]) {
  return {
    transcripts: transcriptIds.map((id) => path.join(outDir, 'transcripts', `${id}.yaml`)),
    jobs: path.join(outDir, 'jobs.yaml'),
    summary: path.join(outDir, 'summary.yaml'),
    report: path.join(outDir, 'report.html'),
  };
}

/** Checked before any work, so a user waits for nothing: every file the run would replace must be one jobmap wrote. */
export async function assertOutputsAreOurs(outDir: string, transcriptIds: string[]): Promise<void> {
  const paths = outputPaths(outDir, transcriptIds);
  for (const file of [paths.jobs, paths.summary, ...paths.transcripts]) {
    // ids are made safe at ingest; this holds even if a new id form forgets to
    if (path.relative(outDir, file).startsWith('..') || path.isAbsolute(path.relative(outDir, file))) {
      throw new JobmapError('would be written outside the output folder; not writing it', file);
    }
    if (!(await isOurs(file))) throw notOurs(file);
  }
  if (!(await isOurs(paths.report, REPORT_HEADER))) throw notOurs(paths.report);
  if (!(await isOurRunState(outDir))) throw notOurs(path.join(outDir, RUN_STATE_FILE));
}

function notOurs(file: string): JobmapError {
  return new JobmapError('exists and was not written by jobmap; not overwriting it (choose another --out folder)', file);
}

/**
 * Writes transcripts/<id>.yaml, jobs.yaml, summary.yaml and report.html, and
 * the run's state; a file whose content is what the folder already holds is
 * left alone, so a re-run after a small edit touches few files and a team's
 * file watcher or sync sees only what changed. Every path is checked before the first write: a
 * CSV's rows add transcript ids that were not known when the run started.
 * The files are staged first and made current together (stage.ts), so a run
 * that fails here leaves the previous output whole.
 */
export async function writeOutputs(input: WriteInput): Promise<Written> {
  const ids = input.results.map((r) => r.transcript.id);
  await assertOutputsAreOurs(
    input.outDir,
    ids.filter((id) => !input.checkedIds?.has(id)),
  );
  const paths = outputPaths(input.outDir, ids);
  const relative = (file: string) => path.relative(input.outDir, file);
  // Documents are made as each file is written, not all at once: a run over twenty thousand
  // interviews would otherwise hold a second copy of every finding.
  const decisions = input.findingDecisions ?? new Map();
  const jobOf = candidateJobOfFindings(input.jobMap);
  const transcripts = input.results.map((result, i) => ({
    file: paths.transcripts[i]!,
    key: () => transcriptKey(result, decisions, jobOf, input.writerVersion ?? ''),
    content: (): Content => [toYaml(transcriptDocument(result, decisions, jobOf))],
  }));
  // the files made from the whole map, keyed by the map's input: unknown, they are rendered and compared
  const mapFiles = new Map<string, () => Content>();
  mapFiles.set(paths.jobs, () => [toYaml(jobsDocument(input.jobMap))]);
  mapFiles.set(paths.summary, () => [toYaml({ ...summarise(input.results, input.jobMap, input.messages, input.ruleIds), ...reviewSummary(input.review) })]);
  mapFiles.set(paths.report, () => [reportHtml(input.jobMap, input.results, input.stageModel)]);
  const runStateFile = path.join(input.outDir, RUN_STATE_FILE);
  // the last run's map made from the same input: every transcript file it left as it was holds what this run would write, its key not even made (it reads the findings)
  const sameMap = input.mapKey !== undefined && input.lastRun?.map === input.mapKey;
  const kept = (file: string) => {
    const last = input.lastRun?.files[relative(file)];
    return last && leftAsRecorded(file, last, input.lastRun!.stateChanged) ? last : undefined;
  };
  const records: Record<string, FileRecord> = {};
  const rewritten: string[] = [];
  /** Stages the file unless it already holds the content; returns its size and time as they will be. */
  const writeIfChanged = async (file: string, pieces: Content) => {
    const held = await heldStamp(file, pieces);
    if (held) return held;
    rewritten.push(file);
    return stageFile(input.outDir, relative(file), pieces);
  };
  await openStaging(input.outDir);
  try {
    const write = pLimit(16);
    await Promise.all(
      transcripts.map(({ file, key, content }) =>
        write(async () => {
          const last = kept(file);
          if (last && sameMap) return void (records[relative(file)] = last);
          const made = { key: key() };
          if (last?.key === made.key) return void (records[relative(file)] = last);
          const stamp = await writeIfChanged(file, content());
          if (stamp) records[relative(file)] = { ...made, ...stamp };
        }),
      ),
    );
    await Promise.all(
      [...mapFiles].map(([file, content]) =>
        write(async () => {
          // keyed by the map's input, as a transcript's file is by its own
          const last = kept(file);
          if (last && last.key === input.mapKey) return void (records[relative(file)] = last);
          const stamp = await writeIfChanged(file, content());
          if (stamp && input.mapKey !== undefined) records[relative(file)] = { key: input.mapKey, ...stamp };
        }),
      ),
    );
    // the run state last, with every file's record; in path order, so it is the same every run
    // (in pieces: at twenty thousand interviews the run state is a hundred megabytes as one string)
    if (input.runState) {
      input.runState.files = Object.fromEntries(Object.entries(records).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
      await writeIfChanged(runStateFile, renderRunState(input.runState));
    }
    await pauseAt('staged');
    // a folder that cannot take the files fails here, before anything of the previous output is replaced
    await probeWritable([input.outDir, path.join(input.outDir, 'transcripts')]);
  } catch (error) {
    await discardStaging(input.outDir);
    throw error;
  }
  const order = [...transcripts.map((t) => t.file), ...mapFiles.keys(), ...(input.runState ? [runStateFile] : [])];
  const stale = await staleFiles(path.join(input.outDir, 'transcripts'), new Set(order));
  // in the order of the files, not of the writes finishing, so the commit record is the same every run
  const position = new Map(order.map((file, i) => [file, i]));
  rewritten.sort((a, b) => position.get(a)! - position.get(b)!);
  await commitStaging(input.outDir, { files: rewritten.map(relative), remove: stale.map(relative) });
  return { files: order, rewritten, removed: stale };
}

export function toYaml(document: unknown): string {
  return GENERATED_HEADER + emitYaml(document);
}

type Decisions = Map<string, { kind: string; note?: string }>;

/**
 * What a transcript's file is made from, hashed: the transcript's findings as
 * the run made them (every field, whatever the document shows of it), the
 * review's decision and the candidate job of each, and the rendering code.
 * JSON.stringify and a hash cost a fifth of rendering the YAML.
 */
function transcriptKey(result: TranscriptFindings, decisions: Decisions, jobOf: Map<string, string>, writerVersion: string): string {
  // the turns an export keeps are not written here: a run after an export leaves the files as they are
  const { turns: _, findings, ...written } = result;
  // the findings' hash when the outcome memo made one (core/findingsDigest.ts): serialising them was most of this key's cost
  const findingsKey = resultFindingsDigest(result) ?? JSON.stringify(findings);
  const traced = findings.map((f) => [decisions.get(f.id) ?? null, jobOf.get(f.id) ?? null]);
  return createHash('sha1').update(writerVersion).update(JSON.stringify(written)).update(findingsKey).update(JSON.stringify(traced)).digest('base64url');
}

/** Each job finding's candidate job, from the map the run wrote: a mention traces to its job (merged ones to the job they joined). */
export function candidateJobOfFindings(jobMap: JobMap): Map<string, string> {
  const jobOf = new Map<string, string>();
  for (const stage of jobMap.stages) for (const job of stage.jobs) for (const id of job.findings) jobOf.set(id, job.id);
  return jobOf;
}

function transcriptDocument({ transcript, sentenceCount, findings }: TranscriptFindings, decisions: Decisions, jobOf: Map<string, string>) {
  return {
    id: transcript.id,
    file: transcript.file,
    metadata: transcript.metadata,
    speakers: transcript.speakers.map((s) => ({ name: s.name, role: s.role, because: s.reason })),
    sentences: sentenceCount,
    findings: findings.map((f) => findingDocument(f, decisions.get(f.id), jobOf.get(f.id))),
  };
}

function findingDocument(f: ClassifiedFinding, decision: { kind: string; note?: string } | undefined, candidateJob: string | undefined) {
  return {
    id: f.id,
    category: f.category,
    ...(f.subtype ? { subtype: f.subtype } : {}),
    ...(f.statement ? { statement: f.statement } : {}),
    ...(f.notAJob ? { not_a_job: f.notAJob } : {}),
    ...(candidateJob ? { candidate_job: candidateJob } : {}),
    ...(f.dimension ? { dimension: f.dimension } : {}),
    stage: f.stage,
    stage_because: f.stageBecause,
    // what the sentence says about time; `time` below is when it was said (the source's timestamp)
    ...(f.timing?.tense ? { tense: f.timing.tense } : {}),
    ...(f.timing?.when ? { when: f.timing.when, when_words: f.timing.words } : {}),
    ...(f.timing?.from ? { when_from: f.timing.from } : {}),
    confidence: f.confidence,
    // one space per whitespace character, so `span` indexes the quote exactly
    quote: f.sentence.replace(/\s/g, ' '),
    match: f.match.replace(/\s/g, ' '),
    span: f.span,
    rules: f.rules,
    at: `${f.evidence.file}:${f.evidence.line}:${f.evidence.column}`,
    ...(f.evidence.time ? { time: f.evidence.time } : {}),
    speaker: f.evidence.speaker,
    ...(f.segment !== undefined ? { segment: f.segment } : {}),
    ...(decision ? { review: `${decision.kind}ed`, ...(decision.note ? { review_note: decision.note } : {}) } : {}),
  };
}

function jobsDocument(jobMap: JobMap) {
  return {
    model: jobMap.model,
    ...(jobMap.segments ? { segments: segmentsDocument(jobMap.segments) } : {}),
    stages: jobMap.stages.map((stage) => ({
      stage: stage.id,
      jobs: stage.jobs.map((job) => ({
        id: job.id,
        ...(job.review ? reviewDocument(job.review) : {}),
        statement: job.statement,
        dimension: job.dimension,
        support: job.support,
        ...(job.segments && Object.keys(job.segments).length ? { by_segment: job.segments } : {}),
        ...alsoIn(job.stages, stage.id),
        ...(job.story ? { story: tellStory(job.statement, job.story) } : {}),
        ...(job.variants.length ? { variants: job.variants } : {}),
        quotes: job.quotes,
        ...Object.fromEntries(CUE_CATEGORIES.filter(({ id }) => job.cues[id]?.length).map(({ id, cueKey }) => [cueKey, job.cues[id]])),
      })),
    })),
    ...(jobMap.removed ? { removed_by_review: jobMap.removed } : {}),
  };
}

function segmentsDocument(segments: SegmentComparison) {
  return {
    by: segments.by,
    participants: segments.participants,
    ...(Object.keys(segments.distinctive).length ? { distinctive: segments.distinctive } : {}),
  };
}

function reviewDocument(review: JobReview) {
  return {
    review: review.status,
    ...(review.generatedStatement ? { generated_statement: review.generatedStatement } : {}),
    ...(review.merged ? { merged: review.merged } : {}),
    ...(review.note ? { review_note: review.note } : {}),
  };
}

function reviewSummary(report: ReviewReport | undefined) {
  if (!report || report.decisions === 0) return {};
  const { file, decisions, applied, jobs, findings, unmatched, followed } = report;
  return { review: { file, decisions, applied, jobs, findings, ...(followed.length ? { followed } : {}), ...(unmatched.length ? { unmatched } : {}) } };
}

/** The job's mentions placed on other stages than the one it is listed under (a job is listed once, under the stage most of it is on). */
function alsoIn(stages: Record<string, number>, listedUnder: string): { also_in?: Record<string, number> } {
  const elsewhere = Object.entries(stages).filter(([stage]) => stage !== listedUnder);
  return elsewhere.length > 0 ? { also_in: Object.fromEntries(elsewhere) } : {};
}
