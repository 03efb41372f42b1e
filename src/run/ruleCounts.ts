import { countRuleHits, sentencesBySpeaker, type RuleCounts } from '../extract/counts.js';
import { indexRulesBySpeaker, type SpeakerIndexes } from '../extract/index.js';
import { hitFingerprint } from '../rules/fingerprint.js';
import { couldMatchIn } from '../rules/index.js';
import type { Matcher } from '../rules/matchers.js';
import { PairFilter } from '../rules/wordPairs.js';
import { WordLines } from './keptWords.js';
import { matchersAdded, ruleVersionOf, type RuleVersion, type RuleVersions } from './ruleVersions.js';
import type { Rule } from '../rules/types.js';
import type { Role, SegmentedTranscript, TranscriptInfo } from '../types.js';
import type { EarlierHits, HitsEntry } from './hitsEntry.js';

/**
 * What `jobmap stats` counted on one file, kept in the cache beside its parse.
 * Each rule's counts are kept under the fingerprint of what decides where it
 * fires (rules/fingerprint.ts, hitFingerprint: its id, matchers and
 * conditions, not its weight or where it is written), so a second stats runs
 * no rule and reads no parse, one after a weight edit neither, and one after
 * another edit runs only the edited rule. The first stats after a run counts
 * from what the run kept beside its hits (hitsEntry.ts), reading no parse
 * when the run noted every rule.
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

/** Where a hits entry's counts are read from for each rule, and what must not match for them to hold (RuleCounter.standingIn). */
interface Standing {
  /** `[index in the entry's rules, index in these]` */
  readFrom: [number, number][];
  unheld: Matcher[];
}

/** A transcript's counts, by rule id, with what it came from. */
export interface Counted {
  transcript: TranscriptInfo;
  sentenceCount: number;
  ruleCounts: RuleCounts;
}

/** Counts the rules on transcripts, reading back from an earlier entry the counts of the rules it holds. */
export class RuleCounter {
  private readonly fingerprints: string[];
  /** a fingerprint's index in `rules` */
  private readonly at: Map<string, number>;
  /** notedIn's answers, by the entry's rules and unnoted: the entries of one run mostly share one */
  private readonly noted = new Map<string, [number, number][]>();
  /** standingIn's answers, by the same signature */
  private readonly standing = new Map<string, Standing>();
  private ruleVersions?: RuleVersion[];
  /** the rules to run, indexed once per set of rules missing from entries (all of them, or the few just edited) */
  private readonly indexes = new Map<string, SpeakerIndexes>();

  /** `versions`: what earlier versions of the rules were made of (ruleVersions.ts), so a rule edited by adding words is counted as it was where they cannot match */
  constructor(
    private readonly rules: Rule[],
    private readonly versions: RuleVersions = {},
  ) {
    this.fingerprints = rules.map(hitFingerprint);
    this.at = new Map(this.fingerprints.map((fingerprint, i) => [fingerprint, i]));
  }

  /** Does the entry hold the counts of every rule? Then nothing needs to run. */
  holdsAll(entry: CountsEntry): boolean {
    const held = new Set(entry.rules);
    return this.fingerprints.every((fingerprint) => held.has(fingerprint));
  }

  /** Every transcript's counts from what the cache kept, without the parse: stats' own entry when it holds every rule, else a run's hits entry (recallHits); undefined when neither answers. */
  recallKept(counts?: CountsEntry, hits?: HitsEntry): Counted[] | undefined {
    if (counts && this.holdsAll(counts)) return this.recall(counts);
    return hits && this.recallHits(hits);
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
   * Every transcript's counts from a run's hits entry alone, with no parse
   * read: the rules it noted from their hits and notes; a rule edited since
   * only by adding words or phrases, from the notes of the version the entry
   * holds, where what was added cannot match; and a rule it knows nothing of
   * at none, where none of its words can. What can or cannot match is told
   * by the transcript's words as the entry keeps them (`words`, `pairs`), as
   * a run after an edit skips a parse. Undefined when something could match
   * in some transcript: then the parse is read and the rule runs.
   */
  recallHits(entry: HitsEntry): Counted[] | undefined {
    const { readFrom, unheld } = this.standingIn(entry);
    const counted: Counted[] = [];
    for (const transcript of entry.transcripts) {
      if (unheld.length > 0 && couldMatchIn(unheld, new WordLines(transcript.words), new PairFilter(transcript.pairs))) return undefined;
      counted.push({
        transcript: transcript.transcript,
        sentenceCount: transcript.sentenceCount,
        ruleCounts: this.byId(transcript.sentencesByRole, this.fromHits({ entry, transcript }, readFrom), new Map()),
      });
    }
    return counted;
  }

  /**
   * For an entry: where each rule's counts are read from (its own notes, or
   * an earlier version's that holds only some of its matchers), and the
   * matchers that must not match a transcript for those counts to hold (a
   * version's added ones, or all of a rule the entry has no version of).
   * Made once per list of rules and unnoted.
   */
  private standingIn(entry: HitsEntry): Standing {
    const signature = `${entry.rules.join(' ')}\n${entry.unnoted.join(' ')}`;
    let standing = this.standing.get(signature);
    if (standing) return standing;
    const readFrom = [...this.notedIn(entry)];
    const noted = new Set(readFrom.map(([, r]) => r));
    const lacking = new Set(entry.unnoted);
    const unheld: Matcher[] = [];
    this.ruleVersions ??= this.rules.map(ruleVersionOf);
    this.rules.forEach((rule, r) => {
      if (noted.has(r)) return;
      const now = this.ruleVersions![r]!;
      // an earlier version the entry noted whole: the same id and conditions, none of its matchers removed since
      const at = entry.rules.findIndex((fingerprint, i) => {
        const before = this.versions[fingerprint];
        return !lacking.has(i) && before?.id === now.id && before.conditions === now.conditions && before.matchers.every((m) => now.matchers.includes(m));
      });
      if (at < 0) {
        unheld.push(...rule.matchers);
        return;
      }
      readFrom.push([at, r]);
      unheld.push(...matchersAdded(rule, now, this.versions[entry.rules[at]!]!));
    });
    standing = { readFrom, unheld };
    this.standing.set(signature, standing);
    return standing;
  }

  /**
   * One transcript's counts: the rules `earlier` holds read back, those a
   * run kept stop notes of (`hits`) counted from its hits and notes, the
   * others run on its sentences.
   */
  count(segmented: SegmentedTranscript, earlier?: EarlierCounts, hits?: EarlierHits): RuleCounts {
    const recalled = new Map([...(hits ? this.fromHits(hits) : []), ...(earlier ? this.recalled(earlier.entry, earlier.transcript) : [])]);
    const missing = this.rules.filter((_, i) => !recalled.has(this.fingerprints[i]!));
    const sentences = earlier ? earlier.transcript.sentences : sentencesBySpeaker(segmented);
    const counted = missing.length > 0 ? countRuleHits(segmented, this.indexFor(missing)) : { sentences, rules: new Map() };
    return this.byId(counted.sentences, recalled, counted.rules);
  }

  /**
   * fingerprint -> [fired, blocked] for every rule of these a run kept whole
   * stop notes of (not in HitsEntry.unnoted): the sentences it fired on are
   * its hits, and it was blocked where the run saw its words matched and a
   * condition stop it, as countRuleHits counts.
   */
  private fromHits({ entry, transcript }: EarlierHits, readFrom = this.notedIn(entry)): Map<string, [number, number]> {
    const counts = new Map<string, [number, number]>();
    // by the entry's rule index: its counts
    const noted = new Map<number, [number, number]>();
    for (const [at, r] of readFrom) {
      const count: [number, number] = [0, 0];
      noted.set(at, count);
      counts.set(this.fingerprints[r]!, count);
    }
    for (const [at] of transcript.hits) {
      const count = noted.get(at);
      if (count) count[0]++;
    }
    for (const [at, blocked] of transcript.blocked) {
      const count = noted.get(at);
      if (count) count[1] += blocked;
    }
    return counts;
  }

  /** `[index in the entry's rules, index in these]` for each of these rules the entry holds with stop notes (made once per list of rules and unnoted). */
  private notedIn(entry: HitsEntry): [number, number][] {
    const signature = `${entry.rules.join(' ')}\n${entry.unnoted.join(' ')}`;
    let noted = this.noted.get(signature);
    if (noted) return noted;
    const lacking = new Set(entry.unnoted);
    noted = entry.rules.flatMap((fingerprint, at): [number, number][] => {
      const r = this.at.get(fingerprint);
      return r === undefined || lacking.has(at) ? [] : [[at, r]];
    });
    this.noted.set(signature, noted);
    return noted;
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
