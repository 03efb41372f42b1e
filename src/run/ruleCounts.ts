import { countRuleHits, type RuleCounts } from '../extract/counts.js';
import { indexRulesBySpeaker, type SpeakerIndexes } from '../extract/index.js';
import { hitFingerprint } from '../rules/fingerprint.js';
import { couldMatchIn } from '../rules/index.js';
import type { Matcher } from '../rules/matchers.js';
import type { Rule } from '../rules/types.js';
import { PairFilter } from '../rules/wordPairs.js';
import type { Role, SegmentedTranscript, TranscriptInfo } from '../types.js';
import type { HitsEntry } from './hitsEntry.js';
import { WordLines } from './keptWords.js';
import { matchersAdded, ruleVersionOf, type RuleVersions } from './ruleVersions.js';

/**
 * What `jobmap stats` counted on one file, kept in the cache beside its parse;
 * a run keeps it too, counted as its rules ran (analyse.ts), so the first
 * stats after a run reads no parse either.
 * Each rule's counts are kept under the fingerprint of what decides where it
 * fires (rules/fingerprint.ts, hitFingerprint: its id, matchers and
 * conditions, not its weight or where it is written), so a second stats runs
 * no rule and reads no parse, one after a weight edit neither, and one after
 * another edit runs only the edited rule.
 */
export interface CountsEntry {
  /** the parse's cache key */
  key: string;
  /** the matching code's version (matcherVersion()): other code may count otherwise */
  version: string;
  /** the fingerprints of the rules counted, zeros included */
  rules: string[];
  /** in the parse's order */
  transcripts: CountedTranscript[];
}

export interface CountedTranscript {
  transcript: TranscriptInfo;
  sentenceCount: number;
  sentences: Record<Role, number>;
  /** `[index in rules, fired, blocked]` for each rule that matched words */
  hits: [number, number, number][];
}

/** What stats counted on a transcript before: the file's entry, and the transcript's place in it. */
export interface EarlierCounts {
  entry: CountsEntry;
  transcript: CountedTranscript;
}

/** A transcript's counts, by rule id, with what it came from. */
export interface Counted {
  transcript: TranscriptInfo;
  sentenceCount: number;
  ruleCounts: RuleCounts;
}

/** The counts a run made as it ran these rules whole on a transcript's every sentence (run/ruleHits.ts): stats need not make them again. */
export interface MadeCounts {
  rules: Rule[];
  counts: RuleCounts;
}

/** Counts the rules on transcripts, reading back from an earlier entry the counts of the rules it holds. */
export class RuleCounter {
  private readonly fingerprints: string[];
  /** the rules to run, indexed once per set of rules missing from entries (all of them, or the few just edited) */
  private readonly indexes = new Map<string, SpeakerIndexes>();

  constructor(
    private readonly rules: Rule[],
    /** what earlier versions of the rules were made of (ruleVersions.ts): an edited rule's earlier counts may still hold (derived) */
    private readonly earlierVersions: RuleVersions = {},
  ) {
    this.fingerprints = rules.map(hitFingerprint);
  }

  /** Does the entry hold the counts of every rule? Then nothing needs to run. */
  holdsAll(entry: CountsEntry): boolean {
    const held = new Set(entry.rules);
    return this.fingerprints.every((fingerprint) => held.has(fingerprint));
  }

  /**
   * The entry with the counts of the rules it lacks (edited or added since it
   * was counted) that need no parse to be counted, from the transcripts' words
   * as a run keeps them beside its hits (hitsEntry.ts): a rule is counted only
   * where its words are, so one none of whose words or phrases could match
   * them counts nothing, and a rule edited only by words or phrases added
   * that could not match them counts what its earlier version counted. What
   * was made, to be kept; undefined when some rule needs the parse.
   */
  derived(entry: CountsEntry, hits: HitsEntry | undefined): Omit<CountsEntry, 'key' | 'version'> | undefined {
    if (!hits || hits.transcripts.length !== entry.transcripts.length) return undefined;
    const at = new Map(entry.rules.map((fingerprint, i) => [fingerprint, i]));
    const vocabularies = hits.transcripts.map((remembered) => ({ words: new WordLines(remembered.words), pairs: new PairFilter(remembered.pairs) }));
    const couldMatch = (matchers: Matcher[]) => matchers.length > 0 && vocabularies.some(({ words, pairs }) => couldMatchIn(matchers, words, pairs));
    // for each rule the entry lacks: the entry's rule whose counts it has (an earlier version), or none when it counts nothing
    const taken: [number, number | undefined][] = [];
    for (const [i, rule] of this.rules.entries()) {
      if (at.has(this.fingerprints[i]!)) continue;
      const now = ruleVersionOf(rule);
      const earlier = entry.rules.findIndex((fingerprint) => {
        const before = this.earlierVersions[fingerprint];
        return before?.id === now.id && before.conditions === now.conditions && before.matchers.every((m) => now.matchers.includes(m));
      });
      if (earlier >= 0 && !couldMatch(matchersAdded(rule, now, this.earlierVersions[entry.rules[earlier]!]!))) taken.push([i, earlier]);
      else if (!couldMatch(rule.matchers)) taken.push([i, undefined]);
      else return undefined;
    }
    return {
      rules: [...entry.rules, ...taken.map(([i]) => this.fingerprints[i]!)],
      transcripts: entry.transcripts.map((counted) => {
        const hits = new Map(counted.hits.map(([index, fired, blocked]) => [index, [fired, blocked]]));
        const added = taken.flatMap(([, earlier], n): [number, number, number][] => {
          const count = earlier === undefined ? undefined : hits.get(earlier);
          return count ? [[entry.rules.length + n, count[0]!, count[1]!]] : [];
        });
        return { ...counted, hits: [...counted.hits, ...added] };
      }),
    };
  }

  /** Every transcript's counts, read back from an entry that holds every rule. */
  recall(entry: CountsEntry): Counted[] {
    return entry.transcripts.map((counted) => ({
      transcript: counted.transcript,
      sentenceCount: counted.sentenceCount,
      ruleCounts: this.byId(counted.sentences, this.recalled(entry, counted), new Map()),
    }));
  }

  /**
   * One transcript's counts: the rules `earlier` holds read back, those a run
   * just ran whole on it (`made`) taken as they are, the others run on its sentences.
   */
  count(segmented: SegmentedTranscript, earlier?: EarlierCounts, made?: MadeCounts): RuleCounts {
    const recalled = earlier ? this.recalled(earlier.entry, earlier.transcript) : new Map<string, [number, number]>();
    const ran = new Set(made?.rules);
    const missing = this.rules.filter((rule, i) => !recalled.has(this.fingerprints[i]!) && !ran.has(rule));
    const known = made?.counts ?? (earlier && { sentences: earlier.transcript.sentences, rules: new Map() });
    const counted = missing.length > 0 || !known ? countRuleHits(segmented, this.indexFor(missing)) : known;
    return this.byId(counted.sentences, recalled, made && counted !== known ? new Map([...made.counts.rules, ...counted.rules]) : counted.rules);
  }

  /** What to keep for a file: every transcript's counts under the fingerprints of these rules. */
  entryOf(counted: Counted[]): Omit<CountsEntry, 'key' | 'version'> {
    return {
      rules: this.fingerprints,
      transcripts: counted.map(({ transcript, sentenceCount, ruleCounts }) => ({
        transcript,
        sentenceCount,
        sentences: ruleCounts.sentences,
        hits: this.rules.flatMap((rule, i): [number, number, number][] => {
          const count = ruleCounts.rules.get(rule.id);
          return count ? [[i, count.fired, count.blocked]] : [];
        }),
      })),
    };
  }

  /** fingerprint -> [fired, blocked] for every rule the entry counted, zeros included. */
  private recalled(entry: CountsEntry, counted: CountedTranscript): Map<string, [number, number]> {
    const counts = new Map(entry.rules.map((fingerprint): [string, [number, number]] => [fingerprint, [0, 0]]));
    for (const [index, fired, blocked] of counted.hits) counts.set(entry.rules[index]!, [fired, blocked]);
    return counts;
  }

  /** The counts by rule id, as a fresh count gives them: only the rules that matched words. */
  private byId(sentences: Record<Role, number>, recalled: Map<string, [number, number]>, fresh: RuleCounts['rules']): RuleCounts {
    const rules: RuleCounts['rules'] = new Map();
    this.rules.forEach((rule, i) => {
      const [fired, blocked] = recalled.get(this.fingerprints[i]!) ?? [0, 0];
      const count = fresh.get(rule.id) ?? (fired + blocked > 0 ? { fired, blocked } : undefined);
      if (count) rules.set(rule.id, count);
    });
    return { sentences: { ...sentences }, rules };
  }

  private indexFor(rules: Rule[]): SpeakerIndexes {
    const name = rules.map((rule) => rule.id).join('\n');
    let indexes = this.indexes.get(name);
    if (!indexes) this.indexes.set(name, (indexes = indexRulesBySpeaker(rules)));
    return indexes;
  }
}
