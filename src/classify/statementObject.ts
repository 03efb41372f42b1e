import type { Token } from '../types.js';
import {
  DETERMINERS,
  EMPTY_OBJECTS,
  EXAMPLE_NOUNS,
  FINAL_PARTICLES,
  MASS,
  NEVER,
  PARTICLES,
  RECIPIENTS,
  DROPPED_WORDS,
  WH,
  isClauseEnd,
  isContent,
  isDangling,
  isVerb,
  lowerFirst,
  plural,
  withoutFillers,
} from './statementWords.js';

/**
 * What a job acts on, once its verb is found: the object and a short
 * clarifier, the noun the job is about (its head), and whether the whole is a
 * job at all.
 */

/**
 * Nouns too general to say what a job is about ("automate tasks", "work on a
 * project", "bounce ideas off"): never the head noun that grouping weighs
 * most. From the general-nouns lexicon, with EXAMPLE_NOUNS.
 */
export type GeneralNouns = ReadonlySet<string>;

/** The job's verb, found by the walk in statement.ts, and the tokens it acts on. */
export interface Head {
  verb: string;
  /** tokens after the verb, to the end of the sentence */
  rest: Token[];
  /** a noun that named the job ("lesson plans"): its modifiers become the object */
  modifiers?: Token[];
  framing?: string;
}

/** A statement's text, words, head noun, and why it is no job when it is not one. */
export interface StatementParts {
  text: string;
  words: string[];
  head?: string;
  problem?: string;
}

const MAX_OBJECT_WORDS = 8;

export function statementFrom(head: Head, generalNouns: GeneralNouns): StatementParts {
  const object = objectOf(head.rest);
  const before = (head.modifiers ?? []).filter((t) => !DETERMINERS.has(t.norm) && t.pos !== 'PRON');
  const modifierWords = before.map((t, i) => (i === before.length - 1 ? plural(t) : t.text));
  // "search the web", "plan lessons": the nouns that named the job become what it acts on
  const lead = modifierWords.length === 1 && MASS.has(before[0]!.lemma) ? ['the', ...modifierWords] : modifierWords;
  const text = [head.verb, ...lead, spoken(object)].filter(Boolean).join(' ');
  const content = [...before, ...object].filter(isContent);
  const words = [head.verb, ...content.map((t) => t.lemma)];
  const problem = judge(head, before, object);
  // "know where every dollar goes": the object is a clause, and its nouns are not what the job acts on
  const clause = object.findIndex((t) => WH.has(t.norm)) === (PARTICLES.has(object[0]?.norm ?? '') ? 1 : 0);
  const noun = headNoun(before, generalNouns) ?? (clause ? undefined : headNoun(object, generalNouns));
  return { text: lowerFirst(text), words, ...(noun ? { head: noun } : {}), ...(problem ? { problem } : {}) };
}

/**
 * The noun that says what the job is about: the object's first noun ("code" in
 * "create code snippets", "lesson" in "lesson plans", "email" in "the whole
 * email for me"). In a compound it is the domain, which tells jobs apart better
 * than the kind of thing made ("snippets", "plans").
 */
function headNoun(tokens: Token[], generalNouns: GeneralNouns): string | undefined {
  const specific = (t: Token) => !EMPTY_OBJECTS.has(t.lemma) && !generalNouns.has(t.lemma) && !EXAMPLE_NOUNS.has(t.lemma);
  const noun = tokens.find((t) => (t.pos === 'NOUN' || t.pos === 'PROPN') && specific(t));
  // wink reads "replies" in "draft replies to parents" as a verb: a lone word before the first preposition is the object
  const leading = tokens.slice(
    0,
    Math.max(
      0,
      tokens.findIndex((t) => t.pos === 'ADP'),
    ),
  );
  const lone = leading.length === 1 && isVerb(leading[0]!) && !leading[0]!.norm.endsWith('ing') && specific(leading[0]!) ? leading[0] : undefined;
  return (lone ?? noun)?.lemma;
}

/** The verb's object and a short clarifier: up to the end of its clause, without fillers and what a cut left hanging. */
function objectOf(rest: Token[]): Token[] {
  const kept: Token[] = [];
  let inComplement = false;
  for (let i = 0; i < rest.length && kept.length < MAX_OBJECT_WORDS; i++) {
    const token = rest[i]!;
    // "know where every dollar goes", "decide how to put it together": a question word right after the verb is its object
    const complement = (i === 0 || (i === 1 && PARTICLES.has(rest[0]!.norm))) && WH.has(token.norm);
    inComplement ||= complement;
    if (isClauseEnd(rest, i) && !complement) break;
    // "generating and brainstorming": a second verb, not an object
    if (kept.length === 0 && token.pos === 'CCONJ') break;
    // "(using it to) compare contracts was satisfying": a verb of its own after the object starts another clause
    if (token.pos === 'AUX' && !inComplement && ['NOUN', 'PROPN'].includes(kept[kept.length - 1]?.pos ?? '')) break;
    // "to" + a verb starts a purpose ("to save time", "in order to respond"), which is the outcome, not the job
    if (token.norm === 'to' && rest[i + 1] && isVerb(rest[i + 1]!) && kept.length > 0) break;
    if (token.norm === 'in' && rest[i + 1]?.norm === 'order' && rest[i + 2]?.norm === 'to' && kept.length > 0) break;
    // "create my own content - storybooks", "write complicated code - in cases I": a dash with spaces around it opens an aside
    if (isSpacedDash(rest, i)) break;
    if (token.pos === 'ADV' && !PARTICLES.has(token.norm) && !complement) continue;
    if (DROPPED_WORDS.has(token.norm) || token.pos === 'INTJ') continue;
    if (kept.length === 0 && RECIPIENTS.has(token.norm) && rest[i + 1] && !isClauseEnd(rest, i + 1) && rest[i + 1]!.pos !== 'ADP') continue;
    if (token.pos === 'PUNCT' && token.norm !== '-' && token.norm !== '/') continue;
    kept.push(token);
  }
  // what the word limit cut short: "bounce off what direction I", "use it as I", "explain what we"
  const cutShort = (last: Token) => isDangling(last) || SUBJECTS.has(last.norm) || WH.has(last.norm);
  while (kept.length && (cutShort(kept[kept.length - 1]!) || isCutParticle(kept))) kept.pop();
  return kept;
}

function isCutParticle(kept: Token[]): boolean {
  const last = kept[kept.length - 1]!;
  return kept.length > 1 && PARTICLES.has(last.norm) && !FINAL_PARTICLES.has(last.norm);
}

/** Pronouns that can only be a subject: one that ends an object began a clause the word limit cut off. */
const SUBJECTS = new Set(['i', 'we', 'they', 'he', 'she']);

/** " - " (a hyphen or dash written with spaces around it), not the hyphen of "vibe-coding" or "Rhino-to-Revit". */
function isSpacedDash(tokens: Token[], i: number): boolean {
  const [before, dash, after] = [tokens[i - 1], tokens[i]!, tokens[i + 1]];
  return ['-', '\u2013', '\u2014'].includes(dash.norm) && (!before || before.end < dash.start) && (!after || dash.end < after.start);
}

function judge(head: Head, modifiers: Token[], object: Token[]): string | undefined {
  if (NEVER.has(head.verb)) return `"${head.verb}" says nothing about what is done`;
  // an adjective alone ("make robust", "look for new ways") says how, not what
  const nouns = [...modifiers, ...object].filter((t) => ['NOUN', 'PROPN', 'NUM'].includes(t.pos) || (isVerb(t) && t.norm.endsWith('ing')));
  const real = nouns.filter((t) => !EMPTY_OBJECTS.has(t.lemma) && !EMPTY_OBJECTS.has(t.norm));
  if (real.length > 0) return undefined;
  if (object.length === 0) return `no object after "${head.verb}"`;
  return `"${head.verb} ${spoken(object)}" does not say what the job acts on`;
  return undefined;
}

/** Tokens as they were written: a space only where the sentence had one ("vibe-coding", "team's"). */
export function spoken(tokens: Token[]): string {
  return tokens.map((t, i) => (i > 0 && t.start > tokens[i - 1]!.end ? ' ' : '') + t.text).join('');
}

export function notAJob(words: Token[], problem: string): StatementParts {
  const text = withoutFillers(spoken(words.slice(0, 8)));
  // what follows the match says what the finding is about; the rest of a long sentence is its topic
  return {
    text: lowerFirst(text),
    words: words
      .filter(isContent)
      .slice(0, MAX_OBJECT_WORDS)
      .map((t) => t.lemma),
    problem,
  };
}
