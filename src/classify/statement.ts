import { stem } from '../segment/nlp.js';
import { wordVectors } from '../segment/vectors.js';
import type { Token } from '../types.js';

/**
 * A job statement built from the parse, the way ODI job statements read: a
 * content verb, then what it acts on, then a short clarifier ("draft replies to
 * parents"). What the participant wraps around the job is skipped: "I use AI
 * to", "I was trying to", "I ask it to", "help me"; "use it for lesson plans"
 * names the job by its noun, so the noun gives the verb ("plan lessons").
 */
export interface JobStatement {
  text: string;
  /** lemmas of the statement's content words, verb first: what grouping compares */
  words: string[];
  /** the lemma of the noun the job acts on ("email" in "draft the whole email for me"): what the job is about */
  head?: string;
  /** why the statement is no job ("no object after "use""), when it is not one */
  problem?: string;
  /** index of the sentence token where the job's clause starts (the match): what a codebook entry is matched on */
  from: number;
}

/** Verbs that carry no job alone: they frame one ("I use it to", "I want to", "I ask it to", "let it"). */
const FRAMING = new Set(
  (
    'use utilize utilise employ want need try attempt hope wish like love prefer help ask tell let rely depend turn go ' +
    'mean able allow enable expect intend start begin continue keep prompt lean count reach manage seem tend ' +
    'have get make be do'
  ).split(' '),
);
/** Verbs that frame a job only before "to" ("I'm looking to consolidate", "we plan to hire"); else they are the job ("plan lessons"). */
const CATENATIVE = new Set('look aim plan decide learn choose struggle work strive wait hurry'.split(' '));
/** Verbs followed by who does the job, then its bare verb ("help me draft", "let it write", "have it summarise"). */
const CAUSATIVE = new Set('help let have make'.split(' '));
/** Verbs that are jobs only with a content noun object ("make decisions", "get feedback", not "do it", "get started"). */
const LIGHT = new Set('be do have get make use take give put go come keep let see know think say feel find'.split(' '));
/** Never a job's verb: speech about the job, a wish for it, or the tool itself ("use AI"), not the job. */
const NEVER = new Set(
  'be see seem think say feel guess mean wonder believe happen use utilize employ want need wish hope like love prefer try attempt help let rely depend turn allow enable prompt'.split(
    ' ',
  ),
);
/** Objects that name the tool or nothing at all, never what the job acts on. */
const EMPTY_OBJECTS = new Set(
  (
    'it this that these those them they something anything everything nothing thing things stuff one ones lot lots bit ' +
    'ai chatgpt claude gemini copilot gpt llm llms chatbot chatbots bot bots tool tools model models assistant app apps ' +
    'way ways kind sort type time times help purpose purposes use uses reason reasons sure more most less much many number better'
  ).split(' '),
);
/** Where a job's words stop: a new clause, a reason, a purpose. */
const CLAUSE_WORDS = new Set(
  'because since although though whereas unless until if when whenever while so which who whom whose where but or and then than as like that whether'.split(' '),
);
const DROPPED_WORDS = new Set(
  'just really actually basically literally kind sort also even still always usually mostly mainly sometimes often already again ever quite very pretty'.split(' '),
);
const DETERMINERS = new Set('a an the my our your their his her its this that these those some any all every each'.split(' '));
/** Objects after a verb that say who it is for ("write me a draft"), dropped before a real object. */
const RECIPIENTS = new Set('me us him them myself ourselves themselves yourself'.split(' '));
const PARTICLES = new Set('up out down off over through back in on about around along together ahead'.split(' '));
/** Particles that may end a statement ("figure it out", "bounce ideas off"); "in" or "on" at the end was cut from its object. */
const FINAL_PARTICLES = new Set('up out down off back together ahead apart'.split(' '));
/** Uncountable nouns keep their form when a noun becomes the object ("lesson plans" -> "plan lessons", "web searches" -> "search the web"). */
const MASS = new Set(
  (
    'web internet information data research software code content feedback work homework mail media news time money advice ' +
    'knowledge equipment music art writing marketing social grammar spelling copy documentation literature evidence'
  ).split(' '),
);
const MAX_OBJECT_WORDS = 8;
/**
 * Nouns that stand for the examples after them ("things like", "tasks such
 * as"): always too general to say what a job is about, whatever the
 * general-nouns lexicon lists.
 */
export const EXAMPLE_NOUNS: ReadonlySet<string> = new Set('thing stuff task activity job area example'.split(' '));
/**
 * Nouns too general to say what a job is about ("automate tasks", "work on a
 * project", "bounce ideas off"): never the head noun that grouping weighs
 * most. From the general-nouns lexicon, with EXAMPLE_NOUNS.
 */
export type GeneralNouns = ReadonlySet<string>;
const WH = new Set('where how what which whether who'.split(' '));

/** Nouns that name their own action ("plan", "review", "summary" -> summarize), from the action-nouns lexicon or by form. */
export type ActionNouns = ReadonlyMap<string, string>;

/**
 * Builds the statement of a job finding from its sentence's tokens, starting
 * where the rule's match starts (the finding gives no more than that).
 */
export function buildJobStatement(tokens: Token[], matchStart: number, actionNouns: ActionNouns = new Map(), generalNouns: GeneralNouns = EXAMPLE_NOUNS): JobStatement {
  const from = tokens.findIndex((token) => token.end > matchStart);
  const words = tokens.slice(from < 0 ? 0 : from);
  const head = findJobVerb(words, actionNouns);
  const start = from < 0 ? 0 : from;
  if (!head) return { ...notAJob(words, 'no verb that says what is done'), from: start };
  return { ...statementFrom(head, generalNouns), from: start };
}

interface Head {
  verb: string;
  /** tokens after the verb, to the end of the sentence */
  rest: Token[];
  /** a noun that named the job ("lesson plans"): its modifiers become the object */
  modifiers?: Token[];
  framing?: string;
}

/** Walks past who speaks and how they frame the job ("I mostly use AI to", "I was trying to", "I ask it to") to the job's verb. */
function findJobVerb(words: Token[], actionNouns: ActionNouns): Head | undefined {
  let framing: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const token = words[i]!;
    // "try and provide": the "and" joins the frame to the job
    if (framing && token.norm === 'and' && isVerb(words[i - 1] ?? token) && words[i + 1] && isVerb(words[i + 1]!)) continue;
    if (isClauseEnd(words, i)) {
      if (framing) return undefined;
      continue;
    }
    if (isVerb(token)) {
      const verb = verbLemma(token);
      const framesHere = FRAMING.has(verb) || (CATENATIVE.has(verb) && words[i + 1]?.norm === 'to');
      if (!framesHere) return { verb, rest: words.slice(i + 1), ...(framing ? { framing } : {}) };
      const next = afterFraming(words, i + 1, actionNouns);
      if (next && next !== 'continue') return { ...next, framing: framing ?? verb };
      // a framing verb with a real object is the job itself ("ask more questions", "make changes"); judge() decides
      if (next !== 'continue' && !NEVER.has(verb)) return { verb, rest: words.slice(i + 1), ...(framing ? { framing } : {}) };
      framing ??= verb;
      continue;
    }
    if (framing && token.pos === 'ADP' && (token.norm === 'for' || token.norm === 'with')) {
      const named = jobNamedByNoun(words, i + 1, actionNouns);
      if (named) return { ...named, framing };
    }
    // the job named by a noun at the start of the match ("brainstorming ideas is what I use it for"), or a
    // fragment whose verb wink read as a noun ("Test scripts.", "Check crucial data points")
    // (a capitalised first word is read as a name: "Test scripts.")
    if (!framing && i === 0 && (token.pos === 'NOUN' || token.pos === 'PROPN')) {
      const named = jobNamedAtStart(words, actionNouns);
      if (named) return named;
    }
  }
  return undefined;
}

/**
 * What follows a framing verb: "to" + the job's verb ("use it to draft"), a
 * bare verb after who does it ("help me plan", "have it draft"), or "for" + a
 * noun that names the job ("use it for lesson plans").
 */
function afterFraming(words: Token[], at: number, actionNouns: ActionNouns): Omit<Head, 'framing'> | 'continue' | undefined {
  for (let i = at; i < Math.min(words.length, at + 6); i++) {
    const token = words[i]!;
    if (token.norm === 'and' && i === at && words[i + 1] && isVerb(words[i + 1]!)) return 'continue';
    // "do things like brainstorm lists", "use it for tasks such as grading": the examples are the job
    if (i === at && examplesLead(words, at) > 0) {
      const example = words[at + examplesLead(words, at)];
      if (example && (isVerb(example) || actionNouns.has(example.lemma))) return { verb: verbLemma(example), rest: words.slice(at + examplesLead(words, at) + 1) };
      return jobNamedByNoun(words, at, actionNouns);
    }
    // "use AI like Copilot to refactor code": the tool's name is an aside, not the end of the clause
    if (token.norm === 'like' && i > at && (words[i + 1]?.pos === 'PROPN' || EMPTY_OBJECTS.has(words[i + 1]?.lemma ?? ''))) {
      i++;
      continue;
    }
    if (isClauseEnd(words, i)) return undefined;
    if (token.norm === 'to' && words[i + 1] && isVerb(words[i + 1]!)) return 'continue';
    // wink reads "refactor" in "use it to refactor code" as a noun; after "to" and before its object it is the verb
    if (token.norm === 'to' && words[i + 1]?.pos === 'NOUN' && words[i + 1]!.norm === words[i + 1]!.lemma && startsObject(words[i + 2])) {
      return { verb: words[i + 1]!.lemma, rest: words.slice(i + 2) };
    }
    if (token.norm === 'for' || token.norm === 'with') {
      if (words[i + 1] && isVerb(words[i + 1]!) && words[i + 1]!.norm.endsWith('ing')) return 'continue';
      return jobNamedByNoun(words, i + 1, actionNouns);
    }
    // "help me plan", "have it draft", "let AI write": the verb after who does it
    if (isVerb(token)) return 'continue';
    // wink reads "draft" in "help me draft replies" as a noun; after "help me" it can only be the verb
    if (i === at && token.pos === 'PRON' && CAUSATIVE.has(words[at - 1]?.lemma ?? '') && words[i + 1] && ['NOUN', 'ADJ'].includes(words[i + 1]!.pos)) {
      const verb = words[i + 1]!;
      return { verb: verb.lemma, rest: words.slice(i + 2) };
    }
    // "help brainstorm ideas": a word that names an action, right after "help" and before its object, is the verb
    if (i === at && token.pos === 'NOUN' && words[at - 1]?.lemma === 'help' && actionNouns.has(token.lemma) && startsObject(words[i + 1])) {
      return { verb: token.lemma, rest: words.slice(i + 1) };
    }
    if (token.norm === 'as' || token.norm === 'that') return undefined;
    // "make an effort to", "take the time to": the noun belongs to the frame; the job follows "to"
    if (token.pos === 'NOUN' && LIGHT.has(words[at - 1]?.lemma ?? '') && words[i + 1]?.norm === 'to' && words[i + 2] && isVerb(words[i + 2]!)) return 'continue';
    // "getting feedback on something I've written": a real object makes the framing verb the job; judge() decides
    if (!isWhoDoesIt(token)) return undefined;
  }
  return undefined;
}

/** "for lesson plans" -> plan + lessons; "for writing emails" is read as a verb by the walk. */
function jobNamedByNoun(words: Token[], at: number, actionNouns: ActionNouns): Omit<Head, 'framing'> | undefined {
  // "for, information gathering": a comma after "for" is a pause, not the end of the clause
  if (words[at]?.pos === 'PUNCT' && words[at]!.norm === ',') at++;
  // "for things like social media captions", "for tasks such as grading": the examples name the job
  at += examplesLead(words, at);
  let end = at;
  const nounLike = (t: Token) => ['DET', 'ADJ', 'NOUN', 'PROPN', 'PRON', 'NUM'].includes(t.pos) || (t.pos === 'VERB' && t.norm.endsWith('ing'));
  while (end < words.length && nounLike(words[end]!) && !isClauseEnd(words, end)) end++;
  const phrase = words.slice(at, end);
  // the last noun that names an action is the verb ("lesson plans", "social media brainstorming"); the nouns
  // after it are its object ("brainstorming titles"), those before it what it acts on ("lesson" -> "plan lessons")
  for (let h = phrase.length - 1; h >= 0; h--) {
    const noun = phrase[h]!;
    if (noun.pos === 'VERB' && h > 0) return { verb: noun.lemma, rest: words.slice(at + h + 1), modifiers: phrase.slice(0, h) };
    if (noun.pos !== 'NOUN') continue;
    const verb = deverbal(noun, actionNouns);
    if (verb) return { verb, rest: words.slice(at + h + 1), modifiers: phrase.slice(0, h) };
  }
  return undefined;
}

/**
 * A job named by the words the match starts with: "brainstorming ideas", "schedule planning" (plan schedules),
 * or a fragment whose verb wink read as a noun ("Test scripts.", "Check the figures"); not a noun compound
 * ("research project where...").
 */
function jobNamedAtStart(words: Token[], actionNouns: ActionNouns): Omit<Head, 'framing'> | undefined {
  const first = words[0]!;
  if (first.norm.endsWith('ing')) {
    const verb = deverbal(first, actionNouns);
    if (verb) return { verb, rest: words.slice(1) };
  }
  const named = jobNamedByNoun(words, 0, actionNouns);
  if (named?.modifiers?.length) return named;
  const next = words[1];
  const objectFollows = next !== undefined && (['DET', 'ADJ'].includes(next.pos) || (next.pos === 'NOUN' && next.norm !== next.lemma));
  return actionNouns.has(first.lemma) && objectFollows ? { verb: first.lemma, rest: words.slice(1) } : undefined;
}

/** How many words lead into examples of the job: "things like", "stuff like", "tasks such as" (0 when none). */
function examplesLead(words: Token[], at: number): number {
  for (let i = at; i < Math.min(words.length, at + 4); i++) {
    const token = words[i]!;
    if (token.norm === 'like' && i > at) return i + 1 - at;
    if (token.norm === 'such' && words[i + 1]?.norm === 'as' && i > at) return i + 2 - at;
    if (!DETERMINERS.has(token.norm) && token.pos !== 'ADJ' && !EXAMPLE_NOUNS.has(token.lemma)) return 0;
  }
  return 0;
}

/** Nouns whose verb is another word ("summary" -> summarize); the action-nouns lexicon lists those that are their own verb. */
const IRREGULAR: Record<string, string> = {
  summary: 'summarize',
  analysis: 'analyze',
  ideation: 'generate',
  proofreading: 'proofread',
  feedback: 'give',
  copywriting: 'write',
  admin: 'do',
};

/** The verb a noun names: "planning" -> plan, "generation" -> generate, "summary" -> summarize; undefined for "emails". */
export function deverbal(noun: Token, actionNouns: ActionNouns): string | undefined {
  const word = noun.lemma;
  const named = actionNouns.get(word) ?? actionNouns.get(noun.norm) ?? IRREGULAR[word];
  if (named) return named;
  const vocabulary = wordVectors();
  if (!vocabulary) return undefined;
  const known = (w: string) => w.length > 2 && vocabulary.has(w);
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

function statementFrom(head: Head, generalNouns: GeneralNouns): Omit<JobStatement, 'from'> {
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
    if (token.pos === 'ADV' && !PARTICLES.has(token.norm) && !complement) continue;
    if (DROPPED_WORDS.has(token.norm) || token.pos === 'INTJ') continue;
    if (kept.length === 0 && RECIPIENTS.has(token.norm) && rest[i + 1] && !isClauseEnd(rest, i + 1) && rest[i + 1]!.pos !== 'ADP') continue;
    if (token.pos === 'PUNCT' && token.norm !== '-' && token.norm !== '/') continue;
    kept.push(token);
  }
  while (
    kept.length &&
    (isDangling(kept[kept.length - 1]!) || (kept.length > 1 && PARTICLES.has(kept[kept.length - 1]!.norm) && !FINAL_PARTICLES.has(kept[kept.length - 1]!.norm)))
  )
    kept.pop();
  return kept;
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
function spoken(tokens: Token[]): string {
  return tokens.map((t, i) => (i > 0 && t.start > tokens[i - 1]!.end ? ' ' : '') + t.text).join('');
}

function notAJob(words: Token[], problem: string): Omit<JobStatement, 'from'> {
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

/** Who does the job, or how often, between a framing verb and the job's verb ("have it draft", "use ChatGPT daily to"). */
function isWhoDoesIt(token: Token): boolean {
  return ['PRON', 'DET', 'ADV', 'PROPN', 'PART', 'AUX', 'ADP', 'CCONJ'].includes(token.pos) || EMPTY_OBJECTS.has(token.lemma) || EMPTY_OBJECTS.has(token.norm);
}

/** A word that can start a verb's object ("test scripts", "check the figures"). */
function startsObject(token: Token | undefined): boolean {
  return token !== undefined && ['NOUN', 'PROPN', 'DET', 'ADJ', 'NUM'].includes(token.pos);
}

/** Verbs that take their meaning from their noun ("do research", "make a list", "get feedback"): a weaker name for a job. */
const SUPPORT_VERBS = new Set('be do have get make take give put go come'.split(' '));

export function isSupportVerb(lemma: string): boolean {
  return SUPPORT_VERBS.has(lemma);
}

function isVerb(token: Token): boolean {
  return token.pos === 'VERB';
}

function verbLemma(token: Token): string {
  return token.lemma === 'utilise' ? 'utilize' : token.lemma;
}

/** A clause ends at punctuation, a subordinating word, or "and"/"but" that starts a new subject or verb. */
function isClauseEnd(words: Token[], i: number): boolean {
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

function isContent(token: Token): boolean {
  return ['NOUN', 'PROPN', 'VERB', 'ADJ', 'NUM'].includes(token.pos) && !EMPTY_OBJECTS.has(token.lemma) && !DETERMINERS.has(token.norm);
}

/** Words a cut can leave hanging at the end ("compare them to help us narrow and"); a particle ("figure out") stays. */
function isDangling(token: Token): boolean {
  if (PARTICLES.has(token.norm)) return false;
  return ['ADP', 'DET', 'CCONJ', 'SCONJ', 'PART', 'AUX', 'PUNCT', 'ADV'].includes(token.pos) || DETERMINERS.has(token.norm);
}

/** "lesson" -> "lessons" when a noun that modified the job's noun becomes its object. */
function plural(token: Token): string {
  const word = token.text;
  if (MASS.has(token.lemma) || token.norm !== token.lemma || token.pos !== 'NOUN' || /s$/.test(word)) return word;
  if (/[^aeiou]y$/i.test(word)) return word.slice(0, -1) + 'ies';
  if (/(?:s|x|z|ch|sh)$/i.test(word)) return word + 'es';
  return word + 's';
}

function lowerFirst(text: string): string {
  // "AI summarise notes" keeps its acronym; "Find a plan" becomes "find a plan".
  return /^\p{Lu}\p{Lu}/u.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}

const FILLERS = /,?\s*\blike,\s*|\b(?:um+|uh+|erm|you know|i mean|kind of|sort of|basically|actually|literally|really|just)\b,?\s*/gi;

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

/** The stems a codebook entry or a test compares: one per content word. */
export function statementStems(statement: JobStatement): string[] {
  return statement.words.map(stem);
}
