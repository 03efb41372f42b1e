import { matchSentence } from '../extract/match.js';
import { indexRules } from '../rules/ruleIndex.js';
import type { Rule } from '../rules/types.js';
import type { ClassifiedFinding, Sentence } from '../types.js';
import { at, type LabelledTranscript } from './collect.js';
import type { Category } from '../categories.js';
import { GOLD_LABELS } from './gold.js';
import { cohensKappa, f1Of, ratio, round } from './measures.js';

export interface CategoryScore {
  category: Category;
  labelled: number;
  found: number;
  /** the findings on a sentence labelled with the category: precision's numerator */
  right: number;
  /** the labelled sentences a finding of the category covers: recall's numerator */
  recalled: number;
  /** null where nothing was found or nothing labelled: the measure does not apply */
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /**
   * Cohen's kappa between the labels and the rules, read as two coders of every
   * participant sentence (yes or no for this category): agreement beyond chance,
   * as qualitative-analysis tools report it. null where it is undefined.
   */
  kappa: number | null;
}

export interface EvalError {
  kind: 'false_positive' | 'false_negative';
  category: Category;
  sentence: string;
  at: string;
  /** rules that fired (false positive), or rules that matched but were blocked (false negative) */
  rules: string[];
}

/** What category scoring reads of a finding: its category, its sentence and the rules that made it. */
export type ScoredFinding = Pick<ClassifiedFinding, 'category' | 'sentence' | 'rules'> & { evidence: Pick<ClassifiedFinding['evidence'], 'sentence'> };

/** What category scoring reads of a labelled transcript (a preview scores the last run's findings on it too: tools/tryRules.ts). */
export type ScoredTranscript = Pick<LabelledTranscript, 'gold' | 'sentences' | 'aligned' | 'labelsOf'> & { findings: ScoredFinding[] };

/**
 * Precision counts findings, recall counts labelled sentences (a label may
 * cover two of our sentences when splitters differ), kappa counts participant
 * sentences. Every miss is listed with what to change.
 */
export function scoreCategories(items: ScoredTranscript[], rules: Rule[]): { categories: CategoryScore[]; errors: EvalError[] } {
  const errors: EvalError[] = [];
  const categories = GOLD_LABELS.map((category) => {
    const categoryRules = indexRules(rules.filter((r) => r.category === category));
    let labelled = 0,
      recalled = 0,
      found = 0,
      correct = 0;
    const agreement = { both: 0, goldOnly: 0, rulesOnly: 0, neither: 0 };
    for (const item of items) {
      const mine = item.findings.filter((f) => f.category === category);
      const foundOn = new Set(mine.map((f) => f.evidence.sentence));
      for (const finding of mine) {
        found++;
        if (item.labelsOf.get(finding.evidence.sentence)?.has(category)) correct++;
        else errors.push({ kind: 'false_positive', category, sentence: finding.sentence, at: at(item.sentences[finding.evidence.sentence]!), rules: finding.rules });
      }
      item.gold.sentences.forEach((g, i) => {
        if (!g.labels.includes(category)) return;
        labelled++;
        const overlapping = item.aligned[i] ?? [];
        if (overlapping.some((s) => foundOn.has(s))) {
          recalled++;
          return;
        }
        const first = item.sentences[overlapping[0] ?? -1];
        errors.push({
          kind: 'false_negative',
          category,
          sentence: g.text,
          at: first ? at(first) : `${item.gold.file}:${g.line}`,
          rules: blockedRules(
            overlapping.map((s) => item.sentences[s]!),
            item.sentences,
            categoryRules,
          ),
        });
      });
      for (const sentence of item.sentences) {
        if (sentence.role !== 'participant') continue;
        const gold = item.labelsOf.get(sentence.index)?.has(category) ?? false;
        const ruled = foundOn.has(sentence.index);
        agreement[gold ? (ruled ? 'both' : 'goldOnly') : ruled ? 'rulesOnly' : 'neither']++;
      }
    }
    const precision = ratio(correct, found);
    const recall = ratio(recalled, labelled);
    return {
      category,
      labelled,
      found,
      right: correct,
      recalled,
      precision: round(precision),
      recall: round(recall),
      f1: round(f1Of(precision, recall)),
      kappa: round(labelled ? cohensKappa(agreement) : null),
    };
  });
  return { categories, errors };
}

/** For a missed label: the rules of its category that matched words of the sentence but were blocked, and why. */
export function blockedRules(missed: Sentence[], sentences: Sentence[], index: ReturnType<typeof indexRules>): string[] {
  const hits = missed.flatMap((s) =>
    matchSentence(index, s, sentences).map(
      (hit) =>
        `${hit.rule.id} (${hit.status}${hit.blocker ? ` "${hit.blocker.source}"` : ''}${hit.reason ? `: ${hit.reason}` : ''} on "${s.text.slice(hit.span[0], hit.span[1])}")`,
    ),
  );
  return [...new Set(hits)];
}
