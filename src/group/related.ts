import type { Category, ClassifiedFinding, RelatedCue } from '../types.js';

const MAX_CUES = 5;

export function at(finding: ClassifiedFinding): string {
  return `${finding.evidence.file}:${finding.evidence.line}`;
}

/** `time: 00:01:05` where the source has timestamps, nothing otherwise. */
export function when(finding: ClassifiedFinding): { time?: string } {
  return finding.evidence.time ? { time: finding.evidence.time } : {};
}

/**
 * Findings that speak about the same moment as a job: in the same answer, or in
 * the participant's answers just before or after it (the interviewer's question sits between).
 */
export function nearFindings(job: ClassifiedFinding, all: ClassifiedFinding[]): ClassifiedFinding[] {
  const turn = job.evidence.turn;
  return all.filter((f) => f.category !== 'job' && Math.abs(f.evidence.turn - turn) <= 2 && f.evidence.speaker === job.evidence.speaker);
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
