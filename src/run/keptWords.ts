import { contentWords } from '../rules/find.js';
import { vocabularyOf, type WordSet } from '../rules/index.js';
import { wordPairsOf } from '../rules/wordPairs.js';
import type { SegmentedTranscript } from '../types.js';

/**
 * What a hits entry keeps of a transcript's words (RememberedTranscript's
 * `words` and `pairs`, hitsEntry.ts), and how they are asked about: enough to
 * tell that an edited rule cannot match there, without reading the parse.
 */

export function wordsOf(segmented: SegmentedTranscript): string {
  // in the order first said, which is as stable as sorted and costs a cold run nothing
  return [...vocabularyOf(segmented.sentences.map((sentence) => contentWords(sentence.tokens)))].join('\n');
}

export function wordPairsIn(segmented: SegmentedTranscript): string {
  return wordPairsOf(segmented.sentences.map((sentence) => contentWords(sentence.tokens)));
}

/**
 * A transcript's words as its entry keeps them, one a line, asked one by one
 * where they are: an edit adds a phrase or two, whose few words are found
 * faster in the text than by making a set of all 1,500.
 */
export class WordLines implements WordSet {
  private all: Set<string> | undefined;

  constructor(private readonly lines: string) {}

  has(word: string): boolean {
    if (word === '' || word.includes('\n')) return false;
    for (let at = this.lines.indexOf(word); at >= 0; at = this.lines.indexOf(word, at + 1)) {
      const end = at + word.length;
      if ((at === 0 || this.lines[at - 1] === '\n') && (end === this.lines.length || this.lines[end] === '\n')) return true;
    }
    return false;
  }

  /** A lexicon in a pattern is asked about by going through the words: made into a set then, once. */
  [Symbol.iterator](): Iterator<string> {
    this.all ??= new Set(this.lines.split('\n'));
    return this.all[Symbol.iterator]();
  }
}
