import { contentWords } from '../rules/find.js';
import { MatcherIndex, type IndexedMatcher } from '../rules/index.js';
import { findPattern } from '../rules/patternMatch.js';
import type { Matcher } from '../rules/matchers.js';
import { ANCHOR_RELATIONS, TIME_CUE_KEYS, type AnchorRelation, type TimeCueKey, type TimeCues, type When } from '../rules/types.js';
import type { Sentence, Token } from '../types.js';
import { readTense, type Tense } from './tense.js';
import { amountOfTime, type AmountOfTime } from './amount.js';

/** What a sentence says about time: its tense, and when it happens relative to the anchor, with the words that say so. */
export interface TimeReading {
  tense?: Tense;
  when?: When;
  /** the words that say when ("before I had AI", "used to", "four years ago") */
  words?: string;
  /** what said it: the anchor named with a relation word, a date compared with the anchor's, a time expression, the tense */
  by?: 'anchor' | 'date' | 'expression' | 'tense';
  /** a date in the sentence ("two weeks ago", "about two months" with "had it") */
  amount?: AmountOfTime;
  /** the sentence names the anchor event itself ("we bought it", "since I started using it") */
  namesAnchor?: boolean;
}

/** The time file's cues, indexed once per rule set: the anchor's events and the time expressions in one index, so a sentence is looked up once. */
export interface TimeIndex {
  cues: TimeCues;
  index: MatcherIndex<TimeCueKey | 'event'>;
}

export function indexTimeCues(cues: TimeCues): TimeIndex {
  return {
    cues,
    index: new MatcherIndex<TimeCueKey | 'event'>([{ item: 'event', matchers: cues.anchor.events }, ...TIME_CUE_KEYS.map((key) => ({ item: key, matchers: cues.when[key] }))]),
  };
}

interface Signal {
  when: When | 'now';
  words: string;
  /** where in the sentence (word index), so the earliest speaks first */
  at: number;
  by: NonNullable<TimeReading['by']>;
}

/**
 * Reads when a sentence happens. Strongest first: the anchor named with a
 * relation word ("since we switched"); a date compared with the anchor's
 * (`anchorAge`: days between the anchor and the interview); a time
 * expression; the tense ("used to": a stopped habit). A cue of before beside
 * one of after or now ("I used to ..., now ...") is a change.
 */
export function readTime(sentence: Sentence, index: TimeIndex, anchorAge?: number): TimeReading {
  const words = contentWords(sentence.tokens);
  const { tense, words: tenseWords } = readTense(sentence.tokens);
  const reading: TimeReading = tense ? { tense } : {};
  const candidates = index.index.candidates(words);
  const event = findEvent(candidates, words);
  if (event) reading.namesAnchor = true;
  const amount = amountOfTime(words);
  if (amount) reading.amount = amount;
  const signals = expressionSignals(candidates, words, tense);
  // "I used to ...": a habit that has stopped is a time before, which beside a "now" makes a change
  if (tense === 'habitual_past') signals.push({ when: 'before', words: tenseWords!, at: usedToAt(words), by: 'tense' });
  const relation = event && findRelation(index.cues, words, event.start);
  const named: Signal | undefined = relation ? { when: relation.relation, words: spell(words, relation.start, event!.end), at: relation.start, by: 'anchor' } : undefined;
  const settled = resolve(signals, named ?? datedSignal(amount, anchorAge, event, words));
  return settled ? { ...reading, ...settled } : reading;
}

/**
 * A date read against the anchor's: once the interview dated the anchor,
 * "four years ago" is before it; before that, "we bought it two weeks ago"
 * (the event with a date) is the anchor itself.
 */
function datedSignal(amount: AmountOfTime | undefined, anchorAge: number | undefined, event: { start: number; end: number } | undefined, words: Token[]): Signal | undefined {
  if (!amount?.ago) return undefined;
  if (anchorAge !== undefined) return { when: compareWithAnchor(amount, anchorAge), words: amount.words, at: 0, by: 'date' };
  if (event) return { when: 'at', words: `${spell(words, event.start, event.end)} ... ${amount.words}`, at: event.start, by: 'date' };
  return undefined;
}

/**
 * The strongest time among the sentence's signals: then and now together make
 * a change; the anchor (named with a relation word, or dated) comes next; then
 * the earliest expression in the sentence. `now` alone says nothing.
 */
function resolve(signals: Signal[], anchored: Signal | undefined): Pick<TimeReading, 'when' | 'words' | 'by'> | undefined {
  const ordered = [...signals, ...(anchored ? [anchored] : [])].sort((a, b) => a.at - b.at);
  const of = (when: Signal['when']) => ordered.find((s) => s.when === when);
  const change = of('change');
  if (change) return { when: 'change', words: change.words, by: change.by };
  const before = of('before');
  const now = of('after') ?? of('now');
  if (before && now) return { when: 'change', words: `${before.words} ... ${now.words}`, by: before.by };
  if (anchored) return { when: anchored.when as When, words: anchored.words, by: anchored.by };
  const first = ordered.find((s) => s.when !== 'now');
  return first ? { when: first.when as When, words: first.words, by: first.by } : undefined;
}

/** Time expressions in the sentence; a future one in a past sentence ("one day I asked it...") is no future. */
function expressionSignals(candidates: IndexedMatcher<TimeCueKey | 'event'>[], words: Token[], tense: Tense | undefined): Signal[] {
  const signals: Signal[] = [];
  const seen = new Set<TimeCueKey>();
  for (const { item: key, matcher } of candidates) {
    if (key === 'event' || seen.has(key)) continue;
    const span = findPattern(matcher.pattern, words);
    if (!span) continue;
    if (key === 'future' && (tense === 'past' || tense === 'habitual_past')) continue;
    // "it hasn't changed how I work" says no change
    if (key === 'change' && negatesVerb(words, span)) continue;
    seen.add(key);
    signals.push({ when: key, words: spell(words, span.start, span.end), at: span.start, by: 'expression' });
  }
  return signals;
}

/** A negated verb in a cue ("hasn't changed the way") denies it; "anymore" after a negation is the change itself. */
function negatesVerb(words: Token[], span: { start: number; end: number }): boolean {
  for (let i = span.start; i < span.end; i++) if (words[i]!.negated && words[i]!.pos === 'VERB') return true;
  return false;
}

function usedToAt(words: Token[]): number {
  const at = words.findIndex((w, i) => w.norm === 'used' && words[i + 1]?.norm === 'to');
  return at < 0 ? 0 : at;
}

function findEvent(candidates: IndexedMatcher<TimeCueKey | 'event'>[], words: Token[]): { start: number; end: number } | undefined {
  let first: { start: number; end: number } | undefined;
  for (const { item, matcher } of candidates) {
    if (item !== 'event') continue;
    const span = findPattern(matcher.pattern, words);
    if (span && (!first || span.start < first.start)) first = span;
  }
  return first;
}

/** A relation word ending at most `within` words before the event: "before [I had] AI", "since [we] switched". */
function findRelation(cues: TimeCues, words: Token[], eventStart: number): { relation: AnchorRelation; start: number } | undefined {
  const { within } = cues.anchor;
  let best: { relation: AnchorRelation; start: number; end: number } | undefined;
  for (const relation of ANCHOR_RELATIONS) {
    for (const matcher of cues.anchor.relations[relation]) {
      const found = nearestBefore(matcher, words, eventStart, within);
      if (found && (!best || found.end > best.end)) best = { relation, ...found };
    }
  }
  return best;
}

function nearestBefore(matcher: Matcher, words: Token[], eventStart: number, within: number): { start: number; end: number } | undefined {
  for (let start = eventStart - 1; start >= Math.max(0, eventStart - within - 4); start--) {
    const span = findPattern(matcher.pattern, words.slice(start, eventStart));
    if (span && span.start === 0 && eventStart - (start + span.end) <= within) return { start, end: start + span.end };
  }
  return undefined;
}

/**
 * Earlier than the anchor by half as much again (and a few days) is before it;
 * later by as much is after it; in between, at it. "Four years ago" is before a
 * purchase made "two weeks ago"; "last week" after it.
 */
function compareWithAnchor(amount: AmountOfTime, anchorAge: number): When {
  if (amount.days > anchorAge * 1.5 + 3) return 'before';
  if (amount.days < (anchorAge - 3) / 1.5) return 'after';
  return 'at';
}

function spell(words: Token[], start: number, end: number): string {
  return words
    .slice(start, end)
    .map((w) => w.text)
    .join(' ');
}
