import type { Token } from '../types.js';
import { stem } from './nlp.js';
import { changedToken } from './token.js';

/**
 * Contractions typed without the apostrophe ("doesnt", "dont", "ive",
 * "youre"), common in chat interviews: about 200 in the corpus. wink-nlp
 * splits most of them ("does" + "nt") but leaves the tail as written, and
 * leaves some whole ("didnt" before a comma), so a rule written "doesn't"
 * missed them and a rule written "doesnt" matched nothing at all. Here the
 * tail is spelt out as the apostrophe's form is ("nt" -> "not"), in the text
 * and in a rule's words alike.
 */
const TAILS = new Map([
  ['nt', 'not'],
  ['ve', 'have'],
  ['re', 'are'],
  ['ll', 'will'],
]);

/**
 * The words each tail follows; not "we" + "re" (were), "we"/"he"/"she" + "ll"
 * (well, hell, shell), "i" + "ll" (ill). "ca" and "wo" as typed ("cant",
 * "wont"), "can" and "will" as a split-off head's normal form reads them.
 */
const HEADS = new Map([
  ['nt', new Set(['do', 'does', 'did', 'is', 'was', 'were', 'are', 'has', 'have', 'had', 'could', 'would', 'should', 'must', 'need', 'might', 'ca', 'wo', 'can', 'will'])],
  ['ve', new Set(['i', 'you', 'we', 'they', 'would', 'could', 'should', 'might', 'must'])],
  ['re', new Set(['you', 'they'])],
  ['ll', new Set(['you', 'it', 'that', 'they'])],
]);

/** wink-nlp's own spelling of the heads it splits off: "ca" + "nt" is "can not". */
const HEAD_WORDS = new Map([
  ['ca', 'can'],
  ['wo', 'will'],
]);
/** The lemmas wink gives the heads when it splits them itself. (Maps, not objects: a word may be "constructor".) */
const HEAD_LEMMAS = new Map(Object.entries({ did: 'do', does: 'do', is: 'be', was: 'be', were: 'be', are: 'be', has: 'have', had: 'have' }));

/** A typed contraction as the words a rule means by it ("doesnt" -> does, not); undefined for any other word. */
export function splitTypedContraction(word: string): string[] | undefined {
  const lower = word.toLowerCase();
  for (const [tail, spelt] of TAILS) {
    if (!lower.endsWith(tail)) continue;
    const head = lower.slice(0, -tail.length);
    if (HEADS.get(tail)!.has(head)) return [HEAD_WORDS.get(head) ?? head, spelt];
  }
  return undefined;
}

/**
 * Spells out the typed contractions of one sentence's tokens in place: a
 * tail wink split off ("does" "nt") reads as "not"; a word it left whole
 * ("didnt") is split the same way, and since wink did not read it as a
 * negation, the words after it up to the next punctuation are negated as
 * wink negates them (the clause limit comes after, negation.ts).
 */
export function spellTypedContractions(tokens: Token[]): void {
  // every token of every sentence passes here: its normal form is already in lower case, so nothing is made for most
  for (let t = tokens.length - 1; t >= 0; t--) {
    const token = tokens[t]!;
    const before = tokens[t - 1];
    const spelt = TAILS.get(token.norm);
    if (spelt && before && before.end === token.start && HEADS.get(token.norm)!.has(before.norm)) {
      token.norm = token.stem = spelt;
      continue;
    }
    const split = token.norm.endsWith('nt') ? splitTypedContraction(token.norm) : undefined;
    if (!split) continue;
    const at = token.start + token.text.length - 2;
    const word = split[0]!;
    const head = changedToken(token, { text: token.text.slice(0, -2), norm: word, stem: stem(word), lemma: HEAD_LEMMAS.get(word) ?? word, pos: 'AUX', end: at });
    const not = changedToken(token, { text: token.text.slice(-2), norm: 'not', stem: 'not', lemma: 'not', pos: 'PART', start: at });
    tokens.splice(t, 1, head, not);
    for (let n = t + 2; n < tokens.length && tokens[n]!.pos !== 'PUNCT'; n++) tokens[n]!.negated = true;
  }
}
