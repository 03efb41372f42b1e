import type { Classifier } from '../classify/index.js';
import type { ClassifiedFinding, Finding, SegmentedTranscript } from '../types.js';
import { findingPlace, type RememberedTranscript } from './hitsEntry.js';

/**
 * The findings classified: from what is known where it is, by classify for
 * the rest (in one call, so it reads the transcript's times once). With
 * each, what classify added to it, to remember.
 */
export function classifiedFindings(
  classify: Classifier,
  segmented: SegmentedTranscript,
  found: Finding[],
  known: RememberedTranscript['classified'],
): { findings: ClassifiedFinding[]; added: Partial<ClassifiedFinding>[]; classifiedNow: number } {
  const unknown = found.filter((finding) => !known[findingPlace(finding)]);
  const fresh = new Map(classify(segmented, unknown).map((classified, i) => [unknown[i]!, classified]));
  const findings: ClassifiedFinding[] = [];
  const added: Partial<ClassifiedFinding>[] = [];
  for (const finding of found) {
    const classified = fresh.get(finding);
    const part = classified ? addedBy(finding, classified) : known[findingPlace(finding)]!;
    // a finding classify just made is kept as it made it
    findings.push(classified ?? ({ ...finding, ...part } as ClassifiedFinding));
    added.push(part);
  }
  return { findings, added, classifiedNow: unknown.length };
}

/**
 * What classify added to a finding or changed in it, in the order it wrote
 * them: spread over the finding again, it gives what classify gave, key for
 * key (a key classify changed keeps its place, as in classify's own spread).
 */
function addedBy(finding: Finding, classified: ClassifiedFinding): Partial<ClassifiedFinding> {
  const before = finding as unknown as Record<string, unknown>;
  return Object.fromEntries(Object.entries(classified).filter(([key, value]) => !(key in before) || before[key] !== value));
}
