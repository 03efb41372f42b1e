import type { JobmapMessage } from '../core/message.js';
import { describeError } from '../errors.js';
import { skippedMessage } from '../ingest/messages.js';
import { DEFAULT_INGEST_OPTIONS, transcriptsFromBytes, type IngestOptions, type TranscriptSource } from '../ingest/index.js';
import { segmentTranscript } from '../segment/index.js';
import { createClassifier } from '../classify/index.js';
import type { RuleCounts } from '../extract/counts.js';
import { extractFindings, indexRulesBySpeaker } from '../extract/index.js';
import type { RuleSet } from '../rules/types.js';
import type { Addition } from '../review/file.js';
import { withAddedFindings, withReviewStages } from '../review/additions.js';
import type { ClassifiedFinding, SegmentedTranscript, Transcript, TranscriptFindings } from '../types.js';
import { ParseCache } from './cache.js';
import { RuleCounter, type CountsEntry, type EarlierCounts } from './ruleCounts.js';

/**
 * What a command reads of each transcript. The workers compute only that and
 * send only that back: a run's findings are small, a parse with its tokens is not.
 */
export interface Needs {
  /** the findings, as a run makes them; with the review's added findings, or another threshold (eval scores the weak rules too) */
  findings?: boolean | { additions?: Addition[]; minConfidence?: number };
  /** each turn's speaker, role and text, for an export that writes the text */
  turns?: boolean;
  /** how often each rule fired and was blocked (stats) */
  ruleCounts?: boolean;
  /** the whole parse, turns and sentences with their tokens, for a command that reads the sentences again (explain, eval) */
  parse?: boolean;
}

/** One transcript of the stream: what a run keeps (findings empty unless asked for), and what else was asked for. */
export interface TranscriptAnalysis extends TranscriptFindings {
  ruleCounts?: RuleCounts;
  parse?: SegmentedTranscript;
}

/** What the per-transcript stages made of one source file (a CSV may hold several transcripts). */
export interface SourceOutcome {
  results: TranscriptAnalysis[];
  skipped: JobmapMessage[];
  /** the file itself could not be read (`skipped` says why), as opposed to some of its rows */
  unread?: true;
  /** the cache entry this source used, so the run can keep it */
  cacheKey?: string;
  fromCache: boolean;
}

export interface Analyser {
  /** `earlier`: what stats counted on this transcript before, whose rules need not run again */
  analyse: (segmented: SegmentedTranscript, earlier?: EarlierCounts) => TranscriptAnalysis;
  cache?: ParseCache;
  ingest: IngestOptions;
  /** when stats counts: the rules' fingerprints, and the counts kept in the cache */
  counter?: RuleCounter;
  /** something besides the counts is asked, which needs the parse */
  needsParse: boolean;
}

/**
 * ingest -> segment (or the cached parse) -> extract -> classify for one file.
 * A bad file or transcript becomes a skipped entry naming it; it never stops the batch.
 */
export async function analyseSource(source: TranscriptSource, bytes: Uint8Array | Error, analyser: Analyser): Promise<SourceOutcome> {
  if (bytes instanceof Error) return { results: [], skipped: [skippedMessage(source.file, bytes)], unread: true, fromCache: false };
  const { cache, counter } = analyser;
  const cacheKey = keyOf(source, bytes, analyser);
  const counted = await countsKept(cacheKey, analyser);
  if (counted && answers(counted, analyser)) return recalled(counted, analyser);
  const parsed = await parse(source, bytes, analyser, cacheKey);
  if (!('segmented' in parsed)) return parsed;
  const { segmented, rowsSkipped, fromCache } = parsed;
  const outcome: SourceOutcome = { results: [], skipped: rowsSkipped, fromCache, ...(cacheKey && rowsSkipped.length === 0 ? { cacheKey } : {}) };
  // counts kept for this very parse, so its transcripts are the entry's, in order
  const earlier = counted?.transcripts.length === segmented.length ? counted : undefined;
  for (const [i, transcript] of segmented.entries()) {
    try {
      outcome.results.push(analyser.analyse(transcript, earlier && { entry: earlier, transcript: earlier.transcripts[i]! }));
    } catch (error) {
      outcome.skipped.push(skippedMessage(transcript.transcript.file, `could not analyse: ${describeError(error)}`));
    }
  }
  // counts are written where some were made, not read back
  if (counter && outcome.cacheKey && outcome.skipped.length === 0 && !(counted && counter.holdsAll(counted))) {
    await cache!.writeCounts(outcome.cacheKey, counter.entryOf(outcome.results.map((result) => ({ ...result, ruleCounts: result.ruleCounts! }))));
  }
  return outcome;
}

/**
 * What the cache answers for a file without analysing it, if anything: stats
 * again with no rule edited needs no parse read and no rule run. Cheap, so a
 * pool asks it where the file is read, before handing the file to a worker.
 */
export async function answeredByCache(source: TranscriptSource, bytes: Uint8Array | Error, analyser: Analyser): Promise<SourceOutcome | undefined> {
  if (bytes instanceof Error) return undefined;
  const counted = await countsKept(keyOf(source, bytes, analyser), analyser);
  return counted && answers(counted, analyser) ? recalled(counted, analyser) : undefined;
}

/** What stats counted on this parse before, when it is counting. */
async function countsKept(cacheKey: string | undefined, analyser: Analyser): Promise<CountsEntry | undefined> {
  return analyser.counter && cacheKey ? analyser.cache!.readCounts(cacheKey) : undefined;
}

/** The kept counts are the whole answer: they hold every rule, and nothing else is asked. */
function answers(counted: CountsEntry, analyser: Analyser): boolean {
  return !analyser.needsParse && analyser.counter!.holdsAll(counted);
}

/** The cache entry of a file's parse (and of what stats counted on it); CSV columns change what a file parses to, so they are part of it. */
function keyOf(source: TranscriptSource, bytes: Uint8Array, analyser: Analyser): string | undefined {
  return analyser.cache?.key(bytes, source, JSON.stringify([analyser.ingest.csvText, analyser.ingest.csvId]));
}

function recalled(counted: CountsEntry, analyser: Analyser): SourceOutcome {
  return { results: analyser.counter!.recall(counted).map((c) => ({ ...c, findings: [] })), skipped: [], fromCache: true, cacheKey: counted.key };
}

/** The file's transcripts, parsed or from the cache, or the outcome of a file that could not be read. */
async function parse(source: TranscriptSource, bytes: Uint8Array, analyser: Analyser, cacheKey: string | undefined) {
  const cached = cacheKey ? await analyser.cache!.read(cacheKey) : undefined;
  if (cached) return { segmented: cached, rowsSkipped: [], fromCache: true };
  try {
    const read = await transcriptsFromBytes(bytes, source, analyser.ingest);
    const segmented = read.transcripts.map(segmentTranscript);
    // a file with unreadable rows is parsed again next time, so they are reported again
    if (cacheKey && read.skipped.length === 0) await analyser.cache!.write(cacheKey, segmented);
    return { segmented, rowsSkipped: read.skipped, fromCache: false };
  } catch (error) {
    const unread: SourceOutcome = { results: [], skipped: [skippedMessage(source.file, error)], unread: true, fromCache: false };
    return unread;
  }
}

/** The per-transcript stages with the rule indexes built once. */
export function createAnalyser(rules: RuleSet, cacheDir?: string, ingest: IngestOptions = DEFAULT_INGEST_OPTIONS, needs: Needs = { findings: true }): Analyser {
  const counter = needs.ruleCounts ? new RuleCounter(rules.rules) : undefined;
  return {
    analyse: transcriptAnalysis(rules, needs, counter),
    ingest,
    ...(cacheDir ? { cache: new ParseCache(cacheDir) } : {}),
    ...(counter ? { counter } : {}),
    needsParse: Boolean(needs.findings || needs.turns || needs.parse),
  };
}

/** What `needs` asks of one parsed transcript. */
function transcriptAnalysis(rules: RuleSet, needs: Needs, counter?: RuleCounter): Analyser['analyse'] {
  const findings = needs.findings === true ? {} : needs.findings || undefined;
  const findingsOf = findings && findingsAnalyser(findings.minConfidence === undefined ? rules : { ...rules, minConfidence: findings.minConfidence }, findings.additions);
  return (segmented, earlier) => {
    const { turns, ...info } = segmented.transcript;
    return {
      transcript: info,
      sentenceCount: segmented.sentences.length,
      findings: findingsOf ? findingsOf(segmented) : [],
      ...(needs.turns ? { turns: turns.map(({ speaker, role, text }) => ({ speaker, role, text })) } : {}),
      ...(counter ? { ruleCounts: counter.count(segmented, earlier) } : {}),
      ...(needs.parse ? { parse: segmented } : {}),
    };
  };
}

/** extract (+ the review's added findings) -> classify on an already segmented transcript. */
export function findingsAnalyser(rules: RuleSet, additions: Addition[] = []): (segmented: SegmentedTranscript) => ClassifiedFinding[] {
  const indexes = indexRulesBySpeaker(rules.rules);
  const classify = createClassifier(rules);
  return (segmented) => {
    const found = withAddedFindings(segmented, extractFindings(segmented, indexes, rules.minConfidence), additions);
    return withReviewStages(classify(segmented, found), additions);
  };
}

/** All per-transcript stages on a transcript already read (tests, tools). */
export function transcriptAnalyser(rules: RuleSet): (transcript: Transcript) => TranscriptFindings {
  const findingsOf = findingsAnalyser(rules);
  return (transcript) => {
    const segmented = segmentTranscript(transcript);
    return { transcript, sentenceCount: segmented.sentences.length, findings: findingsOf(segmented) };
  };
}
