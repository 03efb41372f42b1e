import { stat } from 'node:fs/promises';
import path from 'node:path';
import { createClassifier } from '../classify/index.js';
import { JobmapError, JobmapErrors } from '../errors.js';
import { describeHit } from '../extract/examples.js';
import { findingsOf } from '../extract/index.js';
import { matchSentence, type RuleHit } from '../extract/match.js';
import { parseTranscript } from '../ingest/index.js';
import { indexRules } from '../rules/ruleIndex.js';
import type { RuleSet } from '../rules/types.js';
import { createJobmap, type Jobmap, type JobmapOptions } from '../run/engine.js';
import { segmentTranscript } from '../segment/index.js';
import type { ClassifiedFinding, FindingTiming, SegmentedTranscript, Sentence, Transcript } from '../types.js';
import { formatJson } from '../write/messages.js';

/** What the rules did on one sentence, and what came of it. */
export interface ExplainedSentence {
  sentence: Sentence;
  /** every rule that matched words of the sentence, fired or blocked */
  hits: RuleHit[];
  /** the findings the fired rules make, with their stage and why; none under the confidence threshold */
  findings: ClassifiedFinding[];
  /** findings left out because their confidence is under the threshold */
  belowThreshold: ClassifiedFinding[];
}

export interface ExplainTarget {
  /** `FILE` or `FILE:LINE` */
  file?: string;
  /** `--text "..."`: one participant's words, or a labelled dialogue */
  text?: string;
}

/**
 * Reads the target (a file's parse from the cache, when it has one) and explains
 * its sentences: those on LINE, if given; else every sentence some rule read and matched.
 */
export async function explain(target: ExplainTarget, options: JobmapOptions = {}): Promise<ExplainedSentence[]> {
  const jobmap = createJobmap(options);
  const { parses, line } = await readTarget(target, jobmap);
  if (line === undefined) return parses.flatMap((segmented) => explainTranscript(segmented, jobmap.rules));
  // a CSV holds one interview per row: the line is in one of them, or (a blank line in a cell) between its first and last
  const lines = (transcript: Transcript) => transcript.turns.flatMap((turn) => turn.lines.map((span) => span.line));
  const holding = parses.find(({ transcript }) => Math.min(...lines(transcript)) <= line && line <= Math.max(...lines(transcript)));
  return explainTranscript(holding ?? parses[0]!, jobmap.rules, line);
}

export function explainTranscript(segmented: SegmentedTranscript, rules: RuleSet, line?: number): ExplainedSentence[] {
  const index = indexRules(rules.rules);
  const classify = createClassifier(rules);
  const lastLine = (s: Sentence) => s.location.line + (s.text.match(/\n/g)?.length ?? 0);
  const chosen = segmented.sentences.filter((s) => line === undefined || (s.location.line <= line && line <= lastLine(s)));
  if (line !== undefined && chosen.length === 0) {
    const next = segmented.sentences.find((s) => s.location.line > line);
    throw new JobmapError(`no sentence on line ${line}${next ? ` (the next one starts on line ${next.location.line})` : ''}`, segmented.transcript.file, line);
  }
  return chosen.flatMap((sentence) => {
    const hits = matchSentence(index, sentence, segmented.sentences);
    // Over a whole file, a sentence no rule reads (the interviewer's, for participant rules) is noise.
    if (line === undefined && hits.every((hit) => hit.condition?.verdict === 'skipped')) return [];
    const findings = classify(segmented, findingsOf(segmented.transcript.id, sentence, hits));
    return [
      {
        sentence,
        hits,
        findings: findings.filter((f) => f.confidence >= rules.minConfidence),
        belowThreshold: findings.filter((f) => f.confidence < rules.minConfidence),
      },
    ];
  });
}

/** `FILE:LINE` as the file and the line; a plain `FILE` has no line. */
export function targetFile(target: string): { file: string; line?: number } {
  const m = /^(.*?):(\d+)$/.exec(target);
  return m ? { file: m[1]!, line: Number(m[2]) } : { file: target };
}

async function readTarget(target: ExplainTarget, jobmap: Jobmap): Promise<{ parses: SegmentedTranscript[]; line?: number }> {
  if (target.text !== undefined) return { parses: [segmentTranscript(parseTranscript(target.text, { id: 'text', file: 'text.txt' }))] };
  if (!target.file) throw new JobmapError('explain needs a FILE[:LINE] or --text "..."');
  const { file, line } = targetFile(target.file);
  const absolutePath = path.resolve(file);
  if (!(await stat(absolutePath).catch(() => undefined))?.isFile()) throw new JobmapError(`file not found: ${file}`);
  const source = { id: path.basename(file).replace(/\.[^.]+$/, ''), file, absolutePath };
  const outcomes = [];
  for await (const outcome of jobmap.analyse([source], { parse: true })) outcomes.push(outcome);
  await jobmap.pruneCache(outcomes);
  const { results, skipped } = outcomes[0]!;
  // a row without text is skipped alone, as in a run; a file that cannot be read at all says why
  if (results.length === 0 && skipped.length) throw new JobmapErrors(skipped);
  return { parses: results.map((result) => result.parse!), ...(line === undefined ? {} : { line }) };
}

/**
 * One block per sentence: where it is, who said it, then each rule (fired or
 * blocked, on which words, why), then the findings with their stage and why.
 */
export function formatExplanation(explained: ExplainedSentence[]): string {
  if (explained.length === 0) return 'no rule matched any sentence\n';
  const blocks = explained.map(({ sentence, hits, findings, belowThreshold }) => {
    const where = `${sentence.location.file}:${sentence.location.line}:${sentence.location.column}`;
    const lines = [`${where} ${sentence.speaker} (${sentence.role}): "${sentence.text}"`];
    if (hits.length === 0) lines.push('  no rule matched any of its words');
    const width = Math.max(...hits.map((h) => h.rule.id.length), 0);
    for (const hit of hits) {
      const detail =
        hit.status === 'fired'
          ? `on "${sentence.text.slice(hit.span[0], hit.span[1])}" (${hit.matcher.kind} "${shorten(hit.matcher.source)}", weight ${hit.rule.weight})`
          : describeHit(hit, sentence.text);
      // fired, or what the condition that stopped the rule calls it (blocked; skipped when the rule does not read such sentences)
      lines.push(`  ${(hit.condition?.verdict ?? 'fired').padEnd(7)} ${hit.rule.id.padEnd(width)}  ${detail}`);
      // and every other condition that would stop it: fixing the first alone would not make it fire
      for (const other of hit.alsoStoppedBy ?? []) lines.push(`  ${''.padEnd(7)} ${''.padEnd(width)}  and ${describeHit({ ...hit, ...other }, sentence.text)}`);
    }
    const time = [...findings, ...belowThreshold][0]?.timing;
    if (time) lines.push(`  time    ${timeLine(time)}`);
    for (const finding of findings) lines.push(`  => ${findingLine(finding)}`);
    for (const finding of belowThreshold) lines.push(`  (left out: ${findingLine(finding)}, under min_confidence)`);
    if (findings.length === 0 && belowThreshold.length === 0 && hits.length > 0) lines.push('  => no finding');
    return lines.join('\n');
  });
  return blocks.join('\n\n') + '\n';
}

/**
 * `explain --format json`: what the text says, as data, for an editor or a
 * script: per sentence where it is and who said it, each rule that matched
 * (its verdict, the words, the entry, every condition that stops it and why),
 * the time, and the findings (those under the threshold as `leftOut`).
 */
export function formatExplanationJson(explained: ExplainedSentence[]): string {
  const sentences = explained.map(({ sentence, hits, findings, belowThreshold }) => {
    const time = [...findings, ...belowThreshold][0]?.timing;
    return {
      at: { file: sentence.location.file, line: sentence.location.line, column: sentence.location.column },
      speaker: sentence.speaker,
      role: sentence.role,
      text: sentence.text,
      rules: hits.map((hit) => ({
        id: hit.rule.id,
        verdict: hit.condition?.verdict ?? 'fired',
        on: sentence.text.slice(hit.span[0], hit.span[1]),
        entry: { kind: hit.matcher.kind, source: hit.matcher.source },
        weight: hit.rule.weight,
        stoppedBy: [hit, ...(hit.alsoStoppedBy ?? [])].flatMap((stop) => (stop.condition ? [{ status: stop.status, why: stop.condition.explain(stop) ?? null }] : [])),
      })),
      ...(time ? { time } : {}),
      findings: findings.map(findingData),
      leftOut: belowThreshold.map(findingData),
    };
  });
  return formatJson({ sentences, messages: [] });
}

function findingData(f: ClassifiedFinding) {
  return { id: f.id, category: f.category, ...(f.subtype ? { subtype: f.subtype } : {}), confidence: f.confidence, stage: f.stage, because: f.stageBecause, rules: f.rules };
}

function findingLine(f: ClassifiedFinding): string {
  const kind = f.subtype ? `${f.category} (${f.subtype})` : f.category;
  return `${kind}, confidence ${f.confidence}, stage ${f.stage}: ${f.stageBecause}`;
}

const WHEN_WORDS: Record<string, string> = { before: 'before the anchor', at: 'at the anchor', after: 'after the anchor', future: 'in the future', change: 'then and now' };

/** `past; before the anchor: "four years ago"`, and where a time carried over from. */
function timeLine(time: FindingTiming): string {
  const parts = [time.tense ? `${time.tense.replace(/_/g, ' ')} tense` : 'no finite verb'];
  if (time.when) parts.push(`${WHEN_WORDS[time.when] ?? time.when}: "${time.words}"${time.from ? ` (said at ${time.from})` : ''}`);
  return parts.join('; ');
}

function shorten(text: string, max = 60): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
