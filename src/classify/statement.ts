import { createRequire } from 'node:module';
import type Compromise from 'compromise';
import { terms } from '../segment/terms.js';
import type { Token } from '../types.js';

/** Where a spoken job statement stops being the job: reasons, outcomes, asides. */
const CLAUSE_END =
  /[.;:!?()\u2014]|\s[-\u2013]\s|,\s*(?:and|but|so|because|which|or)\b|\s(?:but|because|since|although|though|whereas|so that|so I|so we|which|unless|until|if)\s|\s(?:and|but|so|then)\s+(?:i|we|he|she|they|it)\b/i;
const INTRO = /\b(to|for|help(?:s|ed|ing)?\s+(?:me|us|them|people))\s+(.+)$/i;
/** Words after "to" that show it is a preposition ("to the team"), not an infinitive ("to plan"). */
const NOT_A_VERB = new Set('the a an my our your their his her its this that these those me us him them it some any all every each no'.split(' '));
const INFLECTED = /^\S*(?:ing|ed|s)\b/i;
const SUBJECT = /^(?:(?:i|we|you|they|he|she|it)(?:'m|'re|'ve|'d|'ll)?\s+)?(?:(?:am|is|are|was|were|have|has|had|do|did|will|would|could|can|just|really|mostly|mainly|usually|also|basically|actually|always|often|sometimes|still|probably|currently|definitely|generally|eventually|then|now|kind of|sort of)\s+)*/i;
const FILLERS = /,?\s*\blike,\s*|\b(?:um+|uh+|erm|you know|i mean|kind of|sort of|basically|actually|literally|really|just)\b,?\s*/gi;
// "help me craft emails" and "be able to craft emails" are the job "craft emails"
const HELPER = /^(?:help(?:s|ed|ing)?\s+(?:me|us|them)\s+(?:to\s+)?|be\s+able\s+to\s+)(?=\w)/i;
const MAX_WORDS = 12;

/** First words that show a normalised statement did not find its verb ("with my research", "in the future"). */
const NOT_A_JOB_START = /^(?:with|in|on|at|for|of|to|from|by|about|as|too|the|a|an|my|our|this|that|it|i|you|we|they|and|or|but|so|if|o|oh|ok|okay|yes|no)\b/i;

/** Whether a normalised statement reads as a job: a verb first, then something it acts on. */
export function isJobStatement(statement: string): boolean {
  return !NOT_A_JOB_START.test(statement) && terms(statement.replace(/^\S+\s*/, '')).length > 0;
}

/**
 * Normalises a job statement to verb + object (+ context): "I was trying to find
 * a cheaper plan for the team" -> "find a cheaper plan for the team". The rule's
 * match says where the job starts; compromise puts the verb in its base form.
 */
export function normaliseJob(sentence: string, matchStart: number, tokens: Token[] = []): string {
  const clause = cutClause(sentence.slice(matchStart));
  const intro = INTRO.exec(clause);
  // "use it for emails" has no verb after "for": then the job is the clause itself ("use it for emails").
  const verbPhrase = intro ? verbPhraseAfter(intro[1]!, tidy(intro[2]!), tokens) : undefined;
  const statement = verbPhrase ?? baseForm(tidy(clause.replace(SUBJECT, '')), tokens).text;
  // "AI summarise notes" keeps its acronym; "Find a plan" becomes "find a plan".
  return /^\p{Lu}\p{Lu}/u.test(statement) ? statement : statement.charAt(0).toLowerCase() + statement.slice(1);
}

function tidy(phrase: string): string {
  return limitWords(withoutFillers(phrase).replace(HELPER, ''));
}

/** Drops the um, like and you-know of speech, which carry no meaning in a statement. */
export function withoutFillers(text: string): string {
  return text.replace(FILLERS, ' ').replace(/\s+([,.])/g, '$1').replace(/\s+/g, ' ').trim();
}

/**
 * The job's verb phrase after "to", "for" or "help me", in base form. After "to"
 * a verb is already in base form, so compromise (slow) is only asked about the rest.
 */
function verbPhraseAfter(intro: string, phrase: string, tokens: Token[]): string | undefined {
  const first = phrase.split(' ')[0]!.toLowerCase();
  if (intro.toLowerCase() === 'to') return NOT_A_VERB.has(first) ? undefined : phrase;
  const parsed = baseForm(phrase, tokens);
  return parsed.startsWithVerb ? parsed.text : undefined;
}

export interface BaseForm {
  text: string;
  startsWithVerb: boolean;
}

const cache = new Map<string, BaseForm>();
const learned: [string, BaseForm][] = [];

/** Base forms compromise gave on earlier runs: a run after a rule edit then seldom needs to load it. */
export function rememberBaseForms(entries: [string, BaseForm][]): void {
  for (const [phrase, form] of entries) cache.set(phrase, form);
}

/** The base forms compromise gave since the last call, for the next run to remember. */
export function takeNewBaseForms(): [string, BaseForm][] {
  return learned.splice(0);
}

let loaded: typeof Compromise | undefined;

/** compromise takes ~0.25 s to load; a thread whose statements all have a tagged verb never needs it. */
function compromise(): typeof Compromise {
  loaded ??= createRequire(import.meta.url)('compromise') as typeof Compromise;
  return loaded;
}

/**
 * The phrase with its first verb in the base form ("rewriting emails" -> "rewrite
 * emails"). The sentence's parse already knows most verbs and their lemmas;
 * compromise (slow, so memoised) decides the rest ("Planning meals": a verb?).
 */
function baseForm(phrase: string, tokens: Token[]): BaseForm {
  // Only an inflected first word needs a base form ("looking for" -> "look for"); "use it for emails" stays.
  if (!INFLECTED.test(phrase)) return { text: phrase, startsWithVerb: false };
  const first = /^\S+/.exec(phrase)![0];
  const parsed = tokens.find((token) => token.text === first);
  if (parsed?.pos === 'VERB') return { text: parsed.lemma + phrase.slice(first.length), startsWithVerb: true };
  let result = cache.get(phrase);
  if (result) return result;
  const doc = compromise()(phrase);
  const firstTerm = doc.terms().first();
  const startsWithVerb = firstTerm.has('#Verb') || /^\w+ing\b/i.test(phrase);
  // compromise's typings omit the verb methods on a sliced view; they exist at run time.
  (doc.verbs().first() as unknown as { toInfinitive(): void }).toInfinitive();
  result = { text: doc.text().replace(/[\s,]+$/, '').trim() || phrase, startsWithVerb };
  cache.set(phrase, result);
  learned.push([phrase, result]);
  return result;
}

function cutClause(text: string): string {
  const end = CLAUSE_END.exec(text.slice(1));
  return (end ? text.slice(0, end.index + 1) : text).trim();
}

/** Spoken asides follow a comma ("get invoices out, every month"); long run-ons keep their first dozen words. */
function limitWords(text: string): string {
  const comma = text.indexOf(',');
  const head = comma > 0 && text.slice(0, comma).split(' ').length >= 2 ? text.slice(0, comma) : text;
  return head.split(' ').slice(0, MAX_WORDS).join(' ').replace(DANGLING, '');
}

/** Words a cut can leave hanging at the end ("compare them to help us narrow and"). */
const DANGLING = /(?:\s+(?:and|or|but|the|a|an|to|of|that|which|would|will|with|for|me|is|was|what|it|i|my|so|then|like|in|on|at|by|vs))+$/i;
