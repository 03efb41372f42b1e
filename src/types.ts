/** Shared shapes that flow through the pipeline: ingest -> segment -> extract -> classify -> group -> write. */

export type Role = 'interviewer' | 'participant';

export const CATEGORIES = ['job', 'pain', 'trigger', 'emotion', 'social', 'outcome', 'force'] as const;
export type Category = (typeof CATEGORIES)[number];

/** Categories whose rules only run when a project's config switches them on (`categories: [force]`). */
export const OPTIONAL_CATEGORIES = ['force'] as const satisfies readonly Category[];
export type OptionalCategory = (typeof OPTIONAL_CATEGORIES)[number];

/** The categories whose findings are evidence beside a job (everything but the job itself). */
export type CueCategory = Exclude<Category, 'job'>;

/**
 * How each category is named and shown: one registry that grouping, review,
 * jobs.yaml, the report and eval all read, in this order. A category added
 * to CATEGORIES gets its entry here and appears everywhere.
 */
export interface CategoryInfo {
  id: Category;
  /** its evidence on a candidate job, in jobs.yaml and the report (`pains:`); none for the job itself */
  cueKey?: string;
  /** a heading ("Social cues"), one and many ("social cue", "social cues") */
  heading: string;
  one: string;
  many: string;
  /** found only when a config or stage model switches it on (`categories: [force]`) */
  optional: boolean;
  /** labelled by hand in gold files (`labels: [...]`), so eval scores it */
  labelled: boolean;
}

export const CATEGORY_INFO: readonly CategoryInfo[] = [
  { id: 'job', heading: 'Jobs', one: 'job', many: 'jobs', optional: false, labelled: true },
  { id: 'pain', cueKey: 'pains', heading: 'Pains', one: 'pain', many: 'pains', optional: false, labelled: true },
  { id: 'trigger', cueKey: 'triggers', heading: 'Triggers', one: 'trigger', many: 'triggers', optional: false, labelled: true },
  { id: 'emotion', cueKey: 'emotions', heading: 'Emotions', one: 'emotion', many: 'emotions', optional: false, labelled: true },
  { id: 'social', cueKey: 'social', heading: 'Social cues', one: 'social cue', many: 'social cues', optional: false, labelled: true },
  { id: 'outcome', cueKey: 'outcomes', heading: 'Outcomes', one: 'outcome', many: 'outcomes', optional: false, labelled: false },
  { id: 'force', cueKey: 'forces', heading: 'Forces', one: 'force', many: 'forces', optional: true, labelled: false },
];

/** The categories that are evidence beside a job, with their key, in registry order. */
export const CUE_CATEGORIES = CATEGORY_INFO.filter((info): info is CategoryInfo & { id: CueCategory; cueKey: string } => info.cueKey !== undefined);

/** The categories a report lists: every default one, and an optional one only when it found something. */
export function reportedCategories(counts: Partial<Record<string, number>>): Category[] {
  return CATEGORIES.filter((c) => !(OPTIONAL_CATEGORIES as readonly Category[]).includes(c) || (counts[c] ?? 0) > 0);
}

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

export interface Quote {
  text: string;
  transcript: string;
  at: string;
  time?: string;
  speaker: string;
}

export interface RelatedCue {
  text: string;
  subtype?: string;
  at: string;
  time?: string;
}

/** What a reviewer decided about a candidate job (src/review), shown in jobs.yaml. */
export interface JobReview {
  status: 'pending' | 'accepted' | 'renamed';
  note?: string;
  /** the statement jobmap generated, when the reviewer renamed the job */
  generatedStatement?: string;
  /** ids of the jobs the reviewer merged into this one */
  merged?: string[];
}

/**
 * A job's story as data: the situation and the outcome said around the job,
 * each with its joining words. It is told with the job's statement only when
 * written, so a job renamed by review tells its story with the new name.
 */
export interface JobStory {
  /** "When my daughter was born", "After we moved in together" */
  situation?: string;
  /** "so I can see at a glance", "so that nothing slips", "without hunting for receipts" */
  outcome?: string;
}

/** A job the review took out of the map: rejected, or merged into another. Listed so the decision can be undone. */
export interface RemovedJob {
  id: string;
  statement: string;
  review: string;
  note?: string;
}

export interface CandidateJob {
  id: string;
  stage: string;
  statement: string;
  dimension: string;
  support: { participants: number; mentions: number };
  stages: Record<string, number>;
  variants: string[];
  quotes: Quote[];
  /** the pains, triggers, emotions, social cues, outcomes and forces said near it, the strongest few of each (none: no key) */
  cues: Partial<Record<CueCategory, RelatedCue[]>>;
  /** the situation and outcome around the job, told with its statement when written (src/group/story.ts) */
  story?: JobStory;
  /** `transcript/speaker` of everyone who said it, so merged jobs count each person once */
  speakers: string[];
  /** ids of the job findings it groups, in id order: each mention traces to its job */
  findings: string[];
  review?: JobReview;
  /** participants who said it, per segment (only when transcripts carry a segment) */
  segments?: Record<string, number>;
}

export interface JobMap {
  model: string;
  stages: { id: string; jobs: CandidateJob[] }[];
  /** jobs a reviewer rejected or merged away */
  removed?: RemovedJob[];
  /** support per segment and the jobs distinctive for each, when transcripts carry a segment */
  segments?: SegmentComparison;
}

/** A job said by a far larger share of one segment's participants than of everyone else's. */
export interface DistinctiveJob {
  job: string;
  statement: string;
  /** participants in the segment who said it */
  participants: number;
  /** share of the segment's participants who said it, and of the other segments' */
  share: number;
  elsewhere: number;
  /** share / elsewhere, with one participant added elsewhere so a job nobody else said is not infinitely distinctive */
  lift: number;
}

export interface SegmentComparison {
  /** the metadata attribute the segments come from */
  by: string;
  /** participants per segment; transcripts without the attribute are in no segment */
  participants: Record<string, number>;
  distinctive: Record<string, DistinctiveJob[]>;
}
