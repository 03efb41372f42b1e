import { contentWords } from '../extract/match.js';
import { findPattern } from '../rules/pattern.js';
import type { DimensionModel } from '../rules/types.js';
import type { Sentence } from '../types.js';

/** Functional unless the sentence carries an emotional or social cue (first dimension in file order wins). */
export function decideDimension(model: DimensionModel, sentence: Sentence): string {
  const words = contentWords(sentence.tokens);
  const match = model.dimensions.find((dimension) => dimension.cues.some((cue) => findPattern(cue.pattern, words)));
  return match?.id ?? model.defaultDimension;
}
