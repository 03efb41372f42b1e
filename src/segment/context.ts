import type { Sentence } from '../types.js';

/** Where an answer sentence sits in the conversation: what was asked before it, and what it said so far. */
export interface AnswerContext {
  /** the interviewer's question just before this answer (the sentences ending with "?", else the last one) */
  question: Sentence[];
  /** earlier sentences of the same turn, nearest first */
  before: Sentence[];
}

export function answerContext(sentences: Sentence[], sentence: Sentence): AnswerContext {
  const before: Sentence[] = [];
  let i = sentence.index - 1;
  for (; i >= 0 && sentences[i]!.turn === sentence.turn; i--) before.push(sentences[i]!);
  // The interviewer's turn right before this answer, if the previous turn is the interviewer's.
  const turn: Sentence[] = [];
  const previousTurn = sentences[i]?.turn;
  for (; i >= 0 && sentences[i]!.turn === previousTurn && sentences[i]!.role === 'interviewer'; i--) turn.unshift(sentences[i]!);
  // Interviewers often acknowledge the last answer before asking; the question itself is what sets the context.
  const asked = turn.filter(isQuestion);
  return { question: asked.length > 0 ? asked : turn.slice(-1), before };
}

export function isQuestion(sentence: Sentence): boolean {
  return /\?["'\u201d)]*\s*$/.test(sentence.text);
}

/** The sentences within `within` places before or after this one, itself included. */
export function neighbours(sentences: Sentence[], sentence: Sentence, within: number): Sentence[] {
  return sentences.slice(Math.max(0, sentence.index - within), sentence.index + within + 1);
}
