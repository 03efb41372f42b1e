import { stem } from '../segment/nlp.js';
import type { Token } from '../types.js';
import { deverbal, type ActionNouns } from './deverbal.js';
import { notAJob, statementFrom, type GeneralNouns, type Head } from './statementObject.js';
import { DETERMINERS, EMPTY_OBJECTS, EXAMPLE_NOUNS, FRAMING, NEVER, isClauseEnd, isVerb, verbLemma } from './statementWords.js';

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

/** Verbs that frame a job only before "to" ("I'm looking to consolidate", "we plan to hire"); else they are the job ("plan lessons"). */
const CATENATIVE = new Set('look aim plan decide learn choose struggle work strive wait hurry'.split(' '));
/** Verbs followed by who does the job, then its bare verb ("help me draft", "let it write", "have it summarise"). */
const CAUSATIVE = new Set('help let have make'.split(' '));
/** Verbs that are jobs only with a content noun object ("make decisions", "get feedback", not "do it", "get started"). */
const LIGHT = new Set('be do have get make use take give put go come keep let see know think say feel find'.split(' '));

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

/** Walks past who speaks and how they frame the job ("I mostly use AI to", "I was trying to", "I ask it to") to the job's verb. */
function findJobVerb(words: Token[], actionNouns: ActionNouns): Head | undefined {
  let framing: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const token = words[i]!;
    // "try and provide": the "and" joins the frame to the job
    if (framing && token.norm === 'and' && isVerb(words[i - 1] ?? token) && words[i + 1] && isVerb(words[i + 1]!)) continue;
    // "I have only used AI when it comes to admin tasks like composing emails": the frame names the job after it
    if (framing && isWhenItComesTo(words, i)) {
      const named = jobNamedByNoun(words, i + 4, actionNouns);
      return named ? { ...named, framing } : undefined;
    }
    if (isClauseEnd(words, i)) {
      if (framing && !opensHowOftenAside(words, i)) return undefined;
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

function isWhenItComesTo(words: Token[], at: number): boolean {
  return words[at]!.norm === 'when' && words[at + 1]?.norm === 'it' && words[at + 2]?.lemma === 'come' && words[at + 3]?.norm === 'to';
}

/** Words of a "how often" aside: "at least once a week, often more,", "a few times a day,". */
const HOW_OFTEN = new Set(
  'at least once twice thrice times time a an every each few several often more less regularly daily weekly day days week weeks month months year'.split(' '),
);

/**
 * Whether the comma at `at` only sets off how often, before the job's "to" or
 * "for" ("I use AI at least once a week, often more, to rewrite emails"): the
 * frame goes on past it, where a comma otherwise ends it.
 */
function opensHowOftenAside(words: Token[], at: number): boolean {
  if (words[at]!.norm !== ',') return false;
  for (let i = at + 1; i < Math.min(words.length, at + 8); i++) {
    const token = words[i]!;
    if ((token.norm === 'to' && words[i + 1] && isVerb(words[i + 1]!)) || token.norm === 'for') return i > at + 1 || HOW_OFTEN.has(words[at - 1]?.norm ?? '');
    if (token.norm !== ',' && !HOW_OFTEN.has(token.norm) && token.pos !== 'NUM') return false;
  }
  return false;
}

/** Who does the job, or how often, between a framing verb and the job's verb ("have it draft", "use ChatGPT daily to"). */
function isWhoDoesIt(token: Token): boolean {
  return ['PRON', 'DET', 'ADV', 'PROPN', 'PART', 'AUX', 'ADP', 'CCONJ'].includes(token.pos) || EMPTY_OBJECTS.has(token.lemma) || EMPTY_OBJECTS.has(token.norm);
}

/** A word that can start a verb's object ("test scripts", "check the figures"). */
function startsObject(token: Token | undefined): boolean {
  return token !== undefined && ['NOUN', 'PROPN', 'DET', 'ADJ', 'NUM'].includes(token.pos);
}

/** The stems a codebook entry or a test compares: one per content word. */
export function statementStems(statement: JobStatement): string[] {
  return statement.words.map(stem);
}
