import type { Token } from '../types.js';

/**
 * The word classes and token tests a job statement is built with
 * (statement.ts walks to the job's verb, statementObject.ts reads what it
 * acts on): which verbs frame a job, which objects are empty, where a clause
 * ends.
 */

/** Verbs that carry no job alone: they frame one ("I use it to", "I want to", "I ask it to", "let it"). */
export const FRAMING = new Set(
  (
    'use utilize utilise employ want need try attempt hope wish like love prefer help ask tell let rely depend turn go ' +
    'mean able allow enable expect intend start begin continue keep prompt lean count reach manage seem tend ' +
    'have get make be do'
  ).split(' '),
);
/** Never a job's verb: speech about the job, a wish for it, or the tool itself ("use AI"), not the job. */
export const NEVER = new Set(
  'be see seem think say feel guess mean wonder believe happen use utilize employ want need wish hope like love prefer try attempt help let rely depend turn allow enable prompt'.split(
    ' ',
  ),
);
/** Objects that name the tool or nothing at all, never what the job acts on. */
export const EMPTY_OBJECTS = new Set(
  (
    'it this that these those them they something anything everything nothing thing things stuff one ones lot lots bit ' +
    'ai chatgpt claude gemini copilot gpt llm llms chatbot chatbots bot bots tool tools model models assistant app apps ' +
    'way ways kind sort type time times help purpose purposes use uses reason reasons sure more most less much many number better'
  ).split(' '),
);
/** Where a job's words stop: a new clause, a reason, a purpose. */
export const CLAUSE_WORDS = new Set(
  'because since although though whereas unless until if when whenever while so which who whom whose where but or and then than as like that whether'.split(' '),
);
export const DROPPED_WORDS = new Set(
  'just really actually basically literally kind sort also even still always usually mostly mainly sometimes often already again ever quite very pretty'.split(' '),
);
export const DETERMINERS = new Set('a an the my our your their his her its this that these those some any all every each'.split(' '));
/** Objects after a verb that say who it is for ("write me a draft"), dropped before a real object. */
export const RECIPIENTS = new Set('me us him them myself ourselves themselves yourself'.split(' '));
export const PARTICLES = new Set('up out down off over through back in on about around along together ahead'.split(' '));
/** Particles that may end a statement ("figure it out", "bounce ideas off"); "in" or "on" at the end was cut from its object. */
export const FINAL_PARTICLES = new Set('up out down off back together ahead apart'.split(' '));
/** Uncountable nouns keep their form when a noun becomes the object ("lesson plans" -> "plan lessons", "web searches" -> "search the web"). */
export const MASS = new Set(
  (
    'web internet information data research software code content feedback work homework mail media news time money advice ' +
    'knowledge equipment music art writing marketing social grammar spelling copy documentation literature evidence'
  ).split(' '),
);
/**
 * Nouns that stand for the examples after them ("things like", "tasks such
 * as"): always too general to say what a job is about, whatever the
 * general-nouns lexicon lists.
 */
export const EXAMPLE_NOUNS: ReadonlySet<string> = new Set('thing stuff task activity job area example'.split(' '));
export const WH = new Set('where how what which whether who'.split(' '));

/** Verbs that take their meaning from their noun ("do research", "make a list", "get feedback"): a weaker name for a job. */
export const SUPPORT_VERBS = new Set('be do have get make take give put go come'.split(' '));

export function isSupportVerb(lemma: string): boolean {
  return SUPPORT_VERBS.has(lemma);
}

export function isVerb(token: Token): boolean {
  return token.pos === 'VERB';
}

export function verbLemma(token: Token): string {
  return token.lemma === 'utilise' ? 'utilize' : token.lemma;
}

/** A clause ends at punctuation, a subordinating word, or "and"/"but" that starts a new subject or verb. */
export function isClauseEnd(words: Token[], i: number): boolean {
  const token = words[i]!;
  if (token.pos === 'PUNCT') return !['-', '/', "'", '\u2019', '"', '\u201c', '\u201d'].includes(token.norm);
  if (CLAUSE_WORDS.has(token.norm)) {
    if (token.norm === 'and' || token.norm === 'or') {
      const next = words[i + 1];
      return !next || next.pos === 'PRON' || isVerb(next) || next.pos === 'AUX' || next.pos === 'ADV';
    }
    // "do things like brainstorm lists": the examples are the job, not a new clause
    if (token.norm === 'like' && EXAMPLE_NOUNS.has(words[i - 1]?.lemma ?? '')) return false;
    if (token.norm === 'like' || token.norm === 'as') return token.pos !== 'ADP' || i > 0;
    return true;
  }
  return false;
}

export function isContent(token: Token): boolean {
  return ['NOUN', 'PROPN', 'VERB', 'ADJ', 'NUM'].includes(token.pos) && !EMPTY_OBJECTS.has(token.lemma) && !DETERMINERS.has(token.norm);
}

/** Words a cut can leave hanging at the end ("compare them to help us narrow and"); a particle ("figure out") stays. */
export function isDangling(token: Token): boolean {
  if (PARTICLES.has(token.norm)) return false;
  return ['ADP', 'DET', 'CCONJ', 'SCONJ', 'PART', 'AUX', 'PUNCT', 'ADV'].includes(token.pos) || DETERMINERS.has(token.norm);
}

/** "lesson" -> "lessons" when a noun that modified the job's noun becomes its object. */
export function plural(token: Token): string {
  const word = token.text;
  if (MASS.has(token.lemma) || token.norm !== token.lemma || token.pos !== 'NOUN' || /s$/.test(word)) return word;
  if (/[^aeiou]y$/i.test(word)) return word.slice(0, -1) + 'ies';
  if (/(?:s|x|z|ch|sh)$/i.test(word)) return word + 'es';
  return word + 's';
}

export function lowerFirst(text: string): string {
  // "AI summarise notes" keeps its acronym; "Find a plan" becomes "find a plan".
  return /^\p{Lu}\p{Lu}/u.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

export const FILLERS = /,?\s*\blike,\s*|\b(?:um+|uh+|erm|you know|i mean|kind of|sort of|basically|actually|literally|really|just)\b,?\s*/gi;

/** Drops the um, like and you-know of speech, which carry no meaning in a statement. */
export function withoutFillers(text: string): string {
  return text
    .replace(FILLERS, ' ')
    .replace(/\s+([,.])/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** The lemmas of a sentence's nouns and content verbs: the topic a job is said in ("as an editor", "for my students"). */
export function topicWords(tokens: Token[]): string[] {
  const words = tokens.filter((t) => (t.pos === 'NOUN' || t.pos === 'PROPN' || t.pos === 'VERB') && !EMPTY_OBJECTS.has(t.lemma) && !FRAMING.has(t.lemma) && !NEVER.has(t.lemma));
  return [...new Set(words.map((t) => t.lemma))];
}
