import type { Classifier } from '../classify/index.js';
import { findingsFromHits, firedOnEach, indexRulesBySpeaker, type FiredHit, type SentenceHits, type SpeakerIndexes } from '../extract/index.js';
import { hitFingerprint } from '../rules/fingerprint.js';
import type { Matcher } from '../rules/matchers.js';
import { contentWords } from '../rules/find.js';
import { couldMatchIn, vocabularyOf, type WordSet } from '../rules/index.js';
import { PairFilter, wordPairsOf } from '../rules/wordPairs.js';
import type { Rule } from '../rules/types.js';
import type { ClassifiedFinding, Finding, SegmentedTranscript, Sentence, TranscriptInfo } from '../types.js';
import { firedRules } from '../extract/match.js';
import { matchersAdded, ruleVersionOf, type RuleVersion, type RuleVersions } from './ruleVersions.js';

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
  /** `[index in rules, sentence, span start, span end, index in the rule's matchers]` for each rule that fired on a sentence, with the matcher that made it */
  hits: [number, number, number, number, number][];
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
function findingPlace(finding: Finding): string {
  return `${finding.evidence.sentence}:${finding.category}:${finding.span[0]}:${finding.span[1]}`;
}

/**
 * What a run does with each rule for the transcripts of one entry: read its
 * hits back (the entry holds this version), read back those of an earlier
 * version and run only the matchers added since (an edit that added or
 * removed words or phrases, its conditions as they were), or run it whole.
 */
interface Plan {
  /** for each rule of the run, where its hits are in the entry and how its matchers map: undefined for a rule the entry knows nothing of */
  byRule: (Recalled | undefined)[];
  /** by the entry's rule index: the run's rule its hits are of */
  fromEntry: Map<number, Recalled>;
  /** the rules to run whole */
  whole: Rule[];
  /** each edited rule's added matchers, as a rule of their own with its conditions (none when nothing was added) */
  added: Rule[];
  /** what must not match a transcript's words for the entry to answer alone */
  unheld: Matcher[];
}

interface Recalled {
  /** the run's rule */
  rule: number;
  /** the entry's version's matcher index -> the run's rule's, -1 for a matcher removed since; undefined when the entry holds this very version */
  matchers?: number[];
}

/** Runs the rules and classify on transcripts, reading back from an earlier entry the hits and classifications it holds. */
export class HitMemo {
  private readonly fingerprints: string[];
  private readonly ruleIndex = new Map<Rule, number>();
  /** each rule's matchers by position, so a hit can name the matcher that made it */
  private readonly matcherIndex = new Map<Rule, Map<Matcher, number>>();
  private readonly versions: RuleVersion[];
  /** the rules to run, indexed once per set of rules an entry lacks (all of them, or the few just edited) */
  private readonly indexes = new Map<string, SpeakerIndexes>();
  /** plans by the entry's list of rule versions: the entries of one study mostly share one */
  private readonly plans = new Map<string, Plan>();
  /** an added-matchers rule -> the rule it is part of */
  private readonly partOf = new Map<Rule, Rule>();
  /** a number for each rule object run, which names the index of a set of them */
  private readonly ruleNumbers = new Map<Rule, number>();

  constructor(
    private readonly rules: Rule[],
    private readonly classifier: string,
    private readonly classify: Classifier,
    private readonly minConfidence: number,
    /** what earlier versions of the rules were made of (ruleVersions.ts): without them an edited rule runs whole */
    private readonly earlierVersions: RuleVersions = {},
  ) {
    this.fingerprints = rules.map(hitFingerprint);
    this.versions = rules.map(ruleVersionOf);
    rules.forEach((rule, i) => {
      this.ruleIndex.set(rule, i);
      // a matcher named twice (a lexicon in `words` and in `phrases`) is tried first where it comes first
      const index = new Map<Matcher, number>();
      rule.matchers.forEach((matcher, m) => index.has(matcher) || index.set(matcher, m));
      this.matcherIndex.set(rule, index);
    });
  }

  /**
   * Does the entry answer for every rule, classified as this run classifies?
   * It holds a rule's hits, or of an earlier version of it none made by a
   * matcher since removed, and what it lacks (a new rule, matchers added to
   * one) cannot match the words of its transcripts (an added phrase often
   * cannot). Then no rule needs to run, and the parse is not read.
   */
  answers(entry: HitsEntry): boolean {
    if (entry.classifier !== this.classifier) return false;
    const plan = this.planFor(entry);
    const removedHit = (transcript: RememberedTranscript) =>
      transcript.hits.some(([at, , , , m]) => {
        const recalled = plan.fromEntry.get(at);
        return recalled !== undefined && this.matcherNow(recalled, m) < 0;
      });
    if (entry.transcripts.some(removedHit)) return false;
    return plan.unheld.length === 0 || entry.transcripts.every((remembered) => !couldMatchIn(plan.unheld, new WordLines(remembered.words), new PairFilter(remembered.pairs)));
  }

  /** A transcript's findings from the entry alone, or undefined when one of them was never classified (a lower threshold) and needs the parse. */
  recall(earlier: EarlierHits): ClassifiedFinding[] | undefined {
    const cards = new Map(earlier.transcript.sentences.map((card) => [card.index, card]));
    const sentenceOf = (index: number): Sentence => ({ ...cards.get(index)!, tokens: [] });
    const found = findingsFromHits(earlier.transcript.transcript.id, this.inRunOrder(this.recalledHits(earlier, sentenceOf).bySentence), this.minConfidence);
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
   * rest run on its sentences (new rules whole, an edited rule's added
   * matchers, and an edited rule whole on a sentence where a matcher since
   * removed had matched); the classifications it holds read back, the other
   * findings classified. `extend` adds findings that come from elsewhere (the
   * review's) before they are classified.
   */
  analyse(segmented: SegmentedTranscript, earlier?: EarlierHits, extend: (found: Finding[]) => Finding[] = (found) => found): Remembering {
    const plan = earlier ? this.planFor(earlier.entry) : undefined;
    const recalled = earlier ? this.recalledHits(earlier, (index) => segmented.sentences[index]!) : { bySentence: new Map<number, SentenceHits>(), rerun: [] };
    const { bySentence } = recalled;
    const whole = plan?.whole ?? this.rules;
    if (whole.length > 0) this.addFresh(bySentence, firedOnEach(segmented, this.indexFor(whole)));
    const addedHits = plan && plan.added.length > 0 ? this.addFresh(bySentence, firedOnEach(segmented, this.indexFor(plan.added))) : 0;
    for (const [rule, sentence] of recalled.rerun) this.rerun(bySentence, rule, segmented, sentence);
    const fired = this.inRunOrder(bySentence);
    const found = extend(findingsFromHits(segmented.transcript.id, fired, this.minConfidence));
    const known = earlier?.entry.classifier === this.classifier ? earlier.transcript.classified : {};
    const { findings, added, classifiedNow } = this.classified(segmented, found, known);
    const words = earlier?.transcript.words ?? wordsOf(segmented);
    const pairs = earlier?.transcript.pairs ?? wordPairsIn(segmented);
    // an entry whose hits and classifications hold as they are is not written anew, though a rule's version in it is older: its
    // added matchers found nothing here, or a matcher that made none of its hits was removed. The next run maps the entry's
    // version to its own again (planFor) and runs the added matchers again, which costs less than writing every entry an edit
    // could have touched (a phrase of common words is tried in nearly every file, and found in a few)
    const madeAnew = !plan || whole.length > 0 || addedHits > 0 || recalled.rerun.length > 0 || classifiedNow > 0;
    return { findings, remembered: this.remember(segmented, fired, findings, added, { words, pairs }), changed: madeAnew };
  }

  /**
   * The hits by sentence in sentence order, and on each sentence in this
   * run's rule order, as a full run finds them: of two rules alike in weight
   * and words, the first leads the finding (its subtype), and an entry holds
   * the order of the rules it was made with.
   */
  private inRunOrder(bySentence: Map<number, SentenceHits>): SentenceHits[] {
    const fired = [...bySentence.values()].sort((a, b) => a.sentence.index - b.sentence.index);
    for (const entry of fired) entry.hits.sort((a, b) => this.ruleIndex.get(a.rule)! - this.ruleIndex.get(b.rule)!);
    return fired;
  }

  /**
   * The rules that fired in a transcript as remembered, each with the
   * fingerprints of the matchers that made its hits (ruleVersions.ts);
   * `entry`, the one it was read from, numbers rules and matchers its own way.
   */
  firedMatchers(remembered: RememberedTranscript, entry?: HitsEntry): Record<string, string[]> {
    const plan = entry && this.planFor(entry);
    // a Map: a rule's id is any name, "constructor" too
    const fired = new Map<string, Set<string>>();
    for (const [at, , , , m] of remembered.hits) {
      const recalled = plan ? plan.fromEntry.get(at) : { rule: at };
      const now = recalled ? this.matcherNow(recalled, m) : -1;
      if (now < 0) continue;
      const { id, matchers } = this.versions[recalled!.rule]!;
      if (!fired.has(id)) fired.set(id, new Set());
      fired.get(id)!.add(matchers[now]!);
    }
    return Object.fromEntries([...fired].map(([id, matchers]) => [id, [...matchers]]));
  }

  /** What to keep for a file: its transcripts' hits and classifications under the fingerprints of these rules. */
  entryOf(remembered: RememberedTranscript[]): Omit<HitsEntry, 'key' | 'version'> {
    return { rules: this.fingerprints, classifier: this.classifier, transcripts: remembered };
  }

  /** How this run's rules stand to the rule versions the entry holds hits of (made once per list of versions). */
  private planFor(entry: HitsEntry): Plan {
    const signature = entry.rules.join(' ');
    let plan = this.plans.get(signature);
    if (plan) return plan;
    const at = new Map(entry.rules.map((fingerprint, i) => [fingerprint, i]));
    // an earlier version of a rule: the same id and conditions (rules have distinct ids)
    const earlierOf = new Map<string, number>();
    entry.rules.forEach((fingerprint, i) => {
      const version = this.earlierVersions[fingerprint];
      if (version) earlierOf.set(`${version.id}\n${version.conditions}`, i);
    });
    plan = { byRule: [], fromEntry: new Map(), whole: [], added: [], unheld: [] };
    for (const [r, rule] of this.rules.entries()) {
      const held = at.get(this.fingerprints[r]!);
      const version = this.versions[r]!;
      const earlier = held === undefined ? earlierOf.get(`${version.id}\n${version.conditions}`) : undefined;
      if (held !== undefined) {
        plan.byRule.push({ rule: r });
      } else if (earlier !== undefined && keepsOrder(this.earlierVersions[entry.rules[earlier]!]!.matchers, version.matchers)) {
        const now = new Map<string, number>();
        version.matchers.forEach((m, i) => now.has(m) || now.set(m, i));
        const before = this.earlierVersions[entry.rules[earlier]!]!;
        const added = matchersAdded(rule, version, before);
        plan.byRule.push({ rule: r, matchers: before.matchers.map((m) => now.get(m) ?? -1) });
        if (added.length > 0) {
          const part: Rule = { ...rule, matchers: added };
          this.partOf.set(part, rule);
          plan.added.push(part);
          plan.unheld.push(...added);
        }
      } else {
        plan.byRule.push(undefined);
        plan.whole.push(rule);
        plan.unheld.push(...rule.matchers);
      }
      const recalled = plan.byRule[r];
      if (recalled) plan.fromEntry.set(held ?? earlier!, recalled);
    }
    this.plans.set(signature, plan);
    return plan;
  }

  /**
   * The hits the entry holds of this run's rules, by sentence, as fired hits
   * of these rules; and the sentences where an edited rule's earlier version
   * matched with a matcher since removed, which the rule must be run on again.
   */
  private recalledHits(earlier: EarlierHits, sentenceOf: (index: number) => Sentence): { bySentence: Map<number, SentenceHits>; rerun: [Rule, number][] } {
    const plan = this.planFor(earlier.entry);
    const bySentence = new Map<number, SentenceHits>();
    const rerun: [Rule, number][] = [];
    for (const [ruleAt, sentence, start, end, matcherAt] of earlier.transcript.hits) {
      const recalled = plan.fromEntry.get(ruleAt);
      // a rule removed since, or edited otherwise than in its matchers
      if (recalled === undefined) continue;
      const rule = this.rules[recalled.rule]!;
      const m = this.matcherNow(recalled, matcherAt);
      if (m < 0) {
        rerun.push([rule, sentence]);
        continue;
      }
      let entry = bySentence.get(sentence);
      if (!entry) bySentence.set(sentence, (entry = { sentence: sentenceOf(sentence), hits: [] }));
      entry.hits.push({ rule, status: 'fired', span: [start, end], matcher: rule.matchers[m]! });
    }
    return { bySentence, rerun };
  }

  /**
   * Fresh hits in with the recalled: a hit of an edited rule's added matchers
   * takes the place of the rule's recalled hit on the sentence when its
   * matcher comes first in the rule, as the rule run whole would have found.
   * Returns how many fresh hits there were.
   */
  private addFresh(bySentence: Map<number, SentenceHits>, fresh: SentenceHits[]): number {
    let count = 0;
    for (const { sentence, hits } of fresh) {
      if (hits.length === 0) continue;
      count += hits.length;
      let entry = bySentence.get(sentence.index);
      if (!entry) bySentence.set(sentence.index, (entry = { sentence, hits: [] }));
      for (const hit of hits) {
        const rule = this.partOf.get(hit.rule) ?? hit.rule;
        const own = { ...hit, rule };
        const at = entry.hits.findIndex((other) => other.rule === rule);
        if (at < 0) entry.hits.push(own);
        else if (this.matcherAt(own) < this.matcherAt(entry.hits[at]!)) entry.hits[at] = own;
      }
    }
    return count;
  }

  /** An edited rule run whole on one sentence, where the matcher that had matched is gone: its verdict replaces what the added matchers found there. */
  private rerun(bySentence: Map<number, SentenceHits>, rule: Rule, segmented: SegmentedTranscript, index: number): void {
    const sentence = segmented.sentences[index]!;
    const hits = firedRules(this.indexFor([rule])[sentence.role], sentence, segmented.sentences);
    const entry = bySentence.get(index);
    const others = entry ? entry.hits.filter((hit) => hit.rule !== rule) : [];
    // a sentence left with no hit is not kept, as a full run would not keep it
    if (others.length + hits.length === 0) bySentence.delete(index);
    else bySentence.set(index, { sentence, hits: [...others, ...hits] });
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

  private remember(
    segmented: SegmentedTranscript,
    fired: SentenceHits[],
    findings: ClassifiedFinding[],
    added: Partial<ClassifiedFinding>[],
    { words, pairs }: Pick<RememberedTranscript, 'words' | 'pairs'>,
  ): RememberedTranscript {
    const { turns, ...transcript } = segmented.transcript;
    const hits: RememberedTranscript['hits'] = [];
    for (const { sentence, hits: onSentence } of fired) {
      for (const hit of onSentence) hits.push([this.ruleIndex.get(hit.rule)!, sentence.index, hit.span[0], hit.span[1], this.matcherAt(hit)]);
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
      pairs,
    };
  }

  private indexFor(rules: Rule[]): SpeakerIndexes {
    // by the rule objects: an edited rule's added matchers are a rule with its id
    const name = rules.map((rule) => this.numberOf(rule)).join(' ');
    let indexes = this.indexes.get(name);
    if (!indexes) this.indexes.set(name, (indexes = indexRulesBySpeaker(rules)));
    return indexes;
  }

  /** The entry's matcher of a hit as the run's rule has it: its index, or -1 when it was removed since (or the entry names none the rule has). */
  private matcherNow(recalled: Recalled, m: number): number {
    const now = recalled.matchers ? recalled.matchers[m] : m;
    return now !== undefined && now >= 0 && now < this.rules[recalled.rule]!.matchers.length ? now : -1;
  }

  /** Where in its rule the hit's matcher is. */
  private matcherAt(hit: FiredHit): number {
    return this.matcherIndex.get(hit.rule)!.get(hit.matcher)!;
  }

  private numberOf(rule: Rule): number {
    let n = this.ruleNumbers.get(rule);
    if (n === undefined) this.ruleNumbers.set(rule, (n = this.ruleNumbers.size));
    return n;
  }
}

/**
 * Do the matchers an earlier version of a rule kept come in the order they
 * came, each once? A hit holds only the first matcher that passed: where a
 * kept matcher moved ahead of another, or one named twice lost its first
 * place, another may now come first where both match, which only running the
 * rule whole can tell.
 */
export function keepsOrder(before: string[], now: string[]): boolean {
  const first = new Map<string, number>();
  now.forEach((m, i) => first.has(m) || first.set(m, i));
  let last = -1;
  for (const m of before) {
    const at = first.get(m);
    if (at === undefined) continue;
    if (at <= last) return false;
    last = at;
  }
  return true;
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

function wordPairsIn(segmented: SegmentedTranscript): string {
  return wordPairsOf(segmented.sentences.map((sentence) => contentWords(sentence.tokens)));
}

/**
 * A transcript's words as its entry keeps them, one a line, asked one by one
 * where they are: an edit adds a phrase or two, whose few words are found
 * faster in the text than by making a set of all 1,500.
 */
export class WordLines implements WordSet {
  private all: Set<string> | undefined;

  constructor(private readonly lines: string) {}

  has(word: string): boolean {
    if (word === '' || word.includes('\n')) return false;
    for (let at = this.lines.indexOf(word); at >= 0; at = this.lines.indexOf(word, at + 1)) {
      const end = at + word.length;
      if ((at === 0 || this.lines[at - 1] === '\n') && (end === this.lines.length || this.lines[end] === '\n')) return true;
    }
    return false;
  }

  /** A lexicon in a pattern is asked about by going through the words: made into a set then, once. */
  [Symbol.iterator](): Iterator<string> {
    this.all ??= new Set(this.lines.split('\n'));
    return this.all[Symbol.iterator]();
  }
}
