import type { Category } from '../types.js';
import type { Pattern } from './pattern.js';

export const NEGATION_POLICIES = ['block', 'require', 'ignore'] as const;
export type NegationPolicy = (typeof NEGATION_POLICIES)[number];

export const SPEAKER_SCOPES = ['participant', 'interviewer', 'any'] as const;
export type SpeakerScope = (typeof SPEAKER_SCOPES)[number];

/** One `words`, `phrases` or `patterns` entry, compiled. */
export interface Matcher {
  kind: 'word' | 'phrase' | 'pattern';
  source: string;
  pattern: Pattern;
}

export interface Rule {
  id: string;
  category: Category;
  description: string;
  subtype?: string;
  weight: number;
  negation: NegationPolicy;
  speaker: SpeakerScope;
  matchers: Matcher[];
  unless: Matcher[];
  examples: { match: string[]; noMatch: string[] };
  file: string;
  line: number;
}

export interface Stage {
  id: string;
  description: string;
  cues: Matcher[];
  questionCues: Matcher[];
  /** share of the interview (0..1) where this stage is likely; used only when no cue decides */
  position?: [number, number];
}

export interface StageModel {
  model: string;
  description: string;
  defaultStage: string;
  stages: Stage[];
  file: string;
}

export interface Dimension {
  id: string;
  cues: Matcher[];
}

export interface DimensionModel {
  defaultDimension: string;
  dimensions: Dimension[];
}

export interface RuleSet {
  rules: Rule[];
  stages: StageModel;
  dimensions: DimensionModel;
}
