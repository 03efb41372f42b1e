import type { Classifier } from '../classify/index.js';
import { findingsFromHits, firedOnEach, indexRulesBySpeaker, type SentenceHits, type SpeakerIndexes } from '../extract/index.js';
import { ruleFingerprint } from '../rules/fingerprint.js';
import { contentWords } from '../rules/find.js';
import { couldMatchIn, vocabularyOf } from '../rules/index.js';
import type { Rule } from '../rules/types.js';
import type { ClassifiedFinding, Finding, SegmentedTranscript, Sentence, TranscriptInfo } from '../types.js';

/**
 * What the rules found on one file, kept in the cache beside its parse: each
 * rule's hits under its fingerprint (rules/fingerprint.ts), and what classify
 * made of each finding. A run after a rule edit runs only the edited rule and
 * classifies only the findings it adds; a run with no rule edited reads no
 * parse at all. Findings are still made from the hits, and the map from the
 * findings, as a full run makes them.
 */
export interface HitsEntry {
  /** the parse's cache key */
  key: string;
  /** the matching and memo code's version (hitsVersion()): other code may match or keep otherwise */
  version: string;
  /** the fingerprints of the rules the hits are of; a rule that fired nowhere is held too */
  rules: string[];
  /** what the classifications were made with (classify's code and everything in the rule set but the rules) */
  classifier: string;
  /** in the parse's order */
  transcripts: RememberedTranscript[];
}

export interface RememberedTranscript {
  transcript: TranscriptInfo;
  sentenceCount: number;
  /** `[index in rules, sentence, span start, span end]` for each rule that fired on a sentence */
  hits: [number, number, number, number][];
  /** the sentences some rule fired on, without their tokens: all a finding quotes and points at */
  sentences: SentenceCard[];
  /** what classify added to each finding, by findingPlace() */
  classified: Record<string, Partial<ClassifiedFinding>>;
  /** every word, lemma and stem of the transcript, one a line: a rule none of whose entries could match them has no hits here, and needs no parse read */
  words: string;
}

export type SentenceCard = Omit<Sentence, 'tokens'>;

/** What the memo held for a transcript before: the file's entry, and the transcript's place in it. */
export interface EarlierHits {
  entry: HitsEntry;
  transcript: RememberedTranscript;
}

/** A transcript's findings, and what to remember of them; `changed` when a rule ran or a finding was classified. */
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
function findingPlace(finding: Finding): string {
  return `${finding.evidence.sentence}:${finding.category}:${finding.span[0]}:${finding.span[1]}`;
}

/** Runs the rules and classify on transcripts, reading back from an earlier entry the hits and classifications it holds. */
export class HitMemo {
  private readonly fingerprints: string[];
  private readonly ruleIndex = new Map<Rule, number>();
  /** the rules to run, indexed once per set of rules missing from entries (all of them, or the few just edited) */
  private readonly indexes = new Map<string, SpeakerIndexes>();

  constructor(
    private readonly rules: Rule[],
    private readonly classifier: string,
    private readonly classify: Classifier,
    private readonly minConfidence: number,
  ) {
    this.fingerprints = rules.map(ruleFingerprint);
    rules.forEach((rule, i) => this.ruleIndex.set(rule, i));
  }

  /**
   * Does the entry answer for every rule, classified as this run classifies?
   * It holds a rule's hits, or the rule cannot match the words of its
   * transcripts (a rule just edited often cannot), so has none. Then no rule
   * needs to run, and the parse is not read.
   */
  answers(entry: HitsEntry): boolean {
    if (entry.classifier !== this.classifier) return false;
    const held = new Set(entry.rules);
    const missing = this.rules.filter((_, i) => !held.has(this.fingerprints[i]!)).flatMap((rule) => rule.matchers);
    return missing.length === 0 || entry.transcripts.every((remembered) => !couldMatchIn(missing, new Set(remembered.words.split('\n'))));
  }

  /** A transcript's findings from the entry alone, or undefined when one of them was never classified (a lower threshold) and needs the parse. */
  recall(earlier: EarlierHits): ClassifiedFinding[] | undefined {
    const cards = new Map(earlier.transcript.sentences.map((card) => [card.index, card]));
    const sentenceOf = (index: number): Sentence => ({ ...cards.get(index)!, tokens: [] });
    const found = findingsFromHits(earlier.transcript.transcript.id, this.recalledHits(earlier, sentenceOf).values(), this.minConfidence);
    const classified: ClassifiedFinding[] = [];
    for (const finding of found) {
      const extras = earlier.transcript.classified[findingPlace(finding)];
      if (!extras) return undefined;
      classified.push({ ...finding, ...extras } as ClassifiedFinding);
    }
    return classified;
  }

  /**
   * A parsed transcript's findings: the hits `earlier` holds read back, the
   * other rules run on its sentences; the classifications it holds read
   * back, the other findings classified. `extend` adds findings that come
   * from elsewhere (the review's) before they are classified.
   */
  analyse(segmented: SegmentedTranscript, earlier?: EarlierHits, extend: (found: Finding[]) => Finding[] = (found) => found): Remembering {
    const held = earlier && new Set(earlier.entry.rules);
    const missing = held ? this.rules.filter((_, i) => !held.has(this.fingerprints[i]!)) : this.rules;
    const bySentence = earlier ? this.recalledHits(earlier, (index) => segmented.sentences[index]!) : new Map<number, SentenceHits>();
    if (missing.length > 0) this.addFresh(bySentence, firedOnEach(segmented, this.indexFor(missing)));
    const fired = [...bySentence.values()].sort((a, b) => a.sentence.index - b.sentence.index);
    for (const entry of fired) entry.hits.sort((a, b) => this.ruleIndex.get(a.rule)! - this.ruleIndex.get(b.rule)!);
    const found = extend(findingsFromHits(segmented.transcript.id, fired, this.minConfidence));
    const known = earlier?.entry.classifier === this.classifier ? earlier.transcript.classified : {};
    const { findings, added, classifiedNow } = this.classified(segmented, found, known);
    const words = earlier?.transcript.words ?? wordsOf(segmented);
    return { findings, remembered: this.remember(segmented, fired, findings, added, words), changed: missing.length > 0 || classifiedNow > 0 };
  }

  /** What to keep for a file: its transcripts' hits and classifications under the fingerprints of these rules. */
  entryOf(remembered: RememberedTranscript[]): Omit<HitsEntry, 'key' | 'version'> {
    return { rules: this.fingerprints, classifier: this.classifier, transcripts: remembered };
  }

  /** The hits the entry holds of the rules of this run, by sentence, as fired hits of these rules. */
  private recalledHits(earlier: EarlierHits, sentenceOf: (index: number) => Sentence): Map<number, SentenceHits> {
    const current = new Map(this.fingerprints.map((fingerprint, i) => [fingerprint, i]));
    const bySentence = new Map<number, SentenceHits>();
    for (const [ruleAt, sentence, start, end] of earlier.transcript.hits) {
      const rule = current.get(earlier.entry.rules[ruleAt]!);
      // a rule removed since, or one whose hits were kept under a fingerprint it no longer has
      if (rule === undefined) continue;
      let entry = bySentence.get(sentence);
      if (!entry) bySentence.set(sentence, (entry = { sentence: sentenceOf(sentence), hits: [] }));
      entry.hits.push({ rule: this.rules[rule]!, status: 'fired', span: [start, end] });
    }
    return bySentence;
  }

  private addFresh(bySentence: Map<number, SentenceHits>, fresh: SentenceHits[]): void {
    for (const { sentence, hits } of fresh) {
      if (hits.length === 0) continue;
      const entry = bySentence.get(sentence.index);
      if (entry) entry.hits.push(...hits);
      else bySentence.set(sentence.index, { sentence, hits: [...hits] });
    }
  }

  /**
   * The findings classified: from what is known where it is, by classify for
   * the rest (in one call, so it reads the transcript's times once). With
   * each, what classify added to it, to remember.
   */
  private classified(
    segmented: SegmentedTranscript,
    found: Finding[],
    known: RememberedTranscript['classified'],
  ): { findings: ClassifiedFinding[]; added: Partial<ClassifiedFinding>[]; classifiedNow: number } {
    const unknown = found.filter((finding) => !known[findingPlace(finding)]);
    const fresh = new Map(this.classify(segmented, unknown).map((classified, i) => [unknown[i]!, classified]));
    const findings: ClassifiedFinding[] = [];
    const added: Partial<ClassifiedFinding>[] = [];
    for (const finding of found) {
      const classified = fresh.get(finding);
      const part = classified ? addedBy(finding, classified) : known[findingPlace(finding)]!;
      // a finding classify just made is kept as it made it
      findings.push(classified ?? ({ ...finding, ...part } as ClassifiedFinding));
      added.push(part);
    }
    return { findings, added, classifiedNow: unknown.length };
  }

  private remember(segmented: SegmentedTranscript, fired: SentenceHits[], findings: ClassifiedFinding[], added: Partial<ClassifiedFinding>[], words: string): RememberedTranscript {
    const { turns, ...transcript } = segmented.transcript;
    const hits: RememberedTranscript['hits'] = [];
    for (const { sentence, hits: onSentence } of fired) {
      for (const hit of onSentence) hits.push([this.ruleIndex.get(hit.rule)!, sentence.index, hit.span[0], hit.span[1]]);
    }
    const classified: RememberedTranscript['classified'] = {};
    findings.forEach((finding, i) => (classified[findingPlace(finding)] = added[i]!));
    return {
      transcript,
      sentenceCount: segmented.sentences.length,
      hits,
      sentences: fired.map(({ sentence: { tokens, ...card } }) => card),
      classified,
      words,
    };
  }

  private indexFor(rules: Rule[]): SpeakerIndexes {
    const name = rules.map((rule) => rule.id).join('\n');
    let indexes = this.indexes.get(name);
    if (!indexes) this.indexes.set(name, (indexes = indexRulesBySpeaker(rules)));
    return indexes;
  }
}

/**
 * What classify added to a finding or changed in it, in the order it wrote
 * them: spread over the finding again, it gives what classify gave, key for
 * key (a key classify changed keeps its place, as in classify's own spread).
 */
function addedBy(finding: Finding, classified: ClassifiedFinding): Partial<ClassifiedFinding> {
  const before = finding as unknown as Record<string, unknown>;
  return Object.fromEntries(Object.entries(classified).filter(([key, value]) => !(key in before) || before[key] !== value));
}

function wordsOf(segmented: SegmentedTranscript): string {
  // in the order first said, which is as stable as sorted and costs a cold run nothing
  return [...vocabularyOf(segmented.sentences.map((sentence) => contentWords(sentence.tokens)))].join('\n');
}
