/**
 * What text a rule's regex needs before it is worth running. RE2's engine
 * (regex.ts) is linear but not fast: an unanchored, case-insensitive
 * alternation such as `\b(dollars|bucks|quid)\s(a|per)\s(month|week)\b` costs
 * about 15 microseconds a sentence, as much as all the other rules of a
 * category together, though it matches a sentence in thousands.
 *
 * The literals a match cannot do without are read from the regex's top level:
 * runs of plain characters, and groups that are only a choice of plain words
 * (`(dollars|bucks|quid)`), unless a quantifier makes them optional. A
 * sentence that holds none of a group's words (case folded) cannot match, so
 * RE2 is not asked. Anything less plain (a class, an escape, a nested group,
 * an alternation at the top) asks for nothing, so the filter never turns away
 * a sentence the regex would match: it only saves time.
 */

/** Each entry: the sentence must hold one of these (lower case). An empty list: no filter. */
export type RequiredLiterals = string[][];

/**
 * Plain words are ASCII: RE2 folds only two other letters onto ASCII ones (the
 * Kelvin sign, the long s), which fold() folds too, while other scripts have
 * folds lower case does not make (final sigma, the micro sign).
 */
const PLAIN = /^[a-z0-9 '-]+$/i;
const PLAIN_CHARACTER = /^[\x20-\x7e]$/;
/** Characters with a meaning of their own at the top level of a regex. */
const SPECIAL = new Set(['\\', '[', '(', ')', '|', '.', '^', '$', '?', '*', '+', '{', '}']);

export function requiredLiterals(source: string): RequiredLiterals {
  const required: RequiredLiterals = [];
  let run = '';
  const endRun = () => {
    if (run) required.push([run]);
    run = '';
  };
  for (let i = 0; i < source.length;) {
    const char = source[i]!;
    if (char === '|') return []; // a choice at the top: no one part is needed
    if (!SPECIAL.has(char)) {
      // a quantifier after a character applies to it alone: "colou?r" needs "colo"; "go+d" needs "go", then "d"
      const quantified = afterQuantifier(source, i + 1) > i + 1;
      if (!PLAIN_CHARACTER.test(char) || isOptional(source, i + 1)) endRun();
      else {
        run += char.toLowerCase();
        if (quantified) endRun();
      }
      i = afterQuantifier(source, i + 1);
      continue;
    }
    endRun();
    const end = itemEnd(source, i);
    if (end < 0) return []; // not read to its end: ask for nothing
    // "(?i)" and the like match nothing: a quantifier after one applies to what came before it
    if (char === '(' && /^\(\?[a-zA-Z-]*\)$/.test(source.slice(i, end)) && afterQuantifier(source, end) > end) return [];
    if (char === '(' && !isOptional(source, end)) {
      const choices = plainChoices(source.slice(i + 1, end - 1));
      if (choices) required.push(choices);
    }
    i = afterQuantifier(source, end);
  }
  endRun();
  return required.filter((choices) => choices.every((choice) => choice.trim().length > 0));
}

/** Whether the folded text holds one of each group's words. */
export function mayMatchText(required: RequiredLiterals, text: string): boolean {
  if (required.length === 0) return true;
  const folded = fold(text);
  return required.every((choices) => choices.some((choice) => folded.includes(choice)));
}

/**
 * Lower case as RE2 folds case: JavaScript's toLowerCase already takes the
 * Kelvin sign to "k"; the long s ("ſ") is the one other letter RE2 folds onto
 * a plain Latin one.
 */
function fold(text: string): string {
  // a sentence meets each regex of the rules in turn: folded once
  if (text !== lastText) [lastText, lastFolded] = [text, text.toLowerCase().replace(/ſ/g, 's')];
  return lastFolded;
}
let [lastText, lastFolded] = ['', ''];

/** `(?:a|b|c)` or `(a|b|c)` with plain words only: the words; anything else undefined. */
function plainChoices(inside: string): string[] | undefined {
  const body = inside.startsWith('?:') ? inside.slice(2) : inside;
  if (body.startsWith('?')) return undefined; // flags, a named group
  const choices = body.split('|');
  return choices.every((choice) => PLAIN.test(choice)) ? choices.map((choice) => choice.toLowerCase()) : undefined;
}

/** Where the item starting at `at` (an escape, a class, a group, or one special character) ends; -1 when it does not. */
function itemEnd(source: string, at: number): number {
  const char = source[at]!;
  if (char === '\\') return escapeEnd(source, at);
  if (char === '[') return classEnd(source, at);
  if (char === '(') {
    let depth = 0;
    for (let i = at; i < source.length;) {
      const c = source[i]!;
      if (c === '\\') i = escapeEnd(source, i);
      else if (c === '[') i = classEnd(source, i);
      else {
        if (c === '(') depth++;
        if (c === ')' && --depth === 0) return i + 1;
        i++;
      }
      if (i < 0) return -1;
    }
    return -1;
  }
  // `)`, `?`, `*`, `+`, `{`, `}` out of place: RE2 refused the regex already, or it is read otherwise; ask for nothing
  return ['.', '^', '$'].includes(char) ? at + 1 : -1;
}

/** Past an escape and its argument: `\x41`, `\x{263a}`, `\pL`, `\p{Greek}`, `\040` (octal) are one item each. */
function escapeEnd(source: string, at: number): number {
  const next = source[at + 1];
  if (next === undefined || next === 'Q') return -1; // \Q...\E quotes a run: not read here
  if ((next === 'p' || next === 'P' || next === 'x') && source[at + 2] === '{') {
    const close = source.indexOf('}', at + 3);
    return close < 0 ? -1 : close + 1;
  }
  if (next === 'x') return at + 4;
  if (next === 'p' || next === 'P') return at + 3;
  if (/[0-7]/.test(next)) {
    let end = at + 2;
    while (end < at + 4 && /[0-7]/.test(source[end] ?? '')) end++;
    return end;
  }
  return at + 2;
}

function classEnd(source: string, at: number): number {
  let i = at + 1;
  if (source[i] === '^') i++;
  if (source[i] === ']') i++; // a leading "]" is one of the class's characters
  while (i < source.length) {
    if (source[i] === '\\') i += 2;
    else if (source[i] === '[' && source[i + 1] === ':') {
      const close = source.indexOf(':]', i + 2);
      if (close < 0) return -1;
      i = close + 2;
    } else if (source[i] === ']') return i + 1;
    else i++;
  }
  return -1;
}

/** Whether a quantifier at `at` lets the item before it match nothing (`?`, `*`, `{0,...}`). */
function isOptional(source: string, at: number): boolean {
  const char = source[at];
  if (char === '?' || char === '*') return true;
  if (char !== '{') return false;
  // "{0}", "{0,3}", "{,3}": at least none
  const bound = /^\{(\d*)(?:,\d*)?\}/.exec(source.slice(at));
  return bound !== null && Number(bound[1] || 0) === 0;
}

/** Past a quantifier (and its lazy `?`) at `at`, if there is one. */
function afterQuantifier(source: string, at: number): number {
  const char = source[at];
  let end = at;
  if (char === '?' || char === '*' || char === '+') end = at + 1;
  else if (char === '{') {
    const bound = /^\{\d*(?:,\d*)?\}/.exec(source.slice(at));
    if (bound) end = at + bound[0].length;
  }
  return end > at && source[end] === '?' ? end + 1 : end;
}
