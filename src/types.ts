/**
 * Shared shapes that flow through the pipeline: ingest -> segment -> extract -> classify -> group -> write.
 * The categories of finding are in categories.ts, and what grouping makes of the findings in jobMapTypes.ts.
 */

import type { Category } from './categories.js';

export type Role = 'interviewer' | 'participant';

/** Where a piece of evidence sits in its source file. Lines and columns are 1-based. */
export interface Location {
  file: string;
  line: number;
  column: number;
  /** when it was said (`00:01:05`), where the source has timestamps (subtitles, Otter, speech-to-text JSON) */
  time?: string;
}

/** A stretch of a turn's text that came from one source line, so offsets map back to lines. */
export interface LineSpan {
  /** offset of this stretch within the turn text */
  textStart: number;
  line: number;
  column: number;
  /** when this stretch was said (`00:01:05`), where the source has timestamps */
  time?: string;
}

export interface Speaker {
  name: string;
  role: Role;
  /** why the role was chosen: front matter, known label, or the question heuristic */
  reason: string;
}

export interface Turn {
  index: number;
  speaker: string;
  role: Role;
  text: string;
  lines: LineSpan[];
}

export type Metadata = Record<string, string | number | boolean | string[]>;

export interface Transcript {
  id: string;
  /** path relative to the input folder, with forward slashes */
  file: string;
  metadata: Metadata;
  speakers: Speaker[];
  turns: Turn[];
}

export interface Token {
  text: string;
  /** lowercase text with contractions spelled out (n't -> not) */
  norm: string;
  lemma: string;
  stem: string;
  pos: string;
  negated: boolean;
  /** character offsets within the sentence text */
  start: number;
  end: number;
}

export interface Sentence {
  /** position of the sentence in the transcript, from 0 */
  index: number;
  turn: number;
  speaker: string;
  role: Role;
  text: string;
  tokens: Token[];
  /** offset of the sentence within its turn text */
  start: number;
  location: Location;
}

export interface SegmentedTranscript {
  transcript: Transcript;
  sentences: Sentence[];
}

export interface Evidence {
  file: string;
  line: number;
  column: number;
  speaker: string;
  turn: number;
  sentence: number;
  /** offset of the sentence within its turn's text, so exports can point at its exact characters */
  start: number;
  /** when it was said (`00:01:05`), where the source has timestamps */
  time?: string;
}

export interface Finding {
  id: string;
  transcript: string;
  category: Category;
  subtype?: string;
  sentence: string;
  /** the words that matched, as they appear in the sentence */
  match: string;
  /** character span of `match` within `sentence` */
  span: [number, number];
  rules: string[];
  confidence: number;
  evidence: Evidence;
  /** the line of the review file's `add:` entry that made this finding, or that the rules' finding answers (src/review/additions.ts) */
  addedAt?: number;
}

/** What decided a finding's stage, strongest first (src/classify/stage.ts). */
export const STAGE_EVIDENCE = ['review', 'sentence cue', 'sentence time', 'answer time', 'question cue', 'question time', 'position', 'default'] as const;
export type StageEvidence = (typeof STAGE_EVIDENCE)[number];

export interface StageDecision {
  stage: string;
  evidence: StageEvidence;
  /** a short account of what decided the stage: the cue, or the words that say when */
  because: string;
}

/**
 * What a finding's sentence says about time (src/classify/time.ts); in
 * transcripts/<id>.yaml as `tense`, `when`, `when_words`, `when_from` (`time`
 * there is when it was said, from the source's timestamps).
 */
export interface FindingTiming {
  /** past, habitual_past, would, present, perfect, future */
  tense?: string;
  /** before, at, after the anchor, future, or change (then and now) */
  when?: string;
  /** the words that say when */
  words?: string;
  /** `file:line` of the earlier sentence of the answer whose time this one goes on in */
  from?: string;
}

export interface ClassifiedFinding extends Finding {
  stage: string;
  stageBecause: string;
  stageEvidence: StageEvidence;
  timing?: FindingTiming;
  dimension?: string;
  /** a job's statement as verb + object + clarifier ("draft replies to parents") */
  statement?: string;
  /** lemmas of the statement's content words, verb first: what grouping compares */
  statementWords?: string[];
  /** the noun the job acts on ("email"): grouping weighs it most */
  statementHead?: string;
  /** lemmas of the nouns and verbs of the whole sentence: the topic the job is said in, which grouping weighs lightly */
  topicWords?: string[];
  /** why a job's statement is no job ("use" frames a job without naming it): such a finding founds no candidate job */
  notAJob?: string;
  /** the codebook job (rules/codebook) the statement matches: it joins that job whatever its wording */
  codebookJob?: string;
  /** the participant's segment (the transcript's `segment_by` attribute: front matter, CSV column or participants.yaml) */
  segment?: string;
}

/** A transcript less its turns: all the later stages need, and far less to pass between threads. */
export type TranscriptInfo = Omit<Transcript, 'turns'>;

export interface TranscriptFindings {
  transcript: TranscriptInfo;
  sentenceCount: number;
  findings: ClassifiedFinding[];
  /** who said what, turn by turn: kept only when an export needs the transcript's text (RunOptions.keepTurns) */
  turns?: SpokenTurn[];
}

/** A turn as an export writes it: the speaker and the text its findings' offsets count in. */
export type SpokenTurn = Pick<Turn, 'speaker' | 'role' | 'text'>;
