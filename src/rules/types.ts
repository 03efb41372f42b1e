import type { Category, OptionalCategory } from '../categories.js';
import type { ConditionValues } from './conditions/index.js';
import type { Lexicon } from './cues.js';
import type { Matcher } from './matchers.js';
import type { Example } from './example.js';

export interface Rule {
  id: string;
  category: Category;
  description: string;
  subtype?: string;
  weight: number;
  matchers: Matcher[];
  /** its conditions by key, each as written or the condition's fallback (the list is in conditions/index.ts) */
  conditions: ConditionValues;
  examples: { match: Example[]; noMatch: Example[] };
  file: string;
  line: number;
  column: number;
}

export type { Example };

/** A sentence or a short dialogue under a stage model's `examples`: the stage its last participant sentence must be placed on. */
export interface StageExample {
  text: string;
  stage: string;
  file: string;
  line: number;
}

export interface Stage {
  id: string;
  description: string;
  cues: Matcher[];
  questionCues: Matcher[];
  /** share of the interview (0..1) where this stage is likely; read only when the model has `by_position: true` */
  position?: [number, number];
}

/**
 * When a sentence happens, relative to the event the interview turns on (the
 * purchase, the adoption, the switch): before it, at it, after it, still to
 * come, or then and now in one breath (a change).
 */
export const WHENS = ['before', 'at', 'after', 'future', 'change'] as const;
export type When = (typeof WHENS)[number];

/** How report.html draws a model: stages as columns, or a timeline with the forces (switch). */
export const LAYOUTS = ['columns', 'timeline'] as const;
export type Layout = (typeof LAYOUTS)[number];

export interface StageModel {
  model: string;
  description: string;
  defaultStage: string;
  stages: Stage[];
  /** the stage a finding's time puts it on when its own cues do not decide (`time:` in the model file) */
  time: Partial<Record<When, string>>;
  /** position ranges decide when nothing else does; off unless the model says `by_position: true` */
  byPosition: boolean;
  /** optional categories the model switches on (`categories: [force]` in switch.yaml) */
  categories: OptionalCategory[];
  layout: Layout;
  /** sentences and dialogues with the stage they must be placed on, run by `rules test` */
  examples: StageExample[];
  file: string;
}

/** The relations a sentence can name between itself and the anchor event ("before I bought it", "since we switched"). */
export const ANCHOR_RELATIONS = ['before', 'at', 'after'] as const;
export type AnchorRelation = (typeof ANCHOR_RELATIONS)[number];

/** What `when:` cues a time file may list: the five times, and `now`, which only counts beside a cue of before. */
export const TIME_CUE_KEYS = [...WHENS, 'now'] as const;
export type TimeCueKey = (typeof TIME_CUE_KEYS)[number];

/** A sentence under the time file's `examples`, with the time it must be read as (`none`: no time at all). */
export interface TimeExample {
  text: string;
  when: When | 'none';
  file: string;
  line: number;
}

/** The time file (`rules/time.yaml`): how jobmap reads when a sentence happens. */
export interface TimeCues {
  anchor: {
    /** the event itself, as people say it: "bought it", "switched", "started using" */
    events: Matcher[];
    /** words that relate a sentence to the event: "before", "when", "since" */
    relations: Record<AnchorRelation, Matcher[]>;
    /** how many words may come between the relation word and the event ("before we finally switched") */
    within: number;
  };
  when: Record<TimeCueKey, Matcher[]>;
  examples: TimeExample[];
  /** the files the cues came from, lowest layer first */
  files: string[];
}

export interface Dimension {
  id: string;
  cues: Matcher[];
}

export interface DimensionModel {
  defaultDimension: string;
  dimensions: Dimension[];
}

/** Words a researcher counts as one meaning when grouping jobs (write, draft, compose), from a `related:` file. */
export interface RelatedWords {
  groups: string[][];
}

/** A named job of the codebook: a statement that matches it joins this job whatever its wording. */
export interface CodebookJob {
  id: string;
  statement: string;
  description: string;
  matchers: Matcher[];
  file: string;
  line: number;
  column: number;
}

export interface RuleSet {
  rules: Rule[];
  /** words that mean the same to grouping (rules/lexicons/related-words.yaml, layered) */
  related: RelatedWords;
  /** named jobs for deductive coding (rules/codebook/, layered by id) */
  codebook: CodebookJob[];
  stages: StageModel;
  time: TimeCues;
  dimensions: DimensionModel;
  lexicons: Lexicon[];
  /** findings with a lower confidence are left out */
  minConfidence: number;
}
