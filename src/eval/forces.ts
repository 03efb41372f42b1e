import type { LabelledTranscript } from './collect.js';
import { f1Of, ratio, round } from './measures.js';

/** How the four forces of a switch (push, pull, anxiety, habit) were found, on transcripts labelled with `force:`. */
export interface ForceScore {
  /** transcripts with at least one `force:` label: only those are scored */
  transcripts: number;
  labelled: number;
  found: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  /** of the labelled sentences found, the share whose force finding names the labelled force */
  subtypeAccuracy: number | null;
}

/**
 * A force finding on a sentence labelled with a force counts as found (as a
 * category); whether it names the right force (push for push) is read apart,
 * like a stage. Transcripts nobody labelled for forces are left out, so a run
 * with forces on is not blamed for sentences no label speaks about.
 */
export function scoreForces(items: LabelledTranscript[]): ForceScore | undefined {
  const scored = items.filter((item) => item.gold.sentences.some((g) => g.force));
  if (scored.length === 0) return undefined;
  let labelled = 0,
    recalled = 0,
    found = 0,
    correct = 0,
    rightForce = 0;
  for (const item of scored) {
    const forces = item.findings.filter((f) => f.category === 'force');
    for (const finding of forces) {
      found++;
      if (item.forceOf.has(finding.evidence.sentence)) correct++;
    }
    item.gold.sentences.forEach((g, i) => {
      if (!g.force) return;
      labelled++;
      const hit = forces.find((f) => (item.aligned[i] ?? []).includes(f.evidence.sentence));
      if (!hit) return;
      recalled++;
      if (hit.subtype === g.force) rightForce++;
    });
  }
  const precision = ratio(correct, found);
  const recall = ratio(recalled, labelled);
  return {
    transcripts: scored.length,
    labelled,
    found,
    precision: round(precision),
    recall: round(recall),
    f1: round(f1Of(precision, recall)),
    subtypeAccuracy: round(ratio(rightForce, recalled)),
  };
}
