/**
 * What text a rule's regex needs before it is worth running. RE2's engine
 * (regex.ts) is linear but not fast: an unanchored, case-insensitive
 * alternation such as `\b(dollars|bucks|quid)\s(a|per)\s(month|week)\b` costs
 * about 15 microseconds a sentence, as much as all the other rules of a
 * category together, though it matches a sentence in thousands.
 *
 * The literals a match cannot do without are read from the regex's top level:
 * runs of plain characters, and groups, unless a quantifier makes them
 * optional. A group that is a choice of plain words (`(dollars|bucks|quid)`)
 * needs one of them; a choice of anything else (`(skills?|memory|go(ing)?
 * rusty)`) needs, for each of its parts, one literal that part cannot do
 * without ("skill", "memory", " rusty"), read the same way, so one of those.
 * A sentence that holds none of a group's words (case folded) cannot match, so
 * RE2 is not asked. Anything less plain (a class, an escape, a part with no
 * literal of its own) asks for nothing, so the filter never turns away a
 * sentence the regex would match: it only saves time.
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
  const parts = topLevelChoices(source);
  if (!parts) return [];
  if (parts.length > 1) {
    const oneOf = oneLiteralOfEach(parts);
    return oneOf ? [oneOf] : [];
  }
  const required: RequiredLiterals = [];
  let run = '';
  const endRun = () => {
    if (run) required.push([run]);
    run = '';
  };
  for (let i = 0; i < source.length;) {
    const char = source[i]!;
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
      const choices = groupChoices(source.slice(i + 1, end - 1));
      if (choices) required.push(choices);
    }
    i = afterQuantifier(source, end);
  }
  endRun();
  return required.filter((choices) => choices.every((choice) => choice.trim().length > 0));
}

/** Whether the folded text holds one of each group's words (loops, not every() and some() with callbacks: asked of every regex a sentence meets). */
export function mayMatchText(required: RequiredLiterals, text: string): boolean {
  if (required.length === 0) return true;
  const folded = foldCase(text);
  for (let g = 0; g < required.length; g++) if (!holdsOneOf(folded, required[g]!)) return false;
  return true;
}

function holdsOneOf(folded: string, choices: string[]): boolean {
  for (let c = 0; c < choices.length; c++) if (folded.includes(choices[c]!)) return true;
  return false;
}

/**
 * Lower case as RE2 folds case: JavaScript's toLowerCase already takes the
 * Kelvin sign to "k"; the long s ("ſ") is the one other letter RE2 folds onto
 * a plain Latin one.
 */
export function foldCase(text: string): string {
  // a sentence meets each regex of the rules in turn: folded once
  if (text !== lastText) [lastText, lastFolded] = [text, text.toLowerCase().replace(/ſ/g, 's')];
  return lastFolded;
}
let [lastText, lastFolded] = ['', ''];

/** What a group `(...)` or `(?:...)` needs: one of its plain words, or one literal of each of its parts; undefined when it cannot say. */
function groupChoices(inside: string): string[] | undefined {
  const body = inside.startsWith('?:') ? inside.slice(2) : inside;
  if (body.startsWith('?')) return undefined; // flags, a named group
  const parts = topLevelChoices(body);
  if (!parts) return undefined;
  if (parts.every((part) => PLAIN.test(part))) return parts.map((part) => part.toLowerCase());
  return oneLiteralOfEach(parts);
}

/**
 * A match of one of these parts holds a literal of that part: for each part
 * the group of its literals least likely to be in any sentence (its shortest
 * choice the longest), and all of them together are the choice. Undefined
 * when a part needs no literal, since then nothing is needed.
 */
function oneLiteralOfEach(parts: string[]): string[] | undefined {
  const chosen: string[] = [];
  for (const part of parts) {
    const [rarest] = rarestFirst(requiredLiterals(part));
    if (!rarest) return undefined;
    chosen.push(...rarest);
  }
  return [...new Set(chosen)];
}

/** The groups a sentence is most likely to lack first: the longer a group's shortest word, the rarer (ties keep their order). */
export function rarestFirst(required: RequiredLiterals): RequiredLiterals {
  const shortest = (choices: string[]) => Math.min(...choices.map((choice) => choice.length));
  return [...required].sort((a, b) => shortest(b) - shortest(a));
}

/** The parts of a choice at this level (`a|b(c|d)|e` -> a, b(c|d), e); undefined when it cannot be read to its end. */
function topLevelChoices(source: string): string[] | undefined {
  const parts: string[] = [];
  let start = 0;
  for (let i = 0; i < source.length;) {
    const char = source[i]!;
    if (char === '|') {
      parts.push(source.slice(start, i));
      start = ++i;
    } else if (char === '\\' || char === '[' || char === '(') {
      i = itemEnd(source, i);
      if (i < 0) return undefined;
    } else i++;
  }
  parts.push(source.slice(start));
  return parts;
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
