import { existsSync } from 'node:fs';
import path from 'node:path';
import { describeError } from '../errors.js';
import { matchSentence } from '../extract/match.js';
import { readTranscripts } from '../ingest/index.js';
import { indexRules } from '../rules/index.js';
import { configForRulesDir, type JobmapConfig } from '../config.js';
import { loadRuleSet } from '../rules/load.js';
import { segmentTranscript } from '../segment/index.js';
import { findingsAnalyser } from '../run/analyse.js';
import type { ClassifiedFinding, Sentence } from '../types.js';
import { alignLabels } from './align.js';
import { GOLD_LABELS, readGoldFolder, type GoldLabel } from './gold.js';

export interface EvalOptions {
  goldDir: string;
  /** where the transcripts named in the gold files are; default: beside the gold files, or one folder up */
  transcriptsDir?: string;
  /** the project's settings; default: only the rules in `rulesDir`, or the shipped rules */
  config?: JobmapConfig;
  rulesDir?: string;
}

export interface CategoryScore {
  category: GoldLabel;
  labelled: number;
  found: number;
  /** null where nothing was found or nothing labelled: the measure does not apply */
  precision: number | null;
  recall: number | null;
  f1: number | null;
}

export interface EvalError {
  kind: 'false_positive' | 'false_negative';
  category: GoldLabel;
  sentence: string;
  at: string;
  /** rules that fired (false positive), or rules that matched but were blocked (false negative) */
  rules: string[];
}

export interface EvalReport {
  transcripts: number;
  categories: CategoryScore[];
  macroF1: number;
  stage: { accuracy: number; judged: number };
  errors: EvalError[];
  /** labels or transcripts that could not be scored, with why */
  problems: string[];
}

interface Tally {
  labelled: number;
  recalled: number;
  found: number;
  correct: number;
}

/** Compares the rules' findings with hand-labelled sentences, per category, and lists every miss. */
export async function evaluate(options: EvalOptions): Promise<EvalReport> {
  const rules = loadRuleSet(options.config ?? configForRulesDir(options.rulesDir));
  const findingsOf = findingsAnalyser(rules);
  const golds = await readGoldFolder(options.goldDir);
  const tallies = new Map<GoldLabel, Tally>(GOLD_LABELS.map((c) => [c, { labelled: 0, recalled: 0, found: 0, correct: 0 }]));
  const errors: EvalError[] = [];
  const problems: string[] = [];
  let stageRight = 0;
  let stageJudged = 0;
  let scored = 0;

  for (const gold of golds) {
    const file = locateTranscript(gold.transcript, options, gold.file);
    if (!file) {
      problems.push(`${gold.file}: transcript ${gold.transcript} not found`);
      continue;
    }
    let sentences: Sentence[];
    let findings: ClassifiedFinding[];
    try {
      const [transcript] = (await readTranscripts({ id: path.basename(file).replace(/\.[^.]+$/, ''), file: path.relative(process.cwd(), file), absolutePath: file })).transcripts;
      const segmented = segmentTranscript(transcript!);
      sentences = segmented.sentences;
      findings = findingsOf(segmented);
    } catch (error) {
      problems.push(`${gold.file}: ${describeError(error)}`);
      continue;
    }
    scored++;
    const aligned = alignLabels(sentences, gold.sentences.map((g) => g.text));
    gold.sentences.forEach((g, i) => {
      if (!aligned[i]) problems.push(`${gold.file}:${g.line}: label text not found in ${gold.transcript}: "${g.text.slice(0, 60)}"`);
    });
    const labelsOf = new Map<number, Set<GoldLabel>>();
    aligned.forEach((indexes, i) => {
      for (const s of indexes ?? []) for (const label of gold.sentences[i]!.labels) {
        labelsOf.set(s, (labelsOf.get(s) ?? new Set()).add(label));
      }
    });
    const findingsOn = (s: number, category: GoldLabel) => findings.find((f) => f.evidence.sentence === s && f.category === category);

    for (const category of GOLD_LABELS) {
      const tally = tallies.get(category)!;
      for (const finding of findings.filter((f) => f.category === category)) {
        tally.found++;
        if (labelsOf.get(finding.evidence.sentence)?.has(category)) tally.correct++;
        else errors.push({ kind: 'false_positive', category, sentence: finding.sentence, at: at(sentences[finding.evidence.sentence]!), rules: finding.rules });
      }
      gold.sentences.forEach((g, i) => {
        if (!g.labels.includes(category)) return;
        tally.labelled++;
        const overlapping = aligned[i] ?? [];
        if (overlapping.some((s) => findingsOn(s, category))) {
          tally.recalled++;
          return;
        }
        const first = sentences[overlapping[0] ?? -1];
        errors.push({
          kind: 'false_negative',
          category,
          sentence: g.text,
          at: first ? at(first) : `${gold.file}:${g.line}`,
          rules: nearestRules(overlapping.map((s) => sentences[s]!), sentences, rules.rules.filter((r) => r.category === category)),
        });
      });
    }
    gold.sentences.forEach((g, i) => {
      const found = (aligned[i] ?? []).flatMap((s) => g.labels.map((label) => findingsOn(s, label))).find(Boolean);
      if (!found || !g.stage) return;
      stageJudged++;
      if (found.stage === g.stage) stageRight++;
    });
  }

  const categories = GOLD_LABELS.map((category) => score(category, tallies.get(category)!));
  return {
    transcripts: scored,
    categories,
    // categories nobody labelled say nothing about the rules, so the macro average leaves them out
    macroF1: round(mean(categories.flatMap((c) => (c.f1 === null ? [] : [c.f1])))) ?? 0,
    stage: { accuracy: round(stageJudged ? stageRight / stageJudged : 0), judged: stageJudged },
    errors,
    problems,
  };
}

function score(category: GoldLabel, t: Tally): CategoryScore {
  const precision = t.found ? t.correct / t.found : null;
  const recall = t.labelled ? t.recalled / t.labelled : null;
  const f1 = recall === null ? null : precision && recall ? (2 * precision * recall) / (precision + recall) : 0;
  return { category, labelled: t.labelled, found: t.found, precision: round(precision), recall: round(recall), f1: round(f1) };
}

/** For a missed label: the rules of its category that matched words of the sentence but were blocked, and why. */
function nearestRules(missed: Sentence[], sentences: Sentence[], categoryRules: Parameters<typeof indexRules>[0]): string[] {
  const index = indexRules(categoryRules);
  const hits = missed.flatMap((s) =>
    matchSentence(index, s, sentences).map(
      (hit) => `${hit.rule.id} (${hit.status}${hit.blocker ? ` "${hit.blocker.source}"` : ''}${hit.reason ? `: ${hit.reason}` : ''} on "${s.text.slice(hit.span[0], hit.span[1])}")`,
    ),
  );
  return [...new Set(hits)];
}

function locateTranscript(name: string, options: EvalOptions, goldFile: string): string | undefined {
  const candidates = options.transcriptsDir
    ? [path.join(options.transcriptsDir, name)]
    : [path.join(path.dirname(goldFile), name), path.join(path.dirname(goldFile), '..', name)];
  return candidates.find((candidate) => existsSync(candidate));
}

function at(sentence: Sentence): string {
  return `${sentence.location.file}:${sentence.location.line}`;
}

function round<T extends number | null>(value: T): T {
  return (value === null ? null : Math.round(value * 100) / 100) as T;
}

function mean(values: number[]): number {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : 0;
}
