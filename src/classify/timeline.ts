import type { When } from '../rules/types.js';
import type { Sentence } from '../types.js';
import { tensesIn, type Tense } from './tense.js';
import { readTime, type TimeIndex, type TimeReading } from './time.js';

/** A sentence's time as the stage decision reads it: its own, or carried over from earlier in the same answer. */
export interface SentenceTime extends TimeReading {
  /** the earlier sentence of the answer whose time this one carries ("Four years ago we got the cheap one. It sagged.") */
  carriedFrom?: Sentence;
}

/**
 * The tenses in which a sentence goes on in a time set before it: "Four
 * years ago we got the cheap one. It sagged." goes on in the past; "It's
 * great" has come back to now. Only a story told in the past (before or at
 * the anchor) or a look ahead carries over: the present is where an
 * interview stands anyway, so "after" and "then and now" are said, not carried.
 */
const GOES_ON: Record<When, (Tense | undefined)[]> = {
  before: ['past', 'habitual_past', 'would'],
  at: ['past', 'would'],
  after: [],
  change: [],
  future: ['future', 'would'],
};

const UNITS = new Set(['day', 'week', 'month', 'year', 'decade', 'yesterday']);

/** Only a sentence with a unit of time can date the anchor; most cannot, and are not read twice. */
function mentionsAnAmountOfTime(sentence: Sentence): boolean {
  return sentence.tokens.some((token) => UNITS.has(token.lemma));
}

const CAN_GO_ON = new Set(Object.values(GOES_ON).flat());

export function goesOn(when: When, tense: Tense | undefined): boolean {
  return GOES_ON[when].includes(tense);
}

/**
 * The tenses in which an answer speaks to a question's time: asked about
 * before the purchase, an answer in the past (or without a verb: "My physio,
 * actually.") is about then; one in the present is about now.
 */
const ANSWERS: Record<When, (Tense | undefined)[]> = {
  // people tell the old way in the present too ("then you have to fix all the columns")
  before: ['past', 'habitual_past', 'would', 'present', undefined],
  at: ['past', 'would', undefined],
  after: ['present', 'perfect', undefined],
  change: ['present', 'perfect', 'past', 'habitual_past', undefined],
  future: ['future', 'would', 'present', undefined],
};

export function answers(when: When, tense: Tense | undefined): boolean {
  return ANSWERS[when].includes(tense);
}

/**
 * The times of one interview's sentences, read once each: every sentence's
 * own time, how long ago the anchor was (from the first sentence that dates
 * it: "we bought it two weeks ago", "we've had it about two months"), and the
 * time each answer sentence goes on in.
 */
export class InterviewTime {
  private readonly own = new Map<number, TimeReading>();
  private readonly carried = new Map<number, SentenceTime>();
  /** when the anchor was, looked for once and only when a sentence says "... ago" */
  private dated?: { age?: number; by?: Sentence };

  constructor(
    private readonly sentences: Sentence[],
    private readonly index: TimeIndex,
  ) {}

  /** Days between the anchor event and the interview, when the interview dates it, and the sentence that does. */
  anchorDate(): { age?: number; by?: Sentence } {
    if (!this.dated) {
      this.dated = {};
      for (const sentence of this.sentences) {
        if (!mentionsAnAmountOfTime(sentence)) continue;
        const undated = this.undatedTime(sentence);
        // "we bought it two weeks ago", or "we've had it about three months": a point, or a length up to now
        if (undated.namesAnchor && undated.amount && (undated.amount.ago || tensesIn(sentence.tokens).includes('perfect'))) {
          this.dated = { age: undated.amount.days, by: sentence };
          break;
        }
      }
    }
    return this.dated;
  }

  /** What the sentence itself says about time; a date ("four years ago") is compared with the anchor's, once the interview dates it. */
  ownTime(sentence: Sentence): TimeReading {
    const undated = this.undatedTime(sentence);
    if (undated.by === 'anchor' || !undated.amount?.ago) return undated;
    const { age, by } = this.anchorDate();
    if (age === undefined || by === sentence) return undated;
    let reading = this.own.get(sentence.index);
    if (!reading) {
      reading = readTime(sentence, this.index, age);
      this.own.set(sentence.index, reading);
    }
    return reading;
  }

  /** The sentence's time before any date is compared with the anchor's: most sentences have no date, and this is their time. */
  private readonly undated = new Map<number, TimeReading>();

  private undatedTime(sentence: Sentence): TimeReading {
    let reading = this.undated.get(sentence.index);
    if (!reading) {
      reading = readTime(sentence, this.index);
      this.undated.set(sentence.index, reading);
    }
    return reading;
  }

  /**
   * The sentence's own time, or the time of the answer so far when the
   * sentence goes on in it: the nearest earlier sentence of the same turn
   * that has a time (its own or carried), if no sentence between changed the tense.
   */
  timeInAnswer(sentence: Sentence): SentenceTime {
    const cached = this.carried.get(sentence.index);
    if (cached) return cached;
    const own = this.ownTime(sentence);
    let time: SentenceTime = own;
    const previous = this.sentences[sentence.index - 1];
    // only a sentence in a tense that can go on in an earlier time looks back (most are in the present)
    if (!own.when && CAN_GO_ON.has(own.tense) && previous && previous.turn === sentence.turn) {
      const before = this.timeInAnswer(previous);
      if (before.when && goesOn(before.when, own.tense)) {
        time = { ...own, when: before.when, words: before.words!, by: before.by!, carriedFrom: before.carriedFrom ?? previous };
      }
    }
    this.carried.set(sentence.index, time);
    return time;
  }
}
