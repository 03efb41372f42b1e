import type { ClassifiedFinding, Finding, Role, Sentence, TranscriptInfo } from '../types.js';

/**
 * What the rules found on one file, kept in the cache beside its parse: each
 * rule's hits under its fingerprint (rules/fingerprint.ts), and what classify
 * made of each finding. A run after a rule edit runs only the edited rule and
 * classifies only the findings it adds; a run with no rule edited reads no
 * parse at all. Findings are still made from the hits, and the map from the
 * findings, as a full run makes them. Beside the hits, what stats counts of
 * the rules that did not fire (StopNotes) and the sentences per speaker: the
 * first stats after a run reads no parse and runs no rule.
 */
export interface HitsEntry {
  /** the parse's cache key */
  key: string;
  /** the matching and memo code's version (hitsVersion()): other code may match or keep otherwise */
  version: string;
  /** the fingerprints of the rules the hits are of; a rule that fired nowhere is held too */
  rules: string[];
  /** the rules (indexes in `rules`) whose stop notes the transcripts lack: an edited rule the run ran only in part (its added matchers) */
  unnoted: number[];
  /** what the classifications were made with (classify's code and everything in the rule set but the rules) */
  classifier: string;
  /** in the parse's order */
  transcripts: RememberedTranscript[];
}

export interface RememberedTranscript {
  transcript: TranscriptInfo;
  sentenceCount: number;
  /** sentences per speaker, as stats counts them */
  sentencesByRole: Record<Role, number>;
  /** `[index in rules, sentence, span start, span end, index in the rule's matchers]` for each rule that fired on a sentence, with the matcher that made it */
  hits: [number, number, number, number, number][];
  /** what stats counts of the rules that did not fire (extract/match.ts, StopNotes): `[index in rules, sentences]` where its words matched and a condition blocked it */
  blocked: [number, number][];
  /** the sentences some rule fired on, without their tokens: all a finding quotes and points at */
  sentences: SentenceCard[];
  /** what classify added to each finding, by findingPlace() */
  classified: Record<string, Partial<ClassifiedFinding>>;
  /** every word, lemma and stem of the transcript, one a line: a rule none of whose entries could match them has no hits here, and needs no parse read */
  words: string;
  /** which words stand side by side (rules/wordPairs.ts): a phrase whose words are all here, but never together, has no hits here either */
  pairs: string;
}

export type SentenceCard = Omit<Sentence, 'tokens'>;

/** What the memo held for a transcript before: the file's entry, and the transcript's place in it. */
export interface EarlierHits {
  entry: HitsEntry;
  transcript: RememberedTranscript;
}

/** A transcript's findings, and what to remember of them; `changed` when its hits or classifications differ from the entry's (or there was none). */
export interface Remembering {
  findings: ClassifiedFinding[];
  remembered: RememberedTranscript;
  changed: boolean;
}

/**
 * Where a finding is, as classify reads it: its sentence, category and the
 * words matched (a job's statement starts where its match does). Two findings
 * at the same place are classified alike.
 */
export function findingPlace(finding: Finding): string {
  return `${finding.evidence.sentence}:${finding.category}:${finding.span[0]}:${finding.span[1]}`;
}
