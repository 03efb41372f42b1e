import { wordVectors } from '../segment/vectors.js';
import type { Token } from '../types.js';

/** Nouns that name their own action ("plan", "review", "summary" -> summarize), from the action-nouns lexicon or by form. */
export type ActionNouns = ReadonlyMap<string, string>;

/** Nouns whose verb is another word ("summary" -> summarize); the action-nouns lexicon lists those that are their own verb. */
// A Map, not an object literal: "constructor" is a noun too, and must not find Object's.
const IRREGULAR: ReadonlyMap<string, string> = new Map([
  ['summary', 'summarize'],
  ['analysis', 'analyze'],
  ['ideation', 'generate'],
  ['proofreading', 'proofread'],
  ['feedback', 'give'],
  ['copywriting', 'write'],
  ['admin', 'do'],
]);

/** The verb a noun names: "planning" -> plan, "generation" -> generate, "summary" -> summarize; undefined for "emails". */
export function deverbal(noun: Token, actionNouns: ActionNouns): string | undefined {
  const word = noun.lemma;
  const named = actionNouns.get(word) ?? actionNouns.get(noun.norm) ?? IRREGULAR.get(word);
  if (named) return named;
  const vocabulary = wordVectors();
  if (!vocabulary) return undefined;
  const known = (w: string) => w.length > 2 && vocabulary.has(w);
  // a gerund the tagger read as a noun may already carry its verb as lemma ("generating" -> generate)
  if (/ing$/.test(noun.norm) && !/ing$/.test(word) && known(word)) return word;
  if (/ing$/.test(word) && word.length > 5) {
    const base = word.slice(0, -3);
    // "planning" is plan; "coding" is code, not cod; "reading" is read
    if (/([^aeiou])\1$/.test(base) && known(base.slice(0, -1))) return base.slice(0, -1);
    if (known(base + 'e') && (!known(base) || /[^aeiou][aeiou][^aeiouwxy]$/.test(base))) return base + 'e';
    return known(base) ? base : undefined;
  }
  const forms: [RegExp, string[]][] = [
    [/ization$/, ['ize']],
    [/isation$/, ['ise', 'ize']],
    [/ation$/, ['ate', '', 'e']],
    [/sis$/, ['ze', 'size', 'se']],
    [/ment$/, ['']],
  ];
  for (const [ending, replacements] of forms) {
    if (!ending.test(word)) continue;
    const stemOf = word.replace(ending, '');
    const verb = replacements.map((r) => stemOf + r).find((w) => w.length >= 5 && known(w));
    if (verb) return verb;
  }
  return undefined;
}
