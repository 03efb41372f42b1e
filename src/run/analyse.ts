import type { JobmapMessage } from '../core/message.js';
import { describeError } from '../errors.js';
import { skippedMessage } from '../ingest/messages.js';
import { DEFAULT_INGEST_OPTIONS, transcriptsFromBytes, type IngestOptions, type TranscriptSource } from '../ingest/index.js';
import { segmentTranscript } from '../segment/index.js';
import { createClassifier } from '../classify/index.js';
import { extractFindings, indexRulesBySpeaker } from '../extract/index.js';
import type { RuleSet } from '../rules/types.js';
import type { Addition } from '../review/file.js';
import { withAddedFindings, withReviewStages } from '../review/additions.js';
import type { ClassifiedFinding, SegmentedTranscript, Transcript, TranscriptFindings } from '../types.js';
import { ParseCache } from './cache.js';

/** What the per-transcript stages made of one source file (a CSV may hold several transcripts). */
export interface SourceOutcome {
  results: TranscriptFindings[];
  skipped: JobmapMessage[];
  /** the cache entry this source used, so the run can keep it */
  cacheKey?: string;
  fromCache: boolean;
}

export interface Analyser {
  findingsOf: (segmented: SegmentedTranscript) => ClassifiedFinding[];
  cache?: ParseCache;
  ingest: IngestOptions;
  /** keep each transcript's turns in its result, for an export that writes the text */
  keepTurns?: boolean;
}

/** What a run asks of the per-transcript stages beyond the rules: the review's added findings, and the turns for exports. */
export interface AnalyserExtras {
  additions?: Addition[];
  keepTurns?: boolean;
}

/**
 * ingest -> segment (or the cached parse) -> extract -> classify for one file.
 * A bad file or transcript becomes a skipped entry naming it; it never stops the batch.
 */
export async function analyseSource(source: TranscriptSource, bytes: Uint8Array | Error, analyser: Analyser): Promise<SourceOutcome> {
  if (bytes instanceof Error) return { results: [], skipped: [skippedMessage(source.file, bytes)], fromCache: false };
  const { cache } = analyser;
  // CSV columns change what a file parses to, so they are part of the key
  const cacheKey = cache?.key(bytes, source, JSON.stringify([analyser.ingest.csvText, analyser.ingest.csvId]));
  let segmented = cacheKey ? await cache!.read(cacheKey) : undefined;
  const fromCache = segmented !== undefined;
  const rowsSkipped: JobmapMessage[] = [];
  if (!segmented) {
    try {
      const read = await transcriptsFromBytes(bytes, source, analyser.ingest);
      segmented = read.transcripts.map(segmentTranscript);
      rowsSkipped.push(...read.skipped);
    } catch (error) {
      return { results: [], skipped: [skippedMessage(source.file, error)], fromCache };
    }
    // a file with unreadable rows is parsed again next time, so they are reported again
    if (cacheKey && rowsSkipped.length === 0) await cache!.write(cacheKey, segmented);
  }
  const outcome: SourceOutcome = { results: [], skipped: rowsSkipped, fromCache, ...(cacheKey && rowsSkipped.length === 0 ? { cacheKey } : {}) };
  for (const transcript of segmented) {
    try {
      const { turns, ...info } = transcript.transcript;
      const spoken = analyser.keepTurns ? { turns: turns.map(({ speaker, role, text }) => ({ speaker, role, text })) } : {};
      outcome.results.push({ transcript: info, sentenceCount: transcript.sentences.length, findings: analyser.findingsOf(transcript), ...spoken });
    } catch (error) {
      outcome.skipped.push(skippedMessage(transcript.transcript.file, `could not analyse: ${describeError(error)}`));
    }
  }
  return outcome;
}

/** The per-transcript stages with the rule index built once. */
export function createAnalyser(rules: RuleSet, cacheDir?: string, ingest: IngestOptions = DEFAULT_INGEST_OPTIONS, extras: AnalyserExtras = {}): Analyser {
  return {
    findingsOf: findingsAnalyser(rules, extras.additions),
    ingest,
    ...(cacheDir ? { cache: new ParseCache(cacheDir) } : {}),
    ...(extras.keepTurns ? { keepTurns: true } : {}),
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
