import type { Token } from '../types.js';

/**
 * The tense and aspect of a sentence, read from the parse (wink's part of
 * speech and lemma): wink has no tense tag, but a verb whose word differs from
 * its lemma in the way past forms do ("bought"/buy, "was"/be) is past.
 *
 * - `past`: "we bought it", "it was ancient", "I had been looking" (also the past perfect)
 * - `habitual_past`: "I used to copy it by hand": a habit that has stopped
 * - `would`: "I'd wake up and it would take me twenty minutes": a past habit or a hypothesis
 * - `present`: "I use it daily", "it's fine"
 * - `perfect`: "I've been using it since March", "it has changed how I work": from then up to now
 * - `future`: "I'll keep it", "I'm going to cancel"
 */
export const TENSES = ['past', 'habitual_past', 'would', 'present', 'perfect', 'future'] as const;
export type Tense = (typeof TENSES)[number];

/** Words that open a subordinate clause: the main clause's tense is the sentence's ("since we switched, I sleep better"). */
const SUBORDINATORS = new Set(['when', 'since', 'before', 'after', 'once', 'if', 'because', 'until', 'till', 'while', 'whenever', 'as', 'though', 'although', 'unless']);
/** Words that may sit inside a verb group without ending it ("I have also really been using"). */
const INSIDE_GROUP = new Set([
  'not',
  'never',
  'just',
  'also',
  'really',
  'only',
  'still',
  'already',
  'always',
  'even',
  'ever',
  'actually',
  'kind',
  'sort',
  'of',
  'probably',
  'definitely',
  'usually',
  'often',
  'sometimes',
  'mostly',
  'literally',
  'basically',
  'finally',
]);
const MODALS = new Set(['can', 'could', 'should', 'might', 'may', 'must', 'ought']);
const PAST_BE = new Set(['was', 'were']);
const PRESENT_BE = new Set(['am', 'is', 'are', 'be']);
/** "I think it will...", "I guess we switched...": the clause they frame carries the time, not the framing verb. */
const FRAMING = new Set([
  'think',
  'feel',
  'guess',
  'believe',
  'hope',
  'suppose',
  'imagine',
  'mean',
  'know',
  'expect',
  'reckon',
  'say',
  'wish',
  'worry',
  'fear',
  'find',
  'remember',
]);

export interface TenseReading {
  /** the tense of the main clause (the first verb group outside a when/since/if clause), if the sentence has a finite verb */
  tense?: Tense;
  /** the words that show it ("used to", "bought", "'ll") */
  words?: string;
}

/** The tense of every finite verb group, in order ("it was February, so we've had it three months": past, perfect). */
export function tensesIn(tokens: Token[]): Tense[] {
  const found: Tense[] = [];
  for (let i = 0; i < tokens.length; i++) {
    if (!isVerb(tokens[i]!) || (i > 0 && continuesGroup(tokens, i))) continue;
    const group = groupTense(tokens, i);
    if (group?.tense) found.push(group.tense);
  }
  return found;
}

/** The sentence's tense, from its first main-clause verb group (or its first verb group when every group is subordinate). */
export function readTense(tokens: Token[]): TenseReading {
  let subordinate = false;
  let first: TenseReading | undefined;
  let framing: TenseReading | undefined;
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i]!;
    if (token.pos === 'PUNCT' || token.pos === 'CCONJ') subordinate = false;
    if (SUBORDINATORS.has(token.norm) && (token.pos === 'SCONJ' || token.pos === 'ADV' || token.pos === 'ADP')) subordinate = true;
    if (!isVerb(token) || (i > 0 && continuesGroup(tokens, i))) continue;
    const group = groupTense(tokens, i);
    if (!group) continue;
    if (FRAMING.has(token.lemma) && hasLaterVerb(tokens, i)) {
      framing ??= group;
      continue;
    }
    if (!subordinate) return group;
    first ??= group;
  }
  return first ?? framing ?? {};
}

function hasLaterVerb(tokens: Token[], i: number): boolean {
  for (let j = i + 1; j < tokens.length; j++) if (isVerb(tokens[j]!) && !continuesGroup(tokens, j)) return true;
  return false;
}

function isVerb(token: Token): boolean {
  return token.pos === 'VERB' || token.pos === 'AUX';
}

/** The token belongs to the verb group before it ("have been using"), or is an infinitive ("to use"), not a finite verb. */
function continuesGroup(tokens: Token[], i: number): boolean {
  for (let j = i - 1; j >= 0; j--) {
    const before = tokens[j]!;
    if (isVerb(before)) return true;
    if (before.norm === 'to' && before.pos === 'PART') return true;
    if (!INSIDE_GROUP.has(before.norm)) return false;
  }
  return false;
}

/** The next verb of the group that starts at `i`, skipping adverbs and negation. */
function nextInGroup(tokens: Token[], i: number): Token | undefined {
  for (let j = i + 1; j < tokens.length; j++) {
    const token = tokens[j]!;
    if (isVerb(token)) return token;
    if (!INSIDE_GROUP.has(token.norm) && token.norm !== 'not') return undefined;
  }
  return undefined;
}

function groupTense(tokens: Token[], i: number): TenseReading | undefined {
  const head = tokens[i]!;
  const next = nextInGroup(tokens, i);
  const words = (n: number) =>
    tokens
      .slice(i, i + n)
      .map((t) => t.text)
      .join(' ');
  if (head.norm === 'will' || head.norm === 'shall' || head.norm === 'gonna') return { tense: 'future', words: head.text };
  if (head.norm === 'would') return next?.norm === 'had' || next?.norm === 'have' ? { tense: 'past', words: words(2) } : { tense: 'would', words: head.text };
  if (MODALS.has(head.norm)) return undefined;
  if (head.norm === 'used' && tokens[i + 1]?.norm === 'to' && tokens[i + 2] && isVerb(tokens[i + 2]!) && !isBeOrGet(tokens[i - 1])) {
    return { tense: 'habitual_past', words: 'used to' };
  }
  if (head.lemma === 'go' && head.norm === 'going' && tokens[i + 1]?.norm === 'to' && tokens[i + 2] && isVerb(tokens[i + 2]!)) return { tense: 'future', words: 'going to' };
  if (PRESENT_BE.has(head.norm) || head.norm === 'have' || head.norm === 'has') {
    if (next?.norm === 'going' && goingTo(tokens, next)) return { tense: 'future', words: `${head.text} going to` };
    if (next && (next.norm === 'been' || (head.lemma === 'have' && isPastForm(next)))) return { tense: 'perfect', words: `${head.text} ${next.text}` };
    return { tense: 'present', words: head.text };
  }
  if (PAST_BE.has(head.norm) || head.norm === 'had' || head.norm === 'did') return { tense: 'past', words: head.text };
  if (head.norm === 'do' || head.norm === 'does') return { tense: 'present', words: head.text };
  if (head.pos !== 'VERB' || head.norm.endsWith('ing')) return undefined;
  return { tense: isPastForm(head) ? 'past' : 'present', words: head.text };
}

function goingTo(tokens: Token[], going: Token): boolean {
  const at = tokens.indexOf(going);
  return tokens[at + 1]?.norm === 'to' && Boolean(tokens[at + 2] && isVerb(tokens[at + 2]!));
}

/** "I'm used to it", "got used to it": being accustomed, not a past habit. */
function isBeOrGet(token: Token | undefined): boolean {
  return token !== undefined && (token.lemma === 'be' || token.lemma === 'get');
}

/** A verb form that is not its lemma, nor the lemma with -s or -ing: bought, was, tried, had. */
function isPastForm(token: Token): boolean {
  const { norm, lemma } = token;
  if (norm === lemma || norm.endsWith('ing')) return false;
  if (norm === `${lemma}s` || norm === `${lemma}es` || (lemma.endsWith('y') && norm === `${lemma.slice(0, -1)}ies`)) return false;
  return !PRESENT_BE.has(norm) && norm !== 'has';
}
