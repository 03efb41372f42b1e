import { MatcherIndex } from '../rules/index.js';
import { findPattern } from '../rules/patternMatch.js';
import type { CodebookJob } from '../rules/types.js';
import { contentWords } from '../rules/find.js';
import type { Token } from '../types.js';

export type Codebook = MatcherIndex<CodebookJob>;

export function indexCodebook(jobs: CodebookJob[]): Codebook {
  return new MatcherIndex(jobs.map((job) => ({ item: job, matchers: job.matchers })));
}

/**
 * The codebook job a statement's words match, first in file order: deductive
 * coding, so the statement joins that job whatever its wording. Matched on the
 * sentence from where the job is said (the rule's match) to its end, so "I use
 * it for lesson plans" matches an entry with the phrase "lesson plans" although
 * its statement reads "plan lessons".
 */
export function codebookJobOf(codebook: Codebook, tokens: Token[]): string | undefined {
  const words = contentWords(tokens);
  return codebook.candidates(words).find(({ matcher }) => findPattern(matcher.pattern, words))?.item.id;
}
