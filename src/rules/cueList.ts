import type { Sentence, Token } from '../types.js';
import { contentWords } from './find.js';
import type { Matcher } from './matchers.js';
import { findPattern } from './patternMatch.js';
import { allGroupsMarked, anyMarked, formNumber, groupNumbers, markSentence } from './sentenceMarks.js';

/**
 * A condition's cues (an `unless` list, the hedges, a `requires` group, a
 * `near` or `after_question` block), made once when the rules are indexed and
 * asked of every sentence a rule matches in. Asked one cue at a time, a sentence
 * weighed every cue's words: 26 cues a check, 1.3 million weighings on 300
 * interviews, of which one in twelve passed. A cue can only match a sentence
 * that holds one of its anchors (the words the rule index files it under,
 * patternCompile.ts) and a form of each word it requires, so the words a
 * sentence holds are marked once, for every list and the rule index
 * (sentenceMarks.ts), and a cue whose words are not marked is passed over
 * with a look at numbers. An anchor "w:word" (a token's form as written or
 * its lemma) or "s:stem" is looked for among all three forms of a token,
 * which may let a cue through that its own kind of form would not, never the
 * other way round. The answer is the first cue, in the list's order,
 * found in the sentence, as weighing every cue in turn gives it.
 */
export class CueList {
  /** for each cue, the numbers of its anchor words; empty for a cue with none (a regex), which is always tried */
  private readonly anchorIds: number[][];
  /** for each cue, the numbers of the words it requires, one of each group */
  private readonly requiredIds: number[][][];
  /** heldIn's answers */
  private readonly held = new WeakMap<Sentence, boolean>();

  constructor(readonly cues: Matcher[]) {
    this.anchorIds = cues.map(({ pattern }) => pattern.anchors.map((anchor) => formNumber(anchor.slice(2))));
    this.requiredIds = cues.map(({ pattern }) => pattern.required.map(groupNumbers));
  }

  /** The first cue, in the list's order, that occurs in the sentence. */
  find(sentence: Sentence, words: Token[]): Matcher | undefined {
    const marked = markSentence(words).stamp;
    for (let i = 0; i < this.cues.length; i++) {
      if (!this.mayHold(i, marked)) continue;
      const cue = this.cues[i]!;
      if (findPattern(cue.pattern, words, sentence.text)) return cue;
    }
    return undefined;
  }

  /** Whether the sentence marked with `marked` holds one of the cue's anchors (a cue with none has no shortcut) and a form of each word it requires. */
  private mayHold(i: number, marked: number): boolean {
    const anchors = this.anchorIds[i]!;
    return (anchors.length === 0 || anyMarked(anchors, marked)) && allGroupsMarked(this.requiredIds[i]!, marked);
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
