import type { Category, ClassifiedFinding, RelatedCue } from '../types.js';

const MAX_CUES = 5;

export function at(finding: ClassifiedFinding): string {
  return `${finding.evidence.file}:${finding.evidence.line}`;
}

/** `time: 00:01:05` where the source has timestamps, nothing otherwise. */
export function when(finding: ClassifiedFinding): { time?: string } {
  return finding.evidence.time ? { time: finding.evidence.time } : {};
}

/** How many answers before and after a job's own still speak about its moment (the interviewer's question sits between). */
const NEAR_TURNS = 2;

/**
 * A transcript's findings other than jobs, by turn, so that the findings near
 * a job are looked up in its few turns rather than searched for among all of
 * them: a transcript of 16 MB holds tens of thousands of findings, and
 * comparing each job with each of them made one long transcript take minutes.
 */
export class NearFindings {
  private readonly byTurn = new Map<number, { order: number; finding: ClassifiedFinding }[]>();

  constructor(findings: ClassifiedFinding[]) {
    findings.forEach((finding, order) => {
      if (finding.category === 'job') return;
      const turn = finding.evidence.turn;
      if (!this.byTurn.has(turn)) this.byTurn.set(turn, []);
      this.byTurn.get(turn)!.push({ order, finding });
    });
  }

  /**
   * Findings that speak about the same moment as a job: in the same answer, or
   * in the participant's answers just before or after it; in transcript order.
   */
  of(job: ClassifiedFinding): ClassifiedFinding[] {
    const near: { order: number; finding: ClassifiedFinding }[] = [];
    for (let turn = job.evidence.turn - NEAR_TURNS; turn <= job.evidence.turn + NEAR_TURNS; turn++) {
      for (const entry of this.byTurn.get(turn) ?? []) if (entry.finding.evidence.speaker === job.evidence.speaker) near.push(entry);
    }
    return near.sort((a, b) => a.order - b.order).map((entry) => entry.finding);
  }
}

/** The strongest distinct cues of one category, same answer first. */
export function topCues(category: Category, near: { finding: ClassifiedFinding; sameTurn: boolean }[]): RelatedCue[] {
  const seen = new Set<string>();
  return near
    .filter(({ finding }) => finding.category === category)
    .sort(
      (a, b) =>
        Number(b.sameTurn) - Number(a.sameTurn) ||
        b.finding.confidence - a.finding.confidence ||
        compareIds(a.finding.id, b.finding.id),
    )
    .filter(({ finding }) => !seen.has(finding.id) && Boolean(seen.add(finding.id)))
    .slice(0, MAX_CUES)
    .map(({ finding }) => ({
      text: clip(finding.sentence),
      ...(finding.subtype ? { subtype: finding.subtype } : {}),
      at: at(finding),
      ...when(finding),
    }));
}

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function clip(text: string, max = 220): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length <= max ? flat : flat.slice(0, max - 1).replace(/\s+\S*$/, '') + '\u2026';
}
