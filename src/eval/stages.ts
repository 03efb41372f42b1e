import type { ClassifiedFinding } from '../types.js';
import { at, type LabelledTranscript } from './collect.js';
import type { GoldSentence } from './gold.js';
import { round } from './measures.js';

export interface StageRow {
  /** the labelled stage */
  stage: string;
  /** found sentences labelled with this stage */
  labelled: number;
  /** how many of them the rules placed on it */
  right: number;
  accuracy: number | null;
}

/** A found sentence placed on another stage than its label, with what decided: what a stage cue author reads. */
export interface StageError {
  labelled: string;
  placed: string;
  because: string;
  sentence: string;
  at: string;
}

export interface StageScore {
  /** the stage model the labels and the placements are in */
  model: string;
  /** labelled transcripts in this model */
  transcripts: number;
  /** share of found labelled sentences whose finding has the labelled stage */
  accuracy: number;
  /** found labelled sentences placed on their labelled stage, of `judged`: accuracy's counts */
  right: number;
  judged: number;
  /** always answering the most common labelled stage: the score to beat */
  baseline: { stage: string; accuracy: number };
  perStage: StageRow[];
  /** labelled stage -> placed stage -> sentences */
  confusion: Record<string, Record<string, number>>;
  errors: StageError[];
}

/**
 * Stage accuracy on the labelled sentences the rules found (a sentence found
 * under one of its labels), beside the majority baseline and per stage, so a
 * stage that is right only because it is common fools nobody.
 */
export function scoreStages(items: LabelledTranscript[], model: string, order: string[]): StageScore {
  const pairs: [string, string][] = [];
  const errors: StageError[] = [];
  for (const item of items) {
    item.gold.sentences.forEach((g, i) => {
      if (!g.stage) return;
      const found = (item.aligned[i] ?? []).flatMap((s) => item.findings.filter((f) => f.evidence.sentence === s && isFoundAs(f, g))).at(0);
      if (!found) return;
      pairs.push([g.stage, found.stage]);
      if (found.stage !== g.stage) {
        errors.push({ labelled: g.stage, placed: found.stage, because: found.stageBecause, sentence: found.sentence, at: at(item.sentences[found.evidence.sentence]!) });
      }
    });
  }
  const stages = [...order, ...new Set(pairs.flatMap((p) => p).filter((s) => !order.includes(s)))];
  const confusion: Record<string, Record<string, number>> = {};
  for (const [gold, placed] of pairs) {
    confusion[gold] ??= {};
    confusion[gold][placed] = (confusion[gold][placed] ?? 0) + 1;
  }
  const perStage = stages.flatMap((stage) => {
    const labelled = pairs.filter(([gold]) => gold === stage).length;
    const right = confusion[stage]?.[stage] ?? 0;
    return labelled ? [{ stage, labelled, right, accuracy: round(right / labelled) }] : [];
  });
  const majority = [...perStage].sort((a, b) => b.labelled - a.labelled || stages.indexOf(a.stage) - stages.indexOf(b.stage))[0];
  const judged = pairs.length;
  const right = pairs.filter(([gold, placed]) => gold === placed).length;
  return {
    model,
    transcripts: items.length,
    accuracy: round(judged ? right / judged : 0),
    right,
    judged,
    baseline: { stage: majority?.stage ?? order[0] ?? '', accuracy: round(judged && majority ? majority.labelled / judged : 0) },
    perStage,
    confusion: Object.fromEntries(
      stages.filter((s) => confusion[s]).map((s) => [s, Object.fromEntries(stages.filter((p) => confusion[s]![p]).map((p) => [p, confusion[s]![p]!]))]),
    ),
    errors,
  };
}

/** A labelled sentence is found when a finding on it has one of its labels, or is a force where it is labelled with one. */
export function isFoundAs(finding: ClassifiedFinding, gold: GoldSentence): boolean {
  return (gold.labels as string[]).includes(finding.category) || (gold.force !== undefined && finding.category === 'force');
}
