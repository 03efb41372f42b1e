import { contentWords } from '../rules/find.js';
import { MatcherIndex } from '../rules/index.js';
import { findPattern } from '../rules/patternMatch.js';
import type { Dimension, DimensionModel } from '../rules/types.js';
import type { Sentence } from '../types.js';

export interface DimensionCues {
  model: DimensionModel;
  index: MatcherIndex<Dimension>;
}

export function indexDimensionCues(model: DimensionModel): DimensionCues {
  return { model, index: new MatcherIndex(model.dimensions.map((dimension) => ({ item: dimension, matchers: dimension.cues }))) };
}

/** Functional unless the sentence carries an emotional or social cue (first dimension in file order wins). */
export function decideDimension(cues: DimensionCues, sentence: Sentence): string {
  const words = contentWords(sentence.tokens);
  // candidates come in file order, so the first that matches belongs to the first dimension that has a cue here
  const match = cues.index.candidates(words).find(({ matcher }) => findPattern(matcher.pattern, words));
  return match?.item.id ?? cues.model.defaultDimension;
}
