import type { Token } from '../types.js';

/** An amount of time in a sentence: "four years ago", "last month", "about two months" (with "we've had it"). */
export interface AmountOfTime {
  /** roughly how many days */
  days: number;
  /** "ago", "last ...", "yesterday": a point before the interview; otherwise a length of time */
  ago: boolean;
  words: string;
}

// Maps, not object literals: a word like "constructor" must not find anything
const UNIT_DAYS = new Map(Object.entries({ day: 1, week: 7, month: 30, year: 365, decade: 3650 }));
const COUNTS = new Map(
  Object.entries({
    a: 1,
    an: 1,
    one: 1,
    two: 2,
    three: 3,
    four: 4,
    five: 5,
    six: 6,
    seven: 7,
    eight: 8,
    nine: 9,
    ten: 10,
    eleven: 11,
    twelve: 12,
    fifteen: 15,
    twenty: 20,
    thirty: 30,
    couple: 2,
    few: 3,
    several: 4,
    half: 0.5,
  }),
);

/**
 * The first amount of time in the sentence, read as days: a count, a unit and
 * "ago" ("four years ago", "a couple of weeks ago"), "last week/month/year",
 * "yesterday", or a length ("about two months", "for a year"). Dates by the
 * calendar ("last June") need the interview's date and are not read.
 */
export function amountOfTime(words: Token[]): AmountOfTime | undefined {
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    if (word.norm === 'yesterday') return { days: 1, ago: true, words: word.text };
    const unit = UNIT_DAYS.get(word.lemma);
    if (unit === undefined) continue;
    if (words[i - 1]?.norm === 'last' || words[i - 1]?.norm === 'past') {
      if (words[i - 1]!.norm === 'last') return { days: unit, ago: true, words: `${words[i - 1]!.text} ${word.text}` };
      continue;
    }
    const count = countBefore(words, i);
    if (!count) continue;
    const ago = words[i + 1]?.norm === 'ago';
    return {
      days: count.value * unit,
      ago,
      words: words
        .slice(count.start, ago ? i + 2 : i + 1)
        .map((w) => w.text)
        .join(' '),
    };
  }
  return undefined;
}

/** "four", "a couple of", "a few", "2", "half a": the count before a unit. */
function countBefore(words: Token[], unitAt: number): { value: number; start: number } | undefined {
  let at = unitAt - 1;
  if (words[at]?.norm === 'of') at--;
  const word = words[at];
  if (!word) return undefined;
  const value = /^\d+(\.\d+)?$/.test(word.norm) ? Number(word.norm) : COUNTS.get(word.norm);
  if (value === undefined) return undefined;
  // "a couple of", "a few": the article belongs to the count
  const start = (word.norm === 'couple' || word.norm === 'few') && words[at - 1]?.norm === 'a' ? at - 1 : at;
  return { value, start };
}
