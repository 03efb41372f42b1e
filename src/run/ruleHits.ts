import type { Classifier } from '../classify/index.js';
import { sentencesBySpeaker } from '../extract/counts.js';
import { findingsFromHits, firedOnEach, indexRulesBySpeaker, type FiredHit, type SentenceHits, type SpeakerIndexes } from '../extract/index.js';
import { hitFingerprint } from '../rules/fingerprint.js';
import type { Matcher } from '../rules/matchers.js';
import { couldMatchIn } from '../rules/index.js';
import { PairFilter } from '../rules/wordPairs.js';
import type { Rule } from '../rules/types.js';
import type { ClassifiedFinding, Finding, SegmentedTranscript, Sentence } from '../types.js';
import { firedRules, stopNotes, type StopNotes } from '../extract/match.js';
import { planOf, type Plan, type Recalled } from './hitPlan.js';
import { classifiedFindings } from './hitsClassified.js';
import { findingPlace, type EarlierHits, type HitsEntry, type RememberedTranscript, type Remembering } from './hitsEntry.js';
import { WordLines, wordPairsIn, wordsOf } from './keptWords.js';
import { ruleVersionOf, type RuleVersion, type RuleVersions } from './ruleVersions.js';

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
    // what stats counts of the rules that did not fire: the rules run whole note it, the entry gives it of the rules it holds as they are
    const notes = stopNotes();
    if (whole.length > 0) this.addFresh(bySentence, firedOnEach(segmented, this.indexFor(whole), notes));
    const addedHits = plan && plan.added.length > 0 ? this.addFresh(bySentence, firedOnEach(segmented, this.indexFor(plan.added))) : 0;
    for (const [rule, sentence] of recalled.rerun) this.rerun(bySentence, rule, segmented, sentence);
    const fired = this.inRunOrder(bySentence);
    const found = extend(findingsFromHits(segmented.transcript.id, fired, this.minConfidence));
    const known = earlier?.entry.classifier === this.classifier ? earlier.transcript.classified : {};
    const { findings, added, classifiedNow } = classifiedFindings(this.classify, segmented, found, known);
    const words = earlier?.transcript.words ?? wordsOf(segmented);
    const pairs = earlier?.transcript.pairs ?? wordPairsIn(segmented);
    // an entry whose hits and classifications hold as they are is not written anew, though a rule's version in it is older: its
    // added matchers found nothing here, or a matcher that made none of its hits was removed. The next run maps the entry's
    // version to its own again (planFor) and runs the added matchers again, which costs less than writing every entry an edit
    // could have touched (a phrase of common words is tried in nearly every file, and found in a few)
    const madeAnew = !plan || whole.length > 0 || addedHits > 0 || recalled.rerun.length > 0 || classifiedNow > 0;
    const noted = { ...this.recalledNotes(earlier), fresh: notes };
    return { findings, remembered: this.remember(segmented, fired, findings, added, { words, pairs }, noted), changed: madeAnew };
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

  /** What to keep for a file: its transcripts' hits and classifications under the fingerprints of these rules; `earlier`, the entry they were analysed with. */
  entryOf(remembered: RememberedTranscript[], earlier?: HitsEntry): Omit<HitsEntry, 'key' | 'version'> {
    return { rules: this.fingerprints, unnoted: earlier ? this.unnoted(earlier) : [], classifier: this.classifier, transcripts: remembered };
  }

  /**
   * The rules whose stop notes a transcript analysed with `entry` lacks: an
   * edited rule of which only the added matchers ran, and a rule the entry
   * holds without notes. A rule run whole is noted as it runs, one the entry
   * holds as it is, with its notes, is noted there.
   */
  private unnoted(entry: HitsEntry): number[] {
    const lacking = new Set(entry.unnoted);
    const unnoted: number[] = [];
    for (const [at, recalled] of this.planFor(entry).fromEntry) if (recalled.matchers || lacking.has(at)) unnoted.push(recalled.rule);
    return unnoted.sort((a, b) => a - b);
  }

  /** The entry's stop notes of the rules it holds as they are (with their notes), by this run's rule indexes. */
  private recalledNotes(earlier?: EarlierHits): Pick<RememberedTranscript, 'blocked'> {
    if (!earlier) return { blocked: [] };
    const lacking = new Set(earlier.entry.unnoted);
    const now = new Map<number, number>();
    for (const [at, recalled] of this.planFor(earlier.entry).fromEntry) if (!recalled.matchers && !lacking.has(at)) now.set(at, recalled.rule);
    return { blocked: earlier.transcript.blocked.flatMap(([at, count]): [number, number][] => (now.has(at) ? [[now.get(at)!, count]] : [])) };
  }

  /** How this run's rules stand to the rule versions the entry holds hits of (made once per list of versions). */
  private planFor(entry: HitsEntry): Plan {
    const signature = entry.rules.join(' ');
    let plan = this.plans.get(signature);
    if (plan) return plan;
    plan = planOf(entry, this.rules, this.fingerprints, this.versions, this.earlierVersions, this.partOf);
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

  private remember(
    segmented: SegmentedTranscript,
    fired: SentenceHits[],
    findings: ClassifiedFinding[],
    added: Partial<ClassifiedFinding>[],
    { words, pairs }: Pick<RememberedTranscript, 'words' | 'pairs'>,
    noted: Pick<RememberedTranscript, 'blocked'> & { fresh: StopNotes },
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
      sentencesByRole: sentencesBySpeaker(segmented),
      hits,
      blocked: [...noted.blocked, ...[...noted.fresh.blocked].map(([rule, count]): [number, number] => [this.ruleIndex.get(rule)!, count])],
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
