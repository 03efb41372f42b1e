import type { Sentence } from '../types.js';

/** Where an answer sentence sits in the conversation: what was asked before its turn. */
export interface AnswerContext {
  /** the interviewer's question just before this answer (the sentences ending with "?", else the last one) */
  question: Sentence[];
  /** the question with the requests that frame it ("Take me back to when you first started thinking. What was going on?"), in order */
  prompt: Sentence[];
}

/**
 * Remembered per turn, since every sentence of an answer has the same one and
 * every rule that reads the question asks again: found by walking back from
 * each sentence, a transcript of one long turn (notes without labels) took
 * time that grew with the square of its length.
 */
const contexts = new WeakMap<Sentence[], Map<number, AnswerContext>>();
/** The context asked for last: looked up without the maps while the same turn is read. */
let last: { sentences?: Sentence[]; turn?: number; context?: AnswerContext } = {};

/** The sentence's answer context. */
export function answerContext(sentences: Sentence[], sentence: Sentence): AnswerContext {
  // a sentence that is not where its index says (a test's, or `explain --text`) is read on its own
  if (sentences[sentence.index] !== sentence) return readAnswerContext(sentences, sentence);
  // the rules and cues ask about one turn's sentences many times in a row
  if (sentences === last.sentences && sentence.turn === last.turn) return last.context!;
  let byTurn = contexts.get(sentences);
  if (!byTurn) contexts.set(sentences, (byTurn = new Map()));
  let context = byTurn.get(sentence.turn);
  if (!context) byTurn.set(sentence.turn, (context = readAnswerContext(sentences, sentence)));
  last = { sentences, turn: sentence.turn, context };
  return context;
}

function readAnswerContext(sentences: Sentence[], sentence: Sentence): AnswerContext {
  let i = sentence.index - 1;
  for (; i >= 0 && sentences[i]!.turn === sentence.turn; i--);
  // The interviewer's turn right before this answer, if the previous turn is the interviewer's.
  const turn: Sentence[] = [];
  const previousTurn = sentences[i]?.turn;
  for (; i >= 0 && sentences[i]!.turn === previousTurn && sentences[i]!.role === 'interviewer'; i--) turn.unshift(sentences[i]!);
  // Interviewers often acknowledge the last answer before asking; the question itself is what sets the context.
  const asked = turn.filter(isQuestion);
  const question = asked.length > 0 ? asked : turn.slice(-1);
  return { question, prompt: turn.filter((s) => question.includes(s) || isRequest(s)) };
}

/** "Take me back to...", "Tell me about...", "Walk me through...": a request that asks as a question does. */
export function isRequest(sentence: Sentence): boolean {
  return /^\W*(?:so,?\s+|and\s+|now,?\s+)?(?:please\s+)?(?:tell|take|walk|talk|describe|share|explain|give)\s+(?:me|us)\b/i.test(sentence.text);
}

/**
 * The questions of the interviewer's turns before the one that `question`
 * belongs to, nearest first, at most `count`: what a follow-up ("And then
 * what happened?") goes on from.
 */
export function earlierQuestions(sentences: Sentence[], question: Sentence[], count: number): Sentence[][] {
  const found: Sentence[][] = [];
  let i = (question[0]?.index ?? 0) - 1;
  while (i >= 0 && found.length < count) {
    const turn = sentences[i]!.turn;
    const turnSentences: Sentence[] = [];
    for (; i >= 0 && sentences[i]!.turn === turn; i--) turnSentences.unshift(sentences[i]!);
    if (turnSentences[0]!.role !== 'interviewer') continue;
    const asked = turnSentences.filter(isQuestion);
    found.push(asked.length > 0 ? turnSentences.filter((s) => isQuestion(s) || isRequest(s)) : turnSentences.slice(-1));
  }
  return found;
}

/**
 * A sentence that ends in a question mark asks; an aside in brackets that
 * ends one does not make the sentence around it a question ("I asked an AI
 * model (I think it was Gemini?)").
 */
export function isQuestion(sentence: Sentence): boolean {
  const { text } = sentence;
  const aside = closingAside(text);
  const said = aside === undefined ? text : text.slice(0, aside);
  return QUESTION_END.test(said.trim() === '' ? text : said);
}

const QUESTION_END = /\?["'\u201d)]*\s*$/;

/** Where an aside in brackets that ends the sentence opens, if one does (read from the end: most sentences end in a word or a stop). */
function closingAside(text: string): number | undefined {
  let end = text.length - 1;
  while (end >= 0 && /[\s"'\u201d]/.test(text[end]!)) end--;
  if (text[end] !== ')') return undefined;
  const open = text.lastIndexOf('(', end);
  return open >= 0 && text.lastIndexOf(')', end - 1) < open ? open : undefined;
}

/** The sentences within `within` places before or after this one, itself included. */
export function neighbours(sentences: Sentence[], sentence: Sentence, within: number): Sentence[] {
  return sentences.slice(Math.max(0, sentence.index - within), sentence.index + within + 1);
}
