import type { JobmapMessage } from '../core/message.js';
import { describeError } from '../errors.js';
import { skippedMessage } from '../ingest/messages.js';
import { DEFAULT_INGEST_OPTIONS, transcriptsFromBytes, type IngestOptions, type TranscriptSource } from '../ingest/index.js';
import { segmentTranscript } from '../segment/index.js';
import { createClassifier } from '../classify/index.js';
import { classifierFingerprint } from '../rules/fingerprint.js';
import type { RuleCounts } from '../extract/counts.js';
import { extractFindings, indexRulesBySpeaker } from '../extract/index.js';
import type { RuleSet } from '../rules/types.js';
import type { Addition } from '../review/file.js';
import { withAddedFindings, withReviewStages } from '../review/additions.js';
import type { ClassifiedFinding, SegmentedTranscript, Transcript, TranscriptFindings } from '../types.js';
import { ParseCache, parseKey } from './cache.js';
import { classifierVersion } from './codeVersion.js';
import { RuleCounter, type CountsEntry, type EarlierCounts } from './ruleCounts.js';
import { HitMemo } from './ruleHits.js';
import type { EarlierHits, HitsEntry, RememberedTranscript } from './hitsEntry.js';
import { basisOf, type OutcomeBasis } from './outcomeBasis.js';
import type { RuleVersions } from './ruleVersions.js';

/**
 * What a command reads of each transcript. The workers compute only that and
 * send only that back: a run's findings are small, a parse with its tokens is not.
 */
export interface Needs {
  /**
   * the findings, as a run makes them; with the review's added findings, or
   * another threshold (eval scores the weak rules too). `comparedOnly`: they
   * are only compared with the last run's (rules try), so those the last
   * run's outcomes answer stay unread unless something reads them
   * (keptFindings.ts); a run reads them as they come, and never holds their
   * text beside them (at 16x the corpus, 500 MB)
   */
  findings?: boolean | { additions?: Addition[]; minConfidence?: number; comparedOnly?: boolean };
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
  /** what of the rules its findings rest on, for the run to keep them by (outcomeMemo.ts); only for a run's plain findings */
  basis?: OutcomeBasis;
}

/** What the cache kept of a file besides its parse, for the rules that did not change. */
export interface Earlier {
  counts?: EarlierCounts;
  hits?: EarlierHits;
}

/** One transcript analysed, and what to remember of its findings (when findings were asked). */
export interface Analysed {
  analysis: TranscriptAnalysis;
  remembered?: { transcript: RememberedTranscript; changed: boolean };
}

export interface Analyser {
  /** `earlier`: what stats counted and the rules found on this transcript before, whose rules need not run again */
  analyse: (segmented: SegmentedTranscript, earlier?: Earlier) => Analysed;
  cache?: ParseCache;
  ingest: IngestOptions;
  /** when stats counts: the rules' fingerprints, and the counts kept in the cache */
  counter?: RuleCounter;
  /** when findings are asked: the rules' and classify's fingerprints, and the hits kept in the cache */
  memo?: HitMemo;
  /** something is asked that only the parse answers (the turns, the parse itself, the review's added findings) */
  needsParse: boolean;
  /** only the findings a run makes are asked: each outcome says what of the rules they rest on (`basis`), so the run can keep them */
  givesBasis: boolean;
}

/**
 * ingest -> segment (or the cached parse) -> extract -> classify for one file.
 * What the cache kept for rules that did not change is read back, not run
 * again; a file the cache answers whole is not parsed at all.
 * A bad file or transcript becomes a skipped entry naming it; it never stops the batch.
 */
export async function analyseSource(source: TranscriptSource, bytes: Uint8Array | Error, analyser: Analyser, ahead?: Parsed): Promise<SourceOutcome> {
  if (bytes instanceof Error) return { results: [], skipped: [skippedMessage(source.file, bytes)], unread: true, fromCache: false };
  const cacheKey = keyOf(source, bytes, analyser);
  const kept = await keptFor(cacheKey, analyser);
  const answered = recalled(kept, analyser);
  if (answered) return keepCounts(answered, kept, analyser);
  const parsed = ahead ?? (await parse(source, bytes, analyser, cacheKey));
  if (!('segmented' in parsed)) return parsed;
  const { segmented, rowsSkipped, fromCache } = parsed;
  const outcome: SourceOutcome = { results: [], skipped: rowsSkipped, fromCache, ...(cacheKey && rowsSkipped.length === 0 ? { cacheKey } : {}) };
  // what was kept for this very parse, so its transcripts are the entry's, in order
  const counts = kept.counts?.transcripts.length === segmented.length ? kept.counts : undefined;
  const hits = kept.hits?.transcripts.length === segmented.length ? kept.hits : undefined;
  const remembered: NonNullable<Analysed['remembered']>[] = [];
  for (const [i, transcript] of segmented.entries()) {
    try {
      const earlier: Earlier = {
        ...(counts && { counts: { entry: counts, transcript: counts.transcripts[i]! } }),
        ...(hits && { hits: { entry: hits, transcript: hits.transcripts[i]! } }),
      };
      const analysed = analyser.analyse(transcript, earlier);
      outcome.results.push(analysed.analysis);
      if (analysed.remembered) remembered.push(analysed.remembered);
    } catch (error) {
      outcome.skipped.push(skippedMessage(transcript.transcript.file, `could not analyse: ${describeError(error)}`));
    }
  }
  // what is kept is written where something was made, not read back
  const { cache, memo } = analyser;
  if (!outcome.cacheKey || outcome.skipped.length > 0) return outcome;
  await keepCounts(outcome, kept, analyser);
  if (memo && remembered.some((r) => r.changed))
    await cache!.writeHits(
      outcome.cacheKey,
      memo.entryOf(
        remembered.map((r) => r.transcript),
        hits,
      ),
    );
  if (analyser.givesBasis && remembered.length === segmented.length) outcome.basis = basisOf(remembered.map((r) => ruleBasis(memo!, r.transcript)));
  return outcome;
}

/** What stats counted, kept for the next stats, unless it was read back from its own entry; the outcome, as it was. */
async function keepCounts(outcome: SourceOutcome, kept: Kept, { cache, counter }: Analyser): Promise<SourceOutcome> {
  if (!counter || !outcome.cacheKey || outcome.skipped.length > 0 || (kept.counts && counter.holdsAll(kept.counts))) return outcome;
  await cache!.writeCounts(outcome.cacheKey, counter.entryOf(outcome.results.map((result) => ({ ...result, ruleCounts: result.ruleCounts! }))));
  return outcome;
}

/** The rules that fired in a remembered transcript and the matchers that fired (numbered as in `entry`, when it was read from one), its words and word pairs. */
function ruleBasis(memo: HitMemo, transcript: RememberedTranscript, entry?: HitsEntry): { fired: Record<string, string[]>; words: string; pairs: string } {
  return { fired: memo.firedMatchers(transcript, entry), words: transcript.words, pairs: transcript.pairs };
}

interface Kept {
  key?: string;
  counts?: CountsEntry;
  hits?: HitsEntry;
}

/** What stats counted and the rules found on this parse before, for what is asked: stats, when its own counts do not hold every rule, counts from the hits a run kept. */
async function keptFor(cacheKey: string | undefined, analyser: Analyser): Promise<Kept> {
  const { cache, counter, memo } = analyser;
  if (!cache || !cacheKey) return {};
  const counts = counter ? await cache.readCounts(cacheKey) : undefined;
  const hits = memo || (counter && !(counts && counter.holdsAll(counts))) ? await cache.readHits(cacheKey) : undefined;
  return { key: cacheKey, ...(counts && { counts }), ...(hits && { hits }) };
}

/** The whole outcome from what was kept (stats: RuleCounter.recallKept), when it holds every rule and nothing else is asked; undefined when the parse is needed. */
function recalled(kept: Kept, analyser: Analyser): SourceOutcome | undefined {
  const { counter, memo } = analyser;
  if (analyser.needsParse || !kept.key || (!counter && !memo)) return undefined;
  const counted = counter?.recallKept(kept.counts, kept.hits);
  if (counter && !counted) return undefined;
  if (memo && !(kept.hits && memo.answers(kept.hits))) return undefined;
  const found = memo && kept.hits?.transcripts.map((transcript) => memo.recall({ entry: kept.hits!, transcript }));
  if (found?.some((findings) => findings === undefined)) return undefined;
  const base = kept.hits?.transcripts ?? counted!;
  if (counted && counted.length !== base.length) return undefined;
  const results = base.map(({ transcript, sentenceCount }, i) => ({
    transcript,
    sentenceCount,
    findings: found?.[i] ?? [],
    ...(counted && { ruleCounts: counted[i]!.ruleCounts }),
  }));
  const basis = analyser.givesBasis && kept.hits ? { basis: basisOf(kept.hits.transcripts.map((t) => ruleBasis(memo!, t, kept.hits))) } : {};
  return { results, skipped: [], fromCache: true, cacheKey: kept.key, ...basis };
}

function keyOf(source: TranscriptSource, bytes: Uint8Array, analyser: Analyser): string | undefined {
  return analyser.cache && sourceKey(source, bytes, analyser.ingest);
}

/** The cache entry of a file's parse (and of what stats counted and the rules found on it); CSV columns change what a file parses to, so they are part of it. */
export function sourceKey(source: TranscriptSource, bytes: Uint8Array, ingest: IngestOptions): string {
  return parseKey(bytes, source, JSON.stringify([ingest.csvText, ingest.csvId]));
}

/** A file's transcripts, parsed or from the cache, or the outcome of a file that could not be read. */
export type Parsed = { segmented: SegmentedTranscript[]; rowsSkipped: JobmapMessage[]; fromCache: boolean } | SourceOutcome;

/**
 * Files parsed (or their parses read from the cache) before the rules are
 * known: a thread started early does this while the main thread reads the
 * rules, and hands each parse to analyseSource when they come. The same
 * parse analyseSource would make, with the same cache and ingest options.
 */
export function aheadParser(cacheDir: string | undefined, ingest: IngestOptions): (source: TranscriptSource, bytes: Uint8Array) => Promise<Parsed> {
  const cache = cacheDir ? new ParseCache(cacheDir) : undefined;
  return (source, bytes) => parse(source, bytes, { ingest, ...(cache && { cache }) }, cache && sourceKey(source, bytes, ingest));
}

/** The file's transcripts, parsed or from the cache, or the outcome of a file that could not be read. */
async function parse(source: TranscriptSource, bytes: Uint8Array, analyser: Pick<Analyser, 'cache' | 'ingest'>, cacheKey: string | undefined): Promise<Parsed> {
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

/** Only the findings a run makes are asked: no review additions, no other threshold, nothing else. */
export function asksOnlyRunFindings(needs: Needs): boolean {
  const findings = needs.findings === true ? {} : needs.findings;
  return Boolean(findings && !findings.additions?.length && findings.minConfidence === undefined && !needs.turns && !needs.parse && !needs.ruleCounts);
}

/** The per-transcript stages with the rule indexes built once. */
export function createAnalyser(
  rules: RuleSet,
  cacheDir?: string,
  ingest: IngestOptions = DEFAULT_INGEST_OPTIONS,
  needs: Needs = { findings: true },
  /** what earlier versions of the rules were made of (ruleVersions.ts), so an edited rule runs only what changed */
  versions?: RuleVersions,
): Analyser {
  const counter = needs.ruleCounts ? new RuleCounter(rules.rules, versions) : undefined;
  const findings = needs.findings === true ? {} : needs.findings || undefined;
  const memo = findings && hitMemo(findings.minConfidence === undefined ? rules : { ...rules, minConfidence: findings.minConfidence }, versions);
  const additions = findings?.additions ?? [];
  return {
    analyse: transcriptAnalysis(needs, additions, memo, counter),
    ingest,
    ...(cacheDir ? { cache: new ParseCache(cacheDir) } : {}),
    ...(counter ? { counter } : {}),
    ...(memo ? { memo } : {}),
    needsParse: Boolean(needs.turns || needs.parse || additions.length > 0),
    givesBasis: Boolean(memo && cacheDir && asksOnlyRunFindings(needs)),
  };
}

/** How findings are made, and remembered: the rules indexed when some must run, classify with its cues indexed once. */
function hitMemo(rules: RuleSet, versions?: RuleVersions): HitMemo {
  const classifier = `${classifierVersion()}:${classifierFingerprint(rules)}`;
  return new HitMemo(rules.rules, classifier, createClassifier(rules), rules.minConfidence, versions);
}

/** What `needs` asks of one parsed transcript. */
function transcriptAnalysis(needs: Needs, additions: Addition[], memo?: HitMemo, counter?: RuleCounter): Analyser['analyse'] {
  return (segmented, earlier = {}) => {
    const { turns, ...info } = segmented.transcript;
    const found = memo?.analyse(segmented, earlier.hits, (findings) => withAddedFindings(segmented, findings, additions));
    return {
      analysis: {
        transcript: info,
        sentenceCount: segmented.sentences.length,
        findings: found ? withReviewStages(found.findings, additions) : [],
        ...(needs.turns ? { turns: turns.map(({ speaker, role, text }) => ({ speaker, role, text })) } : {}),
        ...(counter ? { ruleCounts: counter.count(segmented, earlier.counts, earlier.hits) } : {}),
        ...(needs.parse ? { parse: segmented } : {}),
      },
      ...(found ? { remembered: { transcript: found.remembered, changed: found.changed } } : {}),
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
