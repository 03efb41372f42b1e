import type { Sentence, Token } from '../types.js';
import { contentWords } from './find.js';
import { mayMatch } from './index.js';
import type { Matcher } from './matchers.js';
import { findPattern } from './patternMatch.js';

/**
 * A condition's cues (an `unless` list, the hedges, a `requires` group, a
 * `near` or `after_question` block), made once when the rules are indexed and
 * asked of every sentence a rule matches in. Asked one cue at a time, a sentence
 * weighed every cue's words: 26 cues a check, 1.3 million weighings on 300
 * interviews, of which one in twelve passed. A cue can only match a sentence
 * that holds one of its anchors (the words the rule index files it under,
 * patternCompile.ts), so the anchors a sentence holds are marked once, for
 * every list, and a cue none of whose anchors is marked is passed over with
 * a look at a number. The answer is the first cue, in the list's order,
 * found in the sentence, as weighing every cue in turn gives it.
 */
export class CueList {
  /** for each cue, the ids of its anchor words; empty for a cue with none (a regex), which is always tried */
  private readonly anchorIds: number[][];
  /** heldIn's answers */
  private readonly held = new WeakMap<Sentence, boolean>();

  constructor(readonly cues: Matcher[]) {
    this.anchorIds = cues.map(({ pattern }) => pattern.anchors.map((anchor) => anchorId(anchor.slice(2))));
  }

  /** The first cue, in the list's order, that occurs in the sentence. */
  find(sentence: Sentence, words: Token[]): Matcher | undefined {
    const stamp = markAnchors(words);
    for (let i = 0; i < this.cues.length; i++) {
      if (!anyMarked(this.anchorIds[i]!, stamp)) continue;
      const cue = this.cues[i]!;
      if (mayMatch(cue.pattern, words) && findPattern(cue.pattern, words, sentence.text)) return cue;
    }
    return undefined;
  }

  /**
   * Whether a cue occurs in a sentence around the one a rule matched in (a
   * neighbour, the question before): remembered, since every sentence of an
   * answer asks about the same ones again.
   */
  heldIn(sentence: Sentence): boolean {
    let held = this.held.get(sentence);
    if (held === undefined) this.held.set(sentence, (held = this.find(sentence, contentWords(sentence.tokens)) !== undefined));
    return held;
  }
}

/**
 * Anchor words by id. An anchor is "w:word" (a token's form as written or its
 * lemma) or "s:stem"; both are looked up among all three forms of a token,
 * which may let a cue through that its own kind of form would not, never the
 * other way round.
 */
const anchorIds = new Map<string, number>();
/** the stamp of the sentence each anchor word was last found in */
let marks = new Uint32Array(256);
let stamp = 0;
let markedWords: Token[] | undefined;

function anchorId(word: string): number {
  let id = anchorIds.get(word);
  if (id === undefined) {
    anchorIds.set(word, (id = anchorIds.size));
    if (id >= marks.length) {
      const grown = new Uint32Array(marks.length * 2);
      grown.set(marks);
      marks = grown;
    }
    // a word known only now was not looked for in the sentence marked last
    markedWords = undefined;
  }
  return id;
}

/** Marks the anchor words the sentence holds (once per sentence: the lists of every rule ask about it in a row); returns its stamp. */
function markAnchors(words: Token[]): number {
  if (words === markedWords) return stamp;
  // 32-bit marks: clear them once the stamps would wrap
  if (stamp === 0xffffffff) {
    marks.fill(0);
    stamp = 0;
  }
  const now = ++stamp;
  for (let i = 0; i < words.length; i++) {
    const token = words[i]!;
    mark(token.norm, now);
    if (token.lemma !== token.norm) mark(token.lemma, now);
    mark(token.stem, now);
  }
  markedWords = words;
  return now;
}

function mark(word: string, now: number): void {
  const id = anchorIds.get(word);
  if (id !== undefined) marks[id] = now;
}

/** Whether the sentence marked with `now` holds one of the anchors; a cue with none has no shortcut and is tried. */
function anyMarked(ids: number[], now: number): boolean {
  if (ids.length === 0) return true;
  for (let i = 0; i < ids.length; i++) if (marks[ids[i]!] === now) return true;
  return false;
}
