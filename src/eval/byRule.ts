import type { Rule } from '../rules/types.js';
import { at, type LabelledTranscript } from './collect.js';
import type { Category } from '../categories.js';
import { GOLD_LABELS, type GoldLabel } from './gold.js';
import { ratio, round } from './measures.js';

export interface RuleScore {
  rule: string;
  category: Category;
  weight: number;
  /** participant sentences it fired on, whether or not the finding passed `min_confidence` */
  fired: number;
  /** of those, sentences labelled with its category */
  correct: number;
  /** sentences labelled with other categories only */
  otherLabel: number;
  /** sentences nobody labelled at all */
  unlabelled: number;
  precision: number | null;
  /** right sentences no other rule of its category fired on: what removing the rule would lose */
  only: { sentence: string; at: string }[];
}

/**
 * How each rule does on its own against the labels: the numbers that tell a
 * rule that generalises from one that learned a few sentences. Rules of
 * categories the labels do not score (outcome, force) are left out.
 */
export function scoreRules(items: LabelledTranscript[], rules: Rule[]): RuleScore[] {
  const scored = rules.filter((rule) => (GOLD_LABELS as readonly string[]).includes(rule.category));
  const scores = new Map<string, RuleScore>(
    scored.map((rule) => [
      rule.id,
      { rule: rule.id, category: rule.category as GoldLabel, weight: rule.weight, fired: 0, correct: 0, otherLabel: 0, unlabelled: 0, precision: null, only: [] },
    ]),
  );
  for (const item of items) {
    for (const finding of item.everyFinding) {
      const labels = item.labelsOf.get(finding.evidence.sentence);
      const right = labels?.has(finding.category as GoldLabel) ?? false;
      for (const id of finding.rules) {
        const score = scores.get(id);
        if (!score) continue;
        score.fired++;
        if (right) score.correct++;
        else if (labels?.size) score.otherLabel++;
        else score.unlabelled++;
        if (right && finding.rules.length === 1) score.only.push({ sentence: finding.sentence, at: at(item.sentences[finding.evidence.sentence]!) });
      }
    }
  }
  const order = (s: RuleScore) => (GOLD_LABELS as readonly string[]).indexOf(s.category);
  return [...scores.values()]
    .map((s) => ({ ...s, precision: round(ratio(s.correct, s.fired)) }))
    .sort((a, b) => order(a) - order(b) || (a.precision ?? 2) - (b.precision ?? 2) || b.fired - a.fired || (a.rule < b.rule ? -1 : 1));
}
