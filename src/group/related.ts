import { CUE_CATEGORIES, type Category, type CueCategory } from '../categories.js';
import type { ClassifiedFinding } from '../types.js';
import type { RelatedCue } from '../jobMapTypes.js';

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
 * ... and how many sentences away, at most: it bounds a transcript of one long
 * turn (notes without speaker labels), where every finding would otherwise be
 * near every job. Interview answers are far shorter: the corpus's and the
 * samples' output is the same with it as without.
 */
export const NEAR_SENTENCES = 150;

interface Entry {
  order: number;
  finding: ClassifiedFinding;
}

/**
 * A transcript's findings other than jobs, by turn and in sentence order, so
 * that the findings near a job are looked up in its few turns and sentences
 * rather than searched for among all of them: comparing each job with each
 * finding made one long transcript take minutes.
 */
export class NearFindings {
  private readonly byTurn = new Map<number, Entry[]>();

  constructor(findings: ClassifiedFinding[]) {
    findings.forEach((finding, order) => {
      if (finding.category === 'job') return;
      const turn = finding.evidence.turn;
      if (!this.byTurn.has(turn)) this.byTurn.set(turn, []);
      this.byTurn.get(turn)!.push({ order, finding });
    });
    for (const entries of this.byTurn.values()) entries.sort((a, b) => a.finding.evidence.sentence - b.finding.evidence.sentence || a.order - b.order);
  }

  /**
   * Findings that speak about the same moment as a job: in the same answer, or
   * in the participant's answers just before or after it, within
   * NEAR_SENTENCES; in transcript order.
   */
  of(job: ClassifiedFinding): ClassifiedFinding[] {
    const { turn, sentence, speaker } = job.evidence;
    const near: Entry[] = [];
    for (let t = turn - NEAR_TURNS; t <= turn + NEAR_TURNS; t++) {
      const entries = this.byTurn.get(t) ?? [];
      for (let i = firstFrom(entries, sentence - NEAR_SENTENCES); i < entries.length; i++) {
        const entry = entries[i]!;
        if (entry.finding.evidence.sentence > sentence + NEAR_SENTENCES) break;
        if (entry.finding.evidence.speaker === speaker) near.push(entry);
      }
    }
    return near.sort((a, b) => a.order - b.order).map((entry) => entry.finding);
  }
}

/** The first entry said at or after `sentence` (entries in sentence order). */
function firstFrom(entries: Entry[], sentence: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (entries[middle]!.finding.evidence.sentence < sentence) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** A finding said near a job's mentions, and whether in the same answer as any of them. */
interface NearCue {
  finding: ClassifiedFinding;
  sameTurn: boolean;
}

/**
 * The strongest distinct cues of each category said near a job's mentions,
 * same answer first. A finding near several mentions counts once, in the same
 * answer if it is so for any of them: taken apart before sorting, since a job
 * said often in one long answer is near the same findings many times over.
 * One pass over the mentions, whatever the number of categories: a job of
 * thousands of mentions is near tens of thousands of findings.
 */
export function cuesNear(mentions: { job: ClassifiedFinding; near: ClassifiedFinding[] }[]): Partial<Record<CueCategory, RelatedCue[]>> {
  const byCategory = new Map<Category, Map<string, NearCue>>();
  for (const { job, near } of mentions) {
    for (const finding of near) {
      let distinct = byCategory.get(finding.category);
      if (!distinct) byCategory.set(finding.category, (distinct = new Map()));
      const sameTurn = finding.evidence.turn === job.evidence.turn;
      const seen = distinct.get(finding.id);
      if (!seen) distinct.set(finding.id, { finding, sameTurn });
      else if (sameTurn) seen.sameTurn = true;
    }
  }
  const cues: Partial<Record<CueCategory, RelatedCue[]>> = {};
  for (const { id } of CUE_CATEGORIES) {
    const distinct = byCategory.get(id);
    if (distinct?.size) cues[id] = strongest(distinct);
  }
  return cues;
}

function strongest(distinct: Map<string, NearCue>): RelatedCue[] {
  return [...distinct.values()]
    .sort((a, b) => Number(b.sameTurn) - Number(a.sameTurn) || b.finding.confidence - a.finding.confidence || compareIds(a.finding.id, b.finding.id))
    .slice(0, MAX_CUES)
    .map(({ finding }) => ({
      text: clip(finding.sentence),
      ...(finding.subtype ? { subtype: finding.subtype } : {}),
      at: at(finding),
      ...when(finding),
    }));
}

/** Whitespace other than single spaces between words: a tab, a newline, two spaces, a space at either end. */
const IRREGULAR_SPACE = /[^\S ]| {2}|^ | $/;

export function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function clip(text: string, max = 220): string {
  // most sentences are spaced with single spaces already, and a run clips tens of thousands: those are not rebuilt
  const flat = IRREGULAR_SPACE.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
  return flat.length <= max ? flat : flat.slice(0, max - 1).replace(/\s+\S*$/, '') + '\u2026';
}
