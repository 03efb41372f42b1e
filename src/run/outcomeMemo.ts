import { rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { makeFolder } from '../core/folder.js';
import { classifierFingerprint, ruleFingerprint } from '../rules/fingerprint.js';
import { couldMatchIn } from '../rules/index.js';
import type { Matcher } from '../rules/matchers.js';
import type { Rule, RuleSet } from '../rules/types.js';
import { writeWhole } from '../write/files.js';
import { LineSpool } from './lineSpool.js';
import { isObject, isStrings } from '../core/shape.js';
import { checkedLine, checkedValue, checksum, endsWithNewline, linesOf, NOT_READ } from './checkedLines.js';
import type { SourceOutcome } from './analyse.js';
import { keptLine, readKeptLine, type KeptOutcome } from './keptLines.js';
import { HashedWords, pairsOf } from './outcomeBasis.js';
import { classifierVersion, hitsVersion } from './codeVersion.js';
import { keepsOrder } from './hitPlan.js';
import { matchersAdded, ruleVersionOf, type RuleVersion } from './ruleVersions.js';

/** Beside the parses in the cache folder; pruneCache keeps it (it is no parse's entry) and removes its dead temporaries. */
export const OUTCOMES_FILE = 'jobmap-outcomes.jsonl';

/** A rule as the kept outcomes know it: what its hits rest on (ruleVersions.ts), and all of it but its matchers (its weight, category, subtype, conditions). */
interface KeptRule extends RuleVersion {
  rest: string;
}

/** The rules some kept outcomes were made with: a line of its own, named by its hash, which their lines name. */
interface Header {
  /** the hash of the rest */
  id: string;
  /** the matching, classifying and memo code, and everything in the rule set but the rules: when any differs, no kept outcome holds */
  version: string;
  /** the rules, in the run's order */
  rules: KeptRule[];
}

interface Kept extends KeptOutcome {
  /** the header of the rules it was made with */
  rules: string;
}

/** How the rules differ from those the outcomes were made with: what of theirs fired where it may no longer, and what could now fire where it did not. */
interface Edit {
  /** ids of the rules removed, or changed otherwise than by matchers added or removed (a weight, conditions, matchers reordered): a file one of them fired in is analysed */
  changed: Set<string>;
  /** by rule id, the fingerprints of the matchers removed from it: a file one of them fired in is analysed */
  removed: Map<string, Set<string>>;
  /** the matchers of changed rules that might fire where the rule did not: an added word or phrase, or all of a rule that is new or has new conditions */
  unheld: Matcher[];
}

/**
 * The last runs' outcome of each file, kept in the cache folder, so a run
 * after a rule edit answers a file the edit cannot touch in the main thread,
 * without reading its hits or rebuilding its findings in a worker (a re-run
 * of the corpus after one edit spent 1.2 s there). A file is answered when
 * its bytes are the same (its parse's cache key), no rule that fired in it
 * changed otherwise than by words or phrases added or removed, none of the
 * removed ones made a hit in it, and none of the added ones could match its
 * words; anything else is analysed as before and kept anew. The same
 * reasoning as the hits memo's (ruleHits.ts), made for a whole file at once.
 *
 * One line per file, each with its checksum, so a damaged line is analysed
 * again and the file is never one string in memory (16 times the corpus is
 * 450 MB of it). A run that analysed a few files appends their lines, after a
 * line with the rules they were made with, which each names before its JSON
 * (a line of rules another jobmap made, or that cannot be compared, is not
 * even parsed); a later line of a file replaces an earlier one. Every line
 * is parsed, so when the lines would be a quarter more than those in use,
 * the file is written anew, whole, through a rename (after an edit that
 * analysed 429 of 1,234 files, reading 1,693 lines took twice as long).
 */
export class OutcomeMemo {
  /** the outcomes of this run's files, answered or kept anew */
  private readonly used = new Map<string, Kept>();
  /** the outcomes analysed in this run */
  private readonly fresh = new Set<Kept>();
  /** their lines, as each is kept (lineSpool.ts): made while the main thread waits on the workers, not at the end while both sit idle (0.4 s of a cold run's 1,234 lines) */
  private readonly spool: LineSpool;

  private constructor(
    private readonly file: string,
    private readonly header: Header,
    /** the file's outcomes, by key */
    private readonly earlier: Map<string, Kept>,
    /** for each header in the file (of this code), how these rules differ from its rules */
    private readonly edits: Map<string, Edit | undefined>,
    /** lines in the file, and whether it can be appended to (its last line ended, each line read back) */
    private readonly lines: number,
    private readonly appendable: boolean,
  ) {
    this.spool = new LineSpool(file);
  }

  /** The outcomes kept in this cache folder, read against these rules; none when the file is missing or of other code, and none of a damaged line. */
  static open(cacheDir: string, ruleSet: RuleSet): OutcomeMemo {
    const file = path.join(cacheDir, OUTCOMES_FILE);
    const rules = ruleSet.rules.map(keptRule);
    const version = memoVersion(ruleSet);
    const header: Header = { id: checksum(JSON.stringify([version, rules])), version, rules };
    const earlier = new Map<string, Kept>();
    const edits = new Map<string, Edit | undefined>();
    // each header's id as its own string: a tag sliced from a line would hold the whole line (V8 keeps a slice's parent), 450 MB at 16x
    const ids = new Map<string, string>();
    let lines = 0;
    let damaged = false;
    try {
      for (const line of linesOf(file)) {
        lines++;
        const { tag, value, tail } = checkedValue(line, (tag) => tag === HEADER || edits.get(tag) !== undefined);
        if (tag === HEADER && isHeader(value)) {
          if (value.version === version) edits.set(value.id, editBetween(value.rules, ruleSet.rules, rules));
          ids.set(value.id, value.id);
          continue;
        }
        const kept = tag === HEADER ? undefined : readKeptLine(value, tail, file);
        if (kept) earlier.set(kept.key, { ...kept, rules: ids.get(tag)! });
        else if (value !== NOT_READ) damaged = true;
      }
      damaged ||= lines > 0 && !endsWithNewline(file);
    } catch {
      // no file, or one that cannot be read: every file is analysed, and the file is written anew
      damaged = true;
    }
    return new OutcomeMemo(file, header, earlier, edits, lines, !damaged);
  }

  /** Whether any file may be answered: there are outcomes kept under rules these can be compared with. */
  mayAnswer(): boolean {
    return this.earlier.size > 0 && [...this.edits.values()].some((edit) => edit !== undefined);
  }

  /** Whether a run kept an outcome of the file as it is (its parse is then in the cache: analysing it again is cheap). */
  knows(key: string): boolean {
    return this.earlier.has(key);
  }

  /** The file's outcome as the last run made it, when these rules make the same; undefined when it must be analysed. */
  answer(key: string): SourceOutcome | undefined {
    const kept = this.earlier.get(key);
    const edit = kept && this.edits.get(kept.rules);
    if (!kept || !edit) return undefined;
    for (const [id, matchers] of Object.entries(kept.basis.fired)) {
      const removed = edit.removed.get(id);
      if (edit.changed.has(id) || (removed && matchers.some((m) => removed.has(m)))) return undefined;
    }
    if (edit.unheld.length > 0 && couldMatchIn(edit.unheld, new HashedWords(kept.basis.words), pairsOf(kept.basis))) return undefined;
    this.used.set(key, kept);
    return { ...kept.outcome, fromCache: true };
  }

  /** Keeps an analysed file's outcome (one with a basis: read whole, nothing skipped); gives it back without the basis. */
  keep(outcome: SourceOutcome): SourceOutcome {
    const { basis, ...rest } = outcome;
    if (!basis || !rest.cacheKey || rest.skipped.length > 0) return rest;
    const kept = { rules: this.header.id, key: rest.cacheKey, outcome: rest, basis };
    this.used.set(rest.cacheKey, kept);
    this.fresh.add(kept);
    // its line is made in any case: making it gives the writer its findings' digest
    this.spool.write(keptLine(kept, this.header.id));
    return rest;
  }

  /** Throws away the lines of a run that stopped before saving them (a `break` in the analysis, an error). */
  discard(): void {
    this.spool.discard();
  }

  /**
   * Adds the outcomes analysed in this run to the file, line by line, or
   * writes it anew with this run's files alone when its lines would be a
   * quarter more than those in use (a run that analysed every file writes it
   * anew). A file that cannot be written costs time, never a result.
   */
  async save(): Promise<void> {
    const { header, used, fresh } = this;
    const spool = this.spool.close();
    if (fresh.size === 0 || !spool) return;
    const spooled = function* (): Generator<string> {
      for (const line of linesOf(spool)) yield `${line}\n`;
    };
    try {
      const folder = makeFolder(path.dirname(this.file));
      if (this.appendable && this.lines + fresh.size + 1 < REWRITE_AT * used.size) {
        const newHeader = !this.edits.has(header.id);
        function* added(): Generator<string> {
          if (newHeader) yield checkedLine(HEADER, header);
          yield* spooled();
        }
        await folder;
        // a line cut short (a full disk) fails its checksum, and the next run writes the file anew
        await writeFile(this.file, added(), { flag: 'a' }).catch(() => undefined);
        return;
      }
      // an answered outcome is what these rules make: it is kept under them (the answers all come before the first file is analysed)
      function* lines(): Generator<string> {
        yield checkedLine(HEADER, header);
        for (const kept of used.values()) if (!fresh.has(kept)) yield keptLine(kept, header.id);
        yield* spooled();
      }
      await writeWhole(this.file, lines(), folder);
    } finally {
      rmSync(spool, { force: true });
    }
  }
}

function keptRule(rule: Rule): KeptRule {
  return { ...ruleVersionOf(rule), rest: ruleFingerprint({ ...rule, matchers: [] }) };
}

/** The same rule: all but its matchers, and each matcher, in order. */
function sameRule(a: KeptRule, b: KeptRule): boolean {
  return a.rest === b.rest && a.matchers.length === b.matchers.length && a.matchers.every((m, i) => m === b.matchers[i]);
}

/**
 * How these rules differ from the kept ones; undefined when the rules both
 * have come in another order (of two rules alike in weight and words, the
 * first in the run's order leads a finding and gives its subtype: a rule
 * moved to another file, or a file renamed, can change any outcome).
 */
function editBetween(before: KeptRule[], rules: Rule[], now: KeptRule[]): Edit | undefined {
  const was = new Map(before.map((rule) => [rule.id, rule]));
  const is = new Map(now.map((rule) => [rule.id, rule]));
  const order = (list: KeptRule[]) => list.flatMap((rule) => (was.has(rule.id) && is.has(rule.id) ? [rule.id] : [])).join('\n');
  if (order(before) !== order(now)) return undefined;
  const changed = new Set<string>();
  const removed = new Map<string, Set<string>>();
  const unheld: Matcher[] = [];
  for (const rule of before) if (!is.has(rule.id)) changed.add(rule.id);
  rules.forEach((rule, i) => {
    const version = now[i]!;
    const earlier = was.get(rule.id);
    if (earlier && sameRule(earlier, version)) return;
    // new, or with new conditions: it may fire wherever any of its matchers could
    if (!earlier || earlier.conditions !== version.conditions) {
      changed.add(rule.id);
      unheld.push(...rule.matchers);
      return;
    }
    // matchers added or removed, the rest as it was: only an added one can fire anew, and where the rule fired it fires as before unless a removed one made the hit
    unheld.push(...matchersAdded(rule, version, earlier));
    // a hit holds the first matcher that passed: one moved ahead of another could now come first where the rule fired (hitPlan.ts, keepsOrder)
    if (earlier.rest !== version.rest || !keepsOrder(earlier.matchers, version.matchers)) changed.add(rule.id);
    const gone = earlier.matchers.filter((m) => !version.matchers.includes(m));
    if (gone.length > 0) removed.set(rule.id, new Set(gone));
  });
  return { changed, removed, unheld };
}

/** The code the outcomes were made by, and everything in the rule set that places a finding (classifierFingerprint). */
function memoVersion(ruleSet: RuleSet): string {
  return `outcomes-2 ${hitsVersion()} ${classifierVersion()} ${classifierFingerprint(ruleSet)}`;
}

/** Lines in the file against those in use at which it is written anew rather than appended to. */
const REWRITE_AT = 1.25;

/** The tag of a header line; a kept outcome's line is tagged with its header's id. */
const HEADER = '#';

function isHeader(value: unknown): value is Header {
  return (
    isObject(value) &&
    typeof value.id === 'string' &&
    typeof value.version === 'string' &&
    Array.isArray(value.rules) &&
    value.rules.every((rule) => isObject(rule) && typeof rule.id === 'string' && typeof rule.conditions === 'string' && isStrings(rule.matchers))
  );
}
