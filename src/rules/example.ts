// Its own module: a rule's and a lexicon's examples are alike, and cues.ts (lexicons) cannot import types.ts (rules), which imports it.

/** A sentence (or a short labelled dialogue) under a rule's or a lexicon's `examples`, with the line it is written on. */
export interface Example {
  text: string;
  line: number;
  /** `match` only: the words the rule (or one of the lexicon's entries) must match, as written in the sentence */
  matched?: string;
  /** `match` only, a rule's: the subtype of the finding all the category's rules make on the sentence */
  subtype?: string;
}
