import type { LabelledTranscript } from './collect.js';
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

export interface StageScore {
  /** share of found labelled sentences whose finding has the labelled stage */
  accuracy: number;
  judged: number;
  /** always answering the most common labelled stage: the score to beat */
  baseline: { stage: string; accuracy: number };
  perStage: StageRow[];
  /** labelled stage -> placed stage -> sentences */
  confusion: Record<string, Record<string, number>>;
}

/**
 * Stage accuracy on the labelled sentences the rules found (a sentence found
 * under one of its labels), beside the majority baseline and per stage, so a
 * stage that is right only because it is common fools nobody.
 */
export function scoreStages(items: LabelledTranscript[], order: string[]): StageScore {
  const pairs: [string, string][] = [];
  for (const item of items) {
    item.gold.sentences.forEach((g, i) => {
      if (!g.stage) return;
      const found = (item.aligned[i] ?? [])
        .flatMap((s) => item.findings.filter((f) => f.evidence.sentence === s && (g.labels as string[]).includes(f.category)))
        .at(0);
      if (found) pairs.push([g.stage, found.stage]);
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
    accuracy: round(judged ? right / judged : 0),
    judged,
    baseline: { stage: majority?.stage ?? order[0] ?? '', accuracy: round(judged && majority ? majority.labelled / judged : 0) },
    perStage,
    confusion: Object.fromEntries(stages.filter((s) => confusion[s]).map((s) => [s, Object.fromEntries(stages.filter((p) => confusion[s]![p]).map((p) => [p, confusion[s]![p]!]))])),
  };
}
