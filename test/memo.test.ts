import { spawnSync } from 'node:child_process';
import { appendFileSync, cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { run } from '../src/pipeline.js';
import { createJobmap } from '../src/run/engine.js';
import { sourceKey, type SourceOutcome } from '../src/run/analyse.js';
import { DEFAULT_INGEST_OPTIONS } from '../src/ingest/index.js';
import { OUTCOMES_FILE, OutcomeMemo } from '../src/run/outcomeMemo.js';
import { findingCount, keptUnread } from '../src/run/keptFindings.js';
import { findingsDigestOf, resultFindingsDigest } from '../src/core/findingsDigest.js';
import { tryRules } from '../src/tools/tryRules.js';
import { temporaryName } from '../src/write/files.js';
import { linesOf } from '../src/run/checkedLines.js';
import { hitFingerprint } from '../src/rules/fingerprint.js';
import { loadRuleSet } from '../src/rules/load.js';
import { WordLines } from '../src/run/keptWords.js';
import type { HitsEntry } from '../src/run/hitsEntry.js';
import { basisOf, HashedWords } from '../src/run/outcomeBasis.js';
import { entryOf, entryText, pruneCache } from '../src/run/cache.js';
import { couldMatchIn, vocabularyOf } from '../src/rules/index.js';
import { PairFilter, wordPairsOf } from '../src/rules/wordPairs.js';
import { findPattern } from '../src/rules/patternMatch.js';
import { phraseMatcher } from '../src/rules/matchers.js';
import { contentWords } from '../src/rules/find.js';
import { rememberRuleVersions, RULE_VERSIONS_FILE, ruleVersionOf } from '../src/run/ruleVersions.js';
import { outputFiles, ROOT } from './helpers.js';
import type { SegmentedTranscript } from '../src/types.js';

/**
 * The rule hits kept per transcript (src/run/ruleHits.ts) change how fast a
 * run is, never what it writes: after each kind of edit a researcher makes,
 * a run on the cache writes the same bytes as a run with no cache.
 * JOBMAP_MEMO_INPUT=<folder> (and JOBMAP_MEMO_FILES=<n>, default 100) runs
 * the same edits on another folder, e.g. the corpus in ../shared (bench/RESULTS.md).
 */
const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jobmap-memo-'));
const SOURCE = process.env.JOBMAP_MEMO_INPUT ?? path.join(ROOT, 'samples');
const FILES = Number(process.env.JOBMAP_MEMO_FILES ?? 100);

/** The first files of the folder (sorted), with participants.yaml if it has one. */
function study(): string {
  const input = temp();
  const names = readdirSync(SOURCE)
    .filter((name) => statSync(path.join(SOURCE, name)).isFile() && name !== 'participants.yaml')
    .sort()
    .slice(0, FILES);
  for (const name of [...names, 'participants.yaml']) if (names.includes(name) || readdirSync(SOURCE).includes(name)) cpSync(path.join(SOURCE, name), path.join(input, name));
  return input;
}

/** A copy of the shipped rules, and a config that reads them alone, so a test may edit both. */
function project(): { rules: string; configFile: string } {
  const dir = temp();
  const rules = path.join(dir, 'rules');
  cpSync(path.join(ROOT, 'rules'), rules, { recursive: true });
  const configFile = path.join(dir, 'jobmap.config.yaml');
  writeFileSync(configFile, `rules:\n  shipped: false\n  folders: [rules]\n`);
  return { rules, configFile };
}

function edit(file: string, from: string | RegExp, to: string): void {
  const text = readFileSync(file, 'utf8');
  const edited = text.replace(from, to);
  expect(edited, `${String(from)} is in ${file}`).not.toBe(text);
  writeFileSync(file, edited);
}

/** The edits of a tuning session, one after another: each kind of thing the fingerprints must see. */
const EDITS: { name: string; apply: (rules: string, configFile: string) => void }[] = [
  { name: 'one more phrase', apply: (rules) => edit(path.join(rules, 'pain.yaml'), /^(\s*phrases: \[)/m, '$1"a total pain to set up", ') },
  // the matcher that made a hit is gone: the rule runs again on that sentence ("frustrated" now makes the hits "frustrate" made)
  { name: 'a word removed that had matched', apply: (rules) => edit(path.join(rules, 'emotion.yaml'), 'words: [frustrate, frustrated,', 'words: [frustrated,') },
  // an added matcher that comes first in the rule makes the hit where it matches ("so frustrated", not "frustrated")
  { name: 'a phrase added before the one that matched', apply: (rules) => edit(path.join(rules, 'emotion.yaml'), 'words: [frustrated,', 'words: [so frustrated, frustrated,') },
  { name: 'a weight under the threshold', apply: (rules) => edit(path.join(rules, 'pain.yaml'), /(- id: pain\.time-cost\n[\s\S]*?\n {4}weight: )0\.65/, '$10.05') },
  { name: 'a rule disabled', apply: (_, configFile) => writeFileSync(configFile, `${readFileSync(configFile, 'utf8')}  disable: [emotion.guilt]\n`) },
  {
    name: 'a rule added',
    apply: (rules) =>
      writeFileSync(
        path.join(rules, 'extra.yaml'),
        'category: pain\ndescription: added in a test\nrules:\n  - id: pain.extra-wait\n    description: waiting\n    words: [wait, waiting]\n    weight: 0.7\n',
      ),
  },
  { name: 'a lexicon a pattern names', apply: (rules) => edit(path.join(rules, 'lexicons', 'tools.yaml'), '\nwords: [', '\nwords: [notebook, spreadsheet, ') },
  { name: 'a stage cue', apply: (rules) => edit(path.join(rules, 'stages', 'journey.yaml'), 'phrases: ["first heard", ', 'phrases: ["first heard", "my friend", "a colleague", ') },
];

async function outcomesOf(stream: AsyncIterable<SourceOutcome>): Promise<SourceOutcome[]> {
  const outcomes: SourceOutcome[] = [];
  for await (const outcome of stream) outcomes.push(outcome);
  return outcomes;
}

describe('pruning the cache folder', () => {
  it('removes the temporary files of writers that are gone, of every file jobmap keeps there, and nothing else', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jobmap-prune-'));
    // a process that has exited: its pid names a writer that is gone
    const gone = spawnSync(process.execPath, ['-e', '']).pid;
    const kept = [
      'jobmap-grouping.json',
      'jobmap-map.json',
      'jobmap-rule-versions.json',
      'jobmap-outcomes.jsonl',
      `jobmap-hits-${'a'.repeat(40)}.json`,
      `jobmap-rule-file-${'b'.repeat(40)}.bin`,
    ];
    // named as jobmap's writers name them: this process's are alive, the same names under the gone pid are not
    const alive = kept.map((name) => temporaryName(name));
    const dead = alive.map((name) => name.replace(`.${process.pid}.`, `.${gone}.`));
    const others = ['data.yaml.2024.tmp', `notes.json.${gone}.x1y2.jobmap-tmp`];
    for (const name of [...kept, ...dead, ...alive, ...others]) writeFileSync(path.join(dir, name), 'x');
    await pruneCache(dir, new Set(['a'.repeat(40)]));
    expect(readdirSync(dir).sort()).toEqual([...kept, ...alive, ...others].sort());
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('a cache entry as written and read back', () => {
  // what entries hold: words with quotes, dashes and accents, numbers, nesting
  const entry = fc.dictionary(fc.string({ unit: 'grapheme' }), fc.jsonValue(), { maxKeys: 6 });

  it('reads back as it was written, whatever its text', () => {
    fc.assert(
      fc.property(entry, (value) => {
        expect(entryOf(entryText(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
    );
  });

  it('is refused when any byte of it changed, or it was cut short', () => {
    fc.assert(
      fc.property(entry, fc.nat(), fc.integer({ min: 1, max: 255 }), (value, at, flip) => {
        // as bytes on disk: a changed byte is what a damaged file holds
        const bytes = Buffer.from(entryText(value));
        const changed = Buffer.from(bytes);
        const i = at % bytes.length;
        changed[i] = changed[i]! ^ flip;
        expect(entryOf(changed.toString('utf8'))).toBeUndefined();
        expect(entryOf(bytes.subarray(0, i).toString('utf8'))).toBeUndefined();
      }),
    );
  });
});

/** Each transcript's parse, as the command that reads the sentences again gets it. */
async function parsesOf(input: string): Promise<SegmentedTranscript[]> {
  const outcomes = await outcomesOf(createJobmap({ cacheDir: false, threads: 1 }).analyse(input, { parse: true }));
  return outcomes.flatMap((o) => o.results.map((r) => r.parse!));
}

/**
 * Two words one transcript says both of, never side by side in any, that no
 * transcript's pair filter takes for a pair (a Bloom filter says "there" for
 * about one pair in forty that is not: such a pair is left out here, as the
 * filter would have a file analysed for it). The first such, in sorted order.
 */
function apartPhrase(parses: SegmentedTranscript[]): string[] {
  const { pairs } = sequencesOf(parses);
  const filters = parses.map((parse) => new PairFilter(wordPairsOf(parse.sentences.map((sentence) => contentWords(sentence.tokens)))));
  const said = new Set(parses[0]!.sentences.flatMap((sentence) => contentWords(sentence.tokens).map((token) => token.norm)));
  const words = [...said].filter((word) => /^[a-z]{4,}$/.test(word)).sort();
  for (const first of words)
    for (const second of words) if (first !== second && !pairs.get(first)?.has(second) && !filters.some((filter) => filter.has(first, second))) return [first, second];
  throw new Error('no such phrase in the study');
}

/** Three words in a row that an interviewer says and no participant does (the first such, in sorted order). */
function interviewerPhrase(parses: SegmentedTranscript[]): string[] {
  const said = (role: string) => sequencesOf(parses, role).triples;
  const byParticipants = said('participant');
  const phrase = [...said('interviewer')].filter((triple) => /^[a-z]+ [a-z]+ [a-z]+$/.test(triple) && !byParticipants.has(triple)).sort()[0];
  if (!phrase) throw new Error('no such phrase in the study');
  return phrase.split(' ');
}

/** The study's word pairs and triples, side by side in a sentence, as written (in the sentences of one role, when given). */
function sequencesOf(parses: SegmentedTranscript[], role?: string): { pairs: Map<string, Set<string>>; triples: Set<string> } {
  const pairs = new Map<string, Set<string>>();
  const triples = new Set<string>();
  for (const parse of parses) {
    for (const sentence of parse.sentences.filter((s) => role === undefined || s.role === role)) {
      const words = contentWords(sentence.tokens).map((token) => token.norm);
      words.forEach((word, i) => {
        if (i > 0) pairs.set(words[i - 1]!, (pairs.get(words[i - 1]!) ?? new Set()).add(word));
        if (i > 1) triples.add(`${words[i - 2]} ${words[i - 1]} ${word}`);
      });
    }
  }
  return { pairs, triples };
}

/** A study run once into `out` on a cache of its own, with a copy of the rules to edit; `runs` runs it again (with no cache: `false`). */
async function ranStudy() {
  const input = study();
  const { rules, configFile } = project();
  const cacheDir = temp();
  const [out, fresh] = [temp(), temp()];
  const runs = (outDir: string, cache: string | false = cacheDir) => run({ input, outDir, config: loadConfig({ file: configFile }), cacheDir: cache, threads: 1 });
  await runs(out);
  return { input, rules, cacheDir, out, fresh, runs };
}

/** The parses gone from the cache folder: a run that reads one parses it again and writes it back. */
function removeParses(cacheDir: string): void {
  for (const name of readdirSync(cacheDir)) if (name.startsWith('jobmap-parse-')) rmSync(path.join(cacheDir, name));
}

const parsesIn = (cacheDir: string) => readdirSync(cacheDir).filter((name) => name.startsWith('jobmap-parse-'));

describe('the rule hits kept in the cache', () => {
  it('give the bytes a run without the cache writes, after every kind of rule edit', async () => {
    const input = study();
    const { rules, configFile } = project();
    const [out, cacheDir] = [temp(), temp()];
    const runs = (outDir: string, cache: string | false) => run({ input, outDir, config: loadConfig({ file: configFile }), cacheDir: cache, threads: 1 });
    await runs(out, cacheDir);
    for (const { name, apply } of EDITS) {
      apply(rules, configFile);
      const fresh = temp();
      const [memo] = await Promise.all([runs(out, cacheDir), runs(fresh, false)]);
      expect(memo.fromCache, name).toBe(memo.totalFiles);
      // the edit is one the run saw
      const { rules: changed, stageModelChanged } = memo.changes!;
      expect([...changed.added, ...changed.removed, ...changed.changed].length > 0 || stageModelChanged, name).toBe(true);
      expect(outputFiles(out), name).toEqual(outputFiles(fresh));
      rmSync(fresh, { recursive: true, force: true });
    }
  }, 600_000);

  it('answer a run with no rule edited without the parses, and the same', async () => {
    const input = study();
    const cacheDir = temp();
    const [first, second] = [temp(), temp()];
    await run({ input, outDir: first, cacheDir, threads: 1 });
    for (const name of readdirSync(cacheDir)) if (name.startsWith('jobmap-parse-')) rmSync(path.join(cacheDir, name));
    const report = await run({ input, outDir: second, cacheDir, threads: 1 });
    expect(report.fromCache).toBe(report.totalFiles);
    expect(readdirSync(cacheDir).filter((name) => name.startsWith('jobmap-parse-'))).toEqual([]);
    expect(outputFiles(second)).toEqual(outputFiles(first));
  }, 600_000);

  it('answer for a new rule, or words added to a rule, that no transcript holds, and for a weight edited, without the parses', async () => {
    const { rules, cacheDir, out, fresh, runs } = await ranStudy();
    removeParses(cacheDir);
    // a rule is new to the cache as a whole: all its words count, so a new rule shows it best
    writeFileSync(
      path.join(rules, 'extra.yaml'),
      'category: pain\ndescription: none\nrules:\n  - id: pain.zorblax\n    description: none\n    words: [zorblax]\n    phrases: ["quuxing away"]\n    weight: 0.7\n',
    );
    const report = await runs(out);
    expect(report.changes!.rules.added).toEqual(['pain.zorblax']);
    expect(parsesIn(cacheDir)).toEqual([]);
    await runs(fresh, false);
    expect(outputFiles(out)).toEqual(outputFiles(fresh));
    // a rule edited: only what was added to it counts, not its other words, which the transcripts hold
    edit(path.join(rules, 'emotion.yaml'), '    phrases: ["bored",', '    phrases: ["at the end of my rope", "bored",');
    const edited = await runs(out);
    expect(edited.changes!.rules.changed).toEqual(['emotion.frustration']);
    expect(parsesIn(cacheDir)).toEqual([]);
    // and a weight: no matcher changed, so nothing runs
    edit(path.join(rules, 'emotion.yaml'), /(drives me crazy[^\n]*\n(?:.*\n)*? {4}weight: )0\.85/, '$10.8');
    const weighed = await runs(out);
    expect(weighed.changes!.rules.changed).toEqual(['emotion.frustration']);
    expect(parsesIn(cacheDir)).toEqual([]);
    await runs(fresh, false);
    expect(outputFiles(out)).toEqual(outputFiles(fresh));
  }, 600_000);

  it('are not written anew where an edit found nothing, and read as well after further edits', async () => {
    const { input, rules, cacheDir, out, fresh, runs } = await ranStudy();
    const entries = () =>
      new Map(
        readdirSync(cacheDir)
          .filter((name) => name.startsWith('jobmap-hits-'))
          .map((name) => [name, statSync(path.join(cacheDir, name)).ino]),
      );
    const before = entries();
    // three words in a row only interviewers say: the added phrase is tried where they are, and finds nothing (rules read the participants)
    const phrase = interviewerPhrase(await parsesOf(input));
    edit(path.join(rules, 'pain.yaml'), /^(\s*phrases: \[)/m, `$1"${phrase.join(' ')}", `);
    const held = [...before.keys()].filter((name) =>
      (entryOf(readFileSync(path.join(cacheDir, name), 'utf8')) as HitsEntry).transcripts.some((t) => new PairFilter(t.pairs).has(phrase[0]!, phrase[1]!, phrase[2]!)),
    );
    expect(held.length).toBeGreaterThan(0);
    // without the kept outcomes every file is analysed, through its hits entry
    rmSync(path.join(cacheDir, OUTCOMES_FILE));
    const tried = await runs(out);
    expect(tried.changes!.findings.added).toEqual([]);
    expect(entries()).toEqual(before);
    // a word the transcripts hold: their entries are written anew, with the edit before mapped from the entries' older version
    edit(path.join(rules, 'pain.yaml'), /^(\s*words: \[)/m, '$1week, ');
    rmSync(path.join(cacheDir, OUTCOMES_FILE));
    const found = await runs(out);
    expect(found.changes!.findings.added.length).toBeGreaterThan(0);
    expect([...entries()].filter(([name, ino]) => before.get(name) !== ino).length).toBeGreaterThan(0);
    await runs(fresh, false);
    expect(outputFiles(out)).toEqual(outputFiles(fresh));
  }, 600_000);

  it('answer for a phrase whose words a transcript holds apart, never side by side, without its parse', async () => {
    const { input, rules, cacheDir, out, fresh, runs } = await ranStudy();
    removeParses(cacheDir);
    // without the kept outcomes the hits entries answer, or the parse is read
    rmSync(path.join(cacheDir, OUTCOMES_FILE));
    edit(path.join(rules, 'pain.yaml'), /^(\s*phrases: \[)/m, `$1"${apartPhrase(await parsesOf(input)).join(' ')}", `);
    await runs(out);
    expect(parsesIn(cacheDir)).toEqual([]);
    await runs(fresh, false);
    expect(outputFiles(out)).toEqual(outputFiles(fresh));
  }, 600_000);

  it('do not answer for findings under another threshold, or with the review\u2019s added findings, which need the parse', async () => {
    const input = study();
    const cacheDir = temp();
    await run({ input, outDir: temp(), cacheDir, threads: 1 });
    const findings = (cache: string | false, needs: Parameters<ReturnType<typeof createJobmap>['analyse']>[1]) =>
      outcomesOf(createJobmap({ cacheDir: cache, threads: 1 }).analyse(input, needs)).then((outcomes) => outcomes.flatMap((o) => o.results.map((r) => r.findings)));
    const weak = { findings: { minConfidence: 0 } };
    expect(await findings(cacheDir, weak)).toEqual(await findings(false, weak));
    // a trigger where the rules found a job: the review adds a finding the hits do not hold, and moves its stage
    const [job] = (await findings(false, { findings: true })).flat().filter((f) => f.category === 'job');
    const addition = { category: 'trigger' as const, at: { file: job!.evidence.file, line: job!.evidence.line }, line: 3, stage: 'awareness' };
    const added = { findings: { additions: [addition] } };
    const withAddition = await findings(cacheDir, added);
    expect(withAddition.flat().filter((f) => f.addedAt === 3).length).toBeGreaterThan(0);
    expect(withAddition).toEqual(await findings(false, added));
  }, 600_000);
});

describe('the rule versions kept beside the hits', () => {
  const rulesOf = (dir: string) => loadRuleSet(loadConfig({ file: dir })).rules;

  it('adds the versions of the rules run, keeps the earlier ones, and starts anew from a damaged file', async () => {
    const { rules, configFile } = project();
    const cacheDir = temp();
    const first = await rememberRuleVersions(cacheDir, rulesOf(configFile));
    const frustration = rulesOf(configFile).find((rule) => rule.id === 'emotion.frustration')!;
    expect(first[hitFingerprint(frustration)]).toEqual(ruleVersionOf(frustration));
    edit(path.join(rules, 'emotion.yaml'), 'words: [frustrate,', 'words: [seething, frustrate,');
    const edited = rulesOf(configFile).find((rule) => rule.id === 'emotion.frustration')!;
    const second = await rememberRuleVersions(cacheDir, rulesOf(configFile));
    // both versions, with the same conditions and one matcher more
    expect(Object.keys(second)).toHaveLength(Object.keys(first).length + 1);
    expect(second[hitFingerprint(frustration)]!.conditions).toBe(second[hitFingerprint(edited)]!.conditions);
    expect(second[hitFingerprint(edited)]!.matchers.slice(1)).toEqual(second[hitFingerprint(frustration)]!.matchers);
    writeFileSync(path.join(cacheDir, RULE_VERSIONS_FILE), '{"damaged": ');
    expect(Object.keys(await rememberRuleVersions(cacheDir, rulesOf(configFile)))).toHaveLength(Object.keys(first).length);
  });

  it('do not depend on a rule\u2019s weight, category or subtype, which decide nothing about where it fires', () => {
    const { configFile } = project();
    const rule = rulesOf(configFile)[0]!;
    expect(hitFingerprint({ ...rule, weight: 0.1, category: 'social', subtype: 'other' })).toBe(hitFingerprint(rule));
    expect(hitFingerprint({ ...rule, matchers: rule.matchers.slice(1) })).not.toBe(hitFingerprint(rule));
    expect(hitFingerprint({ ...rule, conditions: { ...rule.conditions, negation: 'ignore' } })).not.toBe(hitFingerprint(rule));
  });
});

describe('a transcript\u2019s words as the entry keeps them', () => {
  it('answers for a word as the set of its lines does, and goes through the same words', () => {
    const word = fc.stringMatching(/^[a-z'-]{0,6}$/);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 12 }), fc.array(word, { maxLength: 8 }), (words, asked) => {
        const text = words.join('\n');
        const lines = new WordLines(text);
        const set = new Set(text.split('\n'));
        for (const w of [...asked, ...words]) expect(lines.has(w)).toBe(w !== '' && set.has(w));
        expect(new Set(lines)).toEqual(set);
      }),
      { numRuns: 2000 },
    );
  });
});

describe('a transcript\u2019s words as the kept outcomes keep them (hashed)', () => {
  it('hold every word they were made of', () => {
    const word = fc.stringMatching(/^[a-z\u00e0-\u00ff'-]{1,12}$/);
    fc.assert(
      fc.property(fc.array(word, { maxLength: 40 }), (words) => {
        const basis = basisOf([{ fired: {}, words: words.join('\n'), pairs: '' }]);
        const hashed = new HashedWords(basis.words);
        for (const w of words) expect(hashed.has(w)).toBe(true);
        // empty lines are no words
        expect(basisOf([{ fired: {}, words: `\n${words.join('\n\n')}\n`, pairs: '' }])).toEqual(basis);
      }),
      { numRuns: 1000 },
    );
  });

  it('are read back line by line, whatever the lines\u2019 lengths against the chunks read', () => {
    const dir = temp();
    fc.assert(
      fc.property(fc.array(fc.stringMatching(/^[ -~]{0,40}$/), { maxLength: 20 }), fc.integer({ min: 1, max: 16 }), fc.boolean(), (lines, chunk, ended) => {
        const file = path.join(dir, 'lines');
        const text = lines.join('\n') + (ended && lines.length > 0 ? '\n' : '');
        writeFileSync(file, text);
        // a file's last line is read whether or not it ends; an empty last line is no line
        const expected = text === '' ? [] : text.split('\n');
        if (expected.at(-1) === '') expected.pop();
        expect([...linesOf(file, chunk)]).toEqual(expected);
      }),
      { numRuns: 500 },
    );
  });

  it('tell whether a shipped rule could match as the words themselves do, lexicons in patterns too', async () => {
    const cacheDir = temp();
    await run({ input: path.join(ROOT, 'samples'), outDir: temp(), cacheDir, threads: 1 });
    const rules = loadRuleSet(loadConfig({ cwd: temp() })).rules;
    const transcripts = readdirSync(cacheDir)
      .filter((name) => name.startsWith('jobmap-hits-'))
      .flatMap((name) => (entryOf(readFileSync(path.join(cacheDir, name), 'utf8')) as HitsEntry).transcripts);
    expect(transcripts.length).toBeGreaterThan(10);
    let couldMatch = 0;
    for (const { words } of transcripts) {
      const [set, hashed] = [new Set(words.split('\n')), new HashedWords(basisOf([{ fired: {}, words, pairs: '' }]).words)];
      for (const rule of rules) {
        const expected = couldMatchIn(rule.matchers, set);
        expect(couldMatchIn(rule.matchers, hashed), rule.id).toBe(expected);
        if (expected) couldMatch++;
      }
    }
    // both answers occur: the test tells them apart
    expect(couldMatch).toBeGreaterThan(0);
    expect(couldMatch).toBeLessThan(transcripts.length * rules.length);
  }, 120_000);
});

describe('a transcript\u2019s word pairs as the kept outcomes keep them', () => {
  const word = fc.stringMatching(/^[a-z]{1,8}$/);
  const token = (norm: string, lemma = norm) => ({ text: norm, norm, lemma, stem: norm, pos: 'NOUN', negated: false, start: 0, end: norm.length });

  it('hold every pair and every three of words side by side, as written and as lemmas', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(word, word), { maxLength: 12 }), { maxLength: 8 }), (sentences) => {
        const tokens = sentences.map((sentence) => sentence.map(([norm, lemma]) => token(norm, lemma)));
        const pairs = new PairFilter(wordPairsOf(tokens));
        const forms = (t: { norm: string; lemma: string }) => [t.norm, t.lemma];
        for (const sentence of tokens)
          for (let i = 1; i < sentence.length; i++)
            for (const second of forms(sentence[i - 1]!))
              for (const third of forms(sentence[i]!)) {
                expect(pairs.has(second, third)).toBe(true);
                if (i > 1) for (const first of forms(sentence[i - 2]!)) expect(pairs.has(first, second, third)).toBe(true);
              }
      }),
      { numRuns: 500 },
    );
  });

  it('never rule out a shipped rule that matches, and rule out phrases whose words are there apart', async () => {
    const parses = (await outcomesOf(createJobmap({ cacheDir: false, threads: 1 }).analyse(path.join(ROOT, 'samples'), { parse: true }))).flatMap((o) =>
      o.results.map((r) => r.parse!),
    );
    const rules = loadRuleSet(loadConfig({ cwd: temp() })).rules;
    let ruledOut = 0;
    for (const parse of parses) {
      const sentences = parse.sentences.map((sentence) => contentWords(sentence.tokens));
      const [vocabulary, pairs] = [vocabularyOf(sentences), new PairFilter(wordPairsOf(sentences))];
      for (const matcher of rules.flatMap((rule) => rule.matchers)) {
        const matches = parse.sentences.some((sentence, i) => findPattern(matcher.pattern, sentences[i]!, sentence.text) !== undefined);
        const could = couldMatchIn([matcher], vocabulary, pairs);
        if (matches) expect(could, `${matcher.source} in ${parse.transcript.id}`).toBe(true);
        if (couldMatchIn([matcher], vocabulary) && !could) ruledOut++;
      }
    }
    // words all there, never side by side: what the pairs are for
    expect(ruledOut).toBeGreaterThan(0);
  }, 120_000);

  it('rule out a phrase of words a transcript says, only never in that order', () => {
    const said = [
      ['so', 'much', 'better'],
      ['this', 'time', 'it', 'worked'],
    ].map((words) => words.map((w) => token(w)));
    const [vocabulary, pairs] = [vocabularyOf(said), new PairFilter(wordPairsOf(said))];
    expect(couldMatchIn([phraseMatcher('so much time')], vocabulary)).toBe(true);
    expect(couldMatchIn([phraseMatcher('so much time')], vocabulary, pairs)).toBe(false);
    expect(couldMatchIn([phraseMatcher('so much better')], vocabulary, pairs)).toBe(true);
  });

  it('rule out a phrase whose words stand side by side two by two, never three in a row', () => {
    // "so much" and "much time" are said; "so much time" is not
    const said = [
      ['it', 'helped', 'so', 'much'],
      ['how', 'much', 'time', 'it', 'saves'],
    ].map((words) => words.map((w) => token(w)));
    const [vocabulary, pairs] = [vocabularyOf(said), new PairFilter(wordPairsOf(said))];
    expect(pairs.has('so', 'much') && pairs.has('much', 'time')).toBe(true);
    expect(couldMatchIn([phraseMatcher('so much time')], vocabulary, pairs)).toBe(false);
    expect(couldMatchIn([phraseMatcher('much time it')], vocabulary, pairs)).toBe(true);
    expect(couldMatchIn([phraseMatcher('helped so much')], vocabulary, pairs)).toBe(true);
  });
});

describe('an edited rule whose earlier hits are read back', () => {
  const T = (said: string) => `Interviewer: How did it go?\n\nParticipant: ${said}\n`;
  const rule = (body: string) => `category: pain\ndescription: edits of one rule\nrules:\n  - id: pain.edited\n    description: edited between two runs\n${body}    weight: 0.7\n`;

  /** Two runs on the cache, the rule edited between them, give what a run without the cache gives. */
  async function edited(files: Record<string, string>, before: string, after: string): Promise<void> {
    const input = temp();
    for (const [name, text] of Object.entries(files)) writeFileSync(path.join(input, name), text);
    const { rules, configFile } = project();
    const config = () => loadConfig({ file: configFile });
    writeFileSync(path.join(rules, 'edited.yaml'), rule(before));
    const [out, fresh, cacheDir] = [temp(), temp(), temp()];
    await run({ input, outDir: out, config: config(), cacheDir, threads: 1 });
    writeFileSync(path.join(rules, 'edited.yaml'), rule(after));
    await run({ input, outDir: out, config: config(), cacheDir, threads: 1 });
    await run({ input, outDir: fresh, config: config(), cacheDir: false, threads: 1 });
    expect(outputFiles(fresh)['transcripts/a.yaml'] ?? outputFiles(fresh)['transcripts/x--P01.yaml'], 'the edited rule fires').toContain('pain.edited');
    expect(outputFiles(out)).toEqual(outputFiles(fresh));
  }

  // found by an independent review: each gave other words than a full run before it was mended
  it('runs whole when its matchers changed order, where another may now match first', async () => {
    await edited(
      { 'a.txt': T('Honestly the zorp made me glorp every single day.') },
      '    phrases: ["made me glorp", "the zorp"]\n',
      '    phrases: ["the zorp", "made me glorp"]\n',
    );
    await edited(
      { 'a.txt': T('Honestly the zorp made me glorp every single day.') },
      '    phrases: ["made me glorp", "the zorp"]\n',
      '    phrases: ["the zorp", "made me glorp", "the zorp"]\n',
    );
  }, 120_000);

  it('takes a matcher named twice (a lexicon in words and phrases) where it first comes', async () => {
    await edited(
      { 'a.txt': T('Honestly I typed zorp into chatgpt every single day.') },
      '    words: ["@tools"]\n    phrases: ["@tools"]\n',
      '    words: ["@tools", "zorp"]\n    phrases: ["@tools"]\n',
    );
  }, 120_000);

  it('gives a matcher added first the hit, for each speaker, past a negation, and in each row of a CSV', async () => {
    await edited(
      { 'a.txt': T('Honestly the zorp made me glorp every single day with blah.') },
      '    phrases: ["with blah", "made me glorp", "the zorp"]\n',
      '    phrases: ["the zorp", "made me glorp"]\n',
    );
    await edited(
      { 'a.txt': 'Interviewer: So the zorp made you glorp then?\n\nParticipant: The zorp made me glorp, yes.\n' },
      '    speaker: interviewer\n    phrases: ["made you glorp"]\n',
      '    speaker: interviewer\n    phrases: ["the zorp", "made you glorp"]\n',
    );
    await edited({ 'a.txt': T("I didn't zorp it, but it made me glorp every day.") }, '    phrases: ["made me glorp"]\n', '    words: [zorp]\n    phrases: ["made me glorp"]\n');
    await edited(
      {
        'x.csv':
          'transcript_id,text\nP01,"Interviewer: How?\nParticipant: The zorp made me glorp daily."\nP02,"Interviewer: How?\nParticipant: It made me glorp and the blah too."\n',
      },
      '    phrases: ["the blah", "made me glorp"]\n',
      '    phrases: ["the zorp", "the blah", "made me glorp"]\n',
    );
  }, 240_000);
});

describe('the counts stats keeps', () => {
  it('hold after a weight edit: stats runs no rule and reads no parse', async () => {
    const input = study();
    const { rules, configFile } = project();
    const cacheDir = temp();
    const counts = async () => {
      const outcomes = await outcomesOf(createJobmap({ config: loadConfig({ file: configFile }), cacheDir, threads: 1 }).analyse(input, { ruleCounts: true }));
      return outcomes.map((o) => o.results.map((r) => [...r.ruleCounts!.rules].sort()));
    };
    const before = await counts();
    for (const name of readdirSync(cacheDir)) if (name.startsWith('jobmap-parse-')) rmSync(path.join(cacheDir, name));
    edit(path.join(rules, 'emotion.yaml'), /(drives me crazy[^\n]*\n(?:.*\n)*? {4}weight: )0\.85/, '$10.8');
    expect(await counts()).toEqual(before);
    expect(readdirSync(cacheDir).filter((name) => name.startsWith('jobmap-parse-'))).toEqual([]);
  }, 120_000);

  // a run notes what stats counts beside its hits (extract/match.ts, StopNotes), and the sentences per speaker
  it('come after a run from the hits it kept, with no parse read and no rule run, as stats from scratch counts them, after a rule edit too', async () => {
    const input = study();
    const { rules, configFile } = project();
    const cacheDir = temp();
    const config = () => loadConfig({ file: configFile });
    const counts = async (cache: string | false) => {
      const outcomes = await outcomesOf(createJobmap({ config: config(), cacheDir: cache, threads: 1 }).analyse(input, { ruleCounts: true }));
      return outcomes.map((o) => o.results.map((r) => [r.ruleCounts!.sentences, [...r.ruleCounts!.rules].sort()]));
    };
    const hitsEntries = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('jobmap-hits-'));
    const countsEntries = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('jobmap-counts-'));
    await run({ input, outDir: temp(), config: config(), cacheDir, threads: 1 });
    expect(hitsEntries(cacheDir).length).toBeGreaterThan(0);
    expect(countsEntries(cacheDir)).toEqual([]);
    // what stats counts from: a copy of the cache with no parse, whose entries lost their hits and the blocked sentences the run noted
    const altered = temp();
    cpSync(cacheDir, altered, { recursive: true });
    const parseEntries = (dir: string) => readdirSync(dir).filter((name) => name.startsWith('jobmap-parse-'));
    for (const name of parseEntries(altered)) rmSync(path.join(altered, name));
    for (const name of hitsEntries(altered)) {
      const entry = entryOf(readFileSync(path.join(altered, name), 'utf8')) as HitsEntry;
      expect(entry.unnoted).toEqual([]);
      for (const transcript of entry.transcripts) {
        transcript.hits = [];
        transcript.blocked = [];
      }
      writeFileSync(path.join(altered, name), entryText(entry));
    }
    const fromScratch = await counts(false);
    expect(await counts(cacheDir)).toEqual(fromScratch);
    expect(countsEntries(cacheDir).length).toBe(hitsEntries(cacheDir).length);
    // no rule ran and no parse was read (or made again): nothing fired or was blocked, and the sentences per speaker are the entries'
    const total = (counted: Awaited<ReturnType<typeof counts>>, key: 'fired' | 'blocked') =>
      counted.flat().reduce((sum, [, rules]) => sum + (rules as [string, { fired: number; blocked: number }][]).reduce((n, [, c]) => n + c[key], 0), 0);
    const fromAltered = await counts(altered);
    expect(total(fromScratch, 'blocked')).toBeGreaterThan(0);
    expect(total(fromAltered, 'fired') + total(fromAltered, 'blocked')).toBe(0);
    expect(fromAltered.map((file) => file.map(([sentences]) => sentences))).toEqual(fromScratch.map((file) => file.map(([sentences]) => sentences)));
    expect(parseEntries(altered)).toEqual([]);
    // a phrase added to a rule a context may stop (only the phrase runs: the rule's notes are not whole) and a condition edited (the rule runs whole): a run, then stats
    edit(
      path.join(rules, 'pain.yaml'),
      'words: [frustrating, frustrated, annoying, annoyed, irritating, irritated]',
      'words: [frustrating, frustrated, annoying, annoyed, irritating, irritated, hassle]',
    );
    edit(path.join(rules, 'job.yaml'), /(id: job\.task-said\n(?:.*\n)*? {4}hedges: )skip/, '$1only');
    for (const name of countsEntries(cacheDir)) rmSync(path.join(cacheDir, name));
    await run({ input, outDir: temp(), config: config(), cacheDir, threads: 1 });
    const unnoted = hitsEntries(cacheDir).flatMap((name) => (entryOf(readFileSync(path.join(cacheDir, name), 'utf8')) as HitsEntry).unnoted);
    expect(unnoted.length).toBeGreaterThan(0);
    const edited = await counts(false);
    expect(edited).not.toEqual(fromScratch);
    expect(await counts(cacheDir)).toEqual(edited);
    // after a full run, a new rule, and a rule a context may stop edited with a phrase no transcript holds: the run after it runs
    // the new rule where its words are and rewrites only the entries it fired in, and runs the added phrase nowhere; stats then
    // reads no parse: it counts the new rule at none where the entry's words say it cannot match, and the edited rule as the
    // entry's earlier version counted it, since what was added cannot match
    const fresh = temp();
    await run({ input, outDir: temp(), config: config(), cacheDir: fresh, threads: 1 });
    appendFileSync(path.join(rules, 'pain.yaml'), '  - id: pain.glorp\n    description: a new rule\n    words: [glorpish, nightmare]\n');
    edit(path.join(rules, 'pain.yaml'), 'irritated, hassle]', 'irritated, hassle, zorptastic]');
    await run({ input, outDir: temp(), config: config(), cacheDir: fresh, threads: 1 });
    for (const name of parseEntries(fresh)) rmSync(path.join(fresh, name));
    const editedAgain = await counts(false);
    const firedIn = editedAgain.filter((file) => file.some(([, counted]) => (counted as [string, unknown][]).some(([id]) => id === 'pain.glorp')));
    expect(firedIn.length).toBeGreaterThan(0);
    expect(firedIn.length).toBeLessThan(editedAgain.length);
    expect(await counts(fresh)).toEqual(editedAgain);
    expect(parseEntries(fresh)).toEqual([]);
  }, 240_000);
});

describe('the last run\u2019s outcomes kept in the cache', () => {
  /** The samples but the Word file, whose text a test cannot search for a word. */
  function textStudy(): string {
    const input = study();
    for (const name of readdirSync(input)) if (name.endsWith('.docx')) rmSync(path.join(input, name));
    return input;
  }

  /** The study's files the kept outcomes answer under the rules as they are now, without analysing them. */
  async function answered(input: string, configFile: string, cacheDir: string): Promise<string[]> {
    const jobmap = createJobmap({ config: loadConfig({ file: configFile }), cacheDir, threads: 1 });
    const memo = OutcomeMemo.open(cacheDir, jobmap.rules);
    const { sources } = await jobmap.sources(input);
    return sources.filter((source) => memo.answer(sourceKey(source, readFileSync(source.absolutePath), DEFAULT_INGEST_OPTIONS))).map((source) => source.file);
  }

  const filesOf = (input: string) =>
    readdirSync(input)
      .filter((name) => name !== 'participants.yaml')
      .sort();
  const mentioning = (input: string, word: RegExp) => filesOf(input).filter((name) => word.test(readFileSync(path.join(input, name), 'utf8')));
  const lineCount = (cacheDir: string) => readFileSync(path.join(cacheDir, OUTCOMES_FILE), 'utf8').split('\n').filter(Boolean).length;

  it('write each analysed file\u2019s line to a temporary file as it comes, and leave none behind, whether the analysis ends or is stopped midway', async () => {
    const input = textStudy();
    const cacheDir = temp();
    const temporaries = () => readdirSync(cacheDir).filter((name) => name.endsWith('.jobmap-tmp'));
    for await (const outcome of createJobmap({ cacheDir, threads: 1 }).analyse(input)) {
      void outcome;
      expect(temporaries()).toHaveLength(1);
      break;
    }
    expect(temporaries()).toEqual([]);
    expect(readdirSync(cacheDir)).not.toContain(OUTCOMES_FILE);
    const outcomes = await outcomesOf(createJobmap({ cacheDir, threads: 1 }).analyse(input));
    expect(temporaries()).toEqual([]);
    expect(lineCount(cacheDir)).toBe(outcomes.length + 1);
  });

  it('answer a file only when the edit cannot touch it: words it does not hold, a rule that did not fire in it', async () => {
    const input = textStudy();
    const { rules, configFile } = project();
    const cacheDir = temp();
    const first = await run({ input, outDir: temp(), config: loadConfig({ file: configFile }), cacheDir, threads: 1 });
    const all = filesOf(input);
    expect(await answered(input, configFile, cacheDir)).toEqual(all);
    // a word one or two transcripts hold: all but those
    edit(path.join(rules, 'pain.yaml'), /^(\s*phrases: \[)/m, '$1"spreadsheet", ');
    const holding = mentioning(input, /spreadsheet/i);
    expect(holding.length).toBeGreaterThan(0);
    expect(await answered(input, configFile, cacheDir)).toEqual(all.filter((name) => !holding.includes(name)));
    // a weight: all but the files the rule fired in
    edit(path.join(rules, 'emotion.yaml'), /(drives me crazy[^\n]*\n(?:.*\n)*? {4}weight: )0\.85/, '$10.8');
    const fired = first.results.filter((r) => r.findings.some((f) => f.rules.includes('emotion.frustration'))).map((r) => r.transcript.file);
    expect(fired.length).toBeGreaterThan(0);
    expect(await answered(input, configFile, cacheDir)).toEqual(all.filter((name) => !holding.includes(name) && !fired.includes(name)));
    // a stage cue places every finding anew
    edit(path.join(rules, 'stages', 'journey.yaml'), 'phrases: ["first heard", ', 'phrases: ["first heard", "my friend", ');
    expect(await answered(input, configFile, cacheDir)).toEqual([]);
  }, 120_000);

  // a preview compares an answered file with the last run by its digest: its findings are parsed only when something reads them (run/keptFindings.ts)
  it('leave the findings of the files an edit cannot touch unread in a preview, and read them as the run made them', async () => {
    const input = textStudy();
    rmSync(path.join(input, 'participants.yaml'), { force: true });
    const { rules, configFile } = project();
    const [out, cacheDir] = [temp(), temp()];
    const options = () => ({ input, outDir: out, config: loadConfig({ file: configFile }), cacheDir, threads: 1 });
    const first = await run(options());
    edit(path.join(rules, 'pain.yaml'), /^(\s*phrases: \[)/m, '$1"spreadsheet", ');
    const holding = mentioning(input, /spreadsheet/i);
    const tried = await tryRules(options());
    const unread = tried.run.results.filter(keptUnread);
    // read: the files the edit touches, and those whose findings take a segment from the transcript's attributes (it is joined to each)
    const segmented = first.results.filter((r) => r.transcript.metadata.segment !== undefined).map((r) => r.transcript.file);
    expect(segmented.length).toBeGreaterThan(0);
    expect(unread.map((r) => r.transcript.file)).toEqual(filesOf(input).filter((name) => !holding.includes(name) && !segmented.includes(name)));
    expect(tried.changes.findings.added.length).toBeGreaterThan(0);
    expect(tried.changes).toEqual((await tryRules({ ...options(), cacheDir: false })).changes);
    // known unread: how many, and their digest (the run state compares by it)
    const made = new Map(first.results.map((r) => [r.transcript.file, r.findings]));
    expect(unread.map(findingCount)).toEqual(unread.map((r) => made.get(r.transcript.file)!.length));
    expect(unread.every((r) => resultFindingsDigest(r) !== undefined)).toBe(true);
    // read, copied, serialised or cloned, they are the findings the run made, known by the same digest; assigned, they are what was assigned
    const [one, two, three] = unread.filter((r) => made.get(r.transcript.file)!.length > 0);
    expect(structuredClone(three!).findings).toEqual(made.get(three!.transcript.file));
    expect({ ...one! }.findings).toEqual(made.get(one!.transcript.file));
    expect(keptUnread(one!)).toBe(false);
    expect(one!.findings).toBe(one!.findings);
    expect(findingsDigestOf(one!.findings)).toBe(resultFindingsDigest(one!));
    expect(JSON.parse(JSON.stringify(two!)).findings).toEqual(made.get(two!.transcript.file));
    one!.findings = [];
    expect(one!.findings).toEqual([]);
    expect(resultFindingsDigest(one!)).toBeUndefined();
    // the memo answers every file now; a run and a preview leave each answered file's findings unread (a run reads them when it groups or writes)
    expect(await answered(input, configFile, cacheDir)).toEqual(filesOf(input));
    const jobmap = createJobmap({ config: loadConfig({ file: configFile }), cacheDir, threads: 1 });
    const { sources } = await jobmap.sources(input);
    const unreadWhen = async (needs: Parameters<typeof jobmap.analyse>[1]) => {
      let count = 0;
      for await (const outcome of jobmap.analyse(sources, needs)) count += outcome.results.filter(keptUnread).length;
      return count;
    };
    expect(await unreadWhen({ findings: true })).toBe(sources.length);
    expect(await unreadWhen({ findings: { comparedOnly: true } })).toBe(sources.length);
  }, 120_000);

  // the writer keys a file, and the run state a transcript, by the digest a kept outcome carries (core/findingsDigest.ts)
  it('rewrite the file of an answered transcript whose findings participants.yaml changed, and say what an edit changed as a run without them does', async () => {
    const input = textStudy();
    const { rules, configFile } = project();
    const [out, cacheDir] = [temp(), temp()];
    const runs = (outDir: string, cache: string | false) => run({ input, outDir, config: loadConfig({ file: configFile }), cacheDir: cache, threads: 1 });
    // one participant in a segment (written here, so the test runs on any folder: JOBMAP_MEMO_INPUT)
    const id = filesOf(input)[0]!.replace(/\.[^.]+$/, '');
    writeFileSync(path.join(input, 'participants.yaml'), `${id}: { segment: new }\n`);
    await runs(out, cacheDir);
    // another segment for that participant: every file is answered, and that one's findings are made anew with it
    edit(path.join(input, 'participants.yaml'), `${id}: { segment: new }`, `${id}: { segment: churned }`);
    const [withMemo, fresh] = [await runs(out, cacheDir), temp()];
    expect(withMemo.fromCache).toBe(withMemo.totalFiles);
    expect(withMemo.written.rewritten.map((file) => path.relative(out, file))).toContain(`transcripts/${id}.yaml`);
    await runs(fresh, false);
    expect(outputFiles(out)).toEqual(outputFiles(fresh));
    // an edit that finds more in a few files: the same changes as a run without the cache into a copy of the folder
    const copy = temp();
    cpSync(out, copy, { recursive: true });
    edit(path.join(rules, 'pain.yaml'), /^(\s*phrases: \[)/m, '$1"spreadsheet", "the app", ');
    const [memoChanges, plainChanges] = [(await runs(out, cacheDir)).changes!, (await runs(copy, false)).changes!];
    expect(memoChanges.findings.added.length).toBeGreaterThan(0);
    expect(memoChanges.findings).toEqual(plainChanges.findings);
    expect(outputFiles(out)).toEqual(outputFiles(copy));
  }, 120_000);

  it('analyse a file where a matcher since removed made a hit, and only there', async () => {
    const input = temp();
    const said = (text: string) => `Interviewer: How did it go?\n\nParticipant: ${text}\n`;
    writeFileSync(path.join(input, 'a.txt'), said('Honestly the zorp was slow every single day.'));
    writeFileSync(path.join(input, 'b.txt'), said('It made me glorp, and the zorp too, every single day.'));
    writeFileSync(path.join(input, 'c.txt'), said('It made me glorp every single day.'));
    const { rules, configFile } = project();
    const rule = (phrases: string) => `category: pain\ndescription: one rule\nrules:\n  - id: pain.zorp\n    description: edited\n    phrases: [${phrases}]\n    weight: 0.7\n`;
    writeFileSync(path.join(rules, 'zorp.yaml'), rule('"made me glorp", "the zorp"'));
    const [out, fresh, cacheDir] = [temp(), temp(), temp()];
    const runs = (outDir: string, cache: string | false) => run({ input, outDir, config: loadConfig({ file: configFile }), cacheDir: cache, threads: 1 });
    await runs(out, cacheDir);
    // b fired by the first phrase, which stays: only a is touched
    writeFileSync(path.join(rules, 'zorp.yaml'), rule('"made me glorp"'));
    expect(await answered(input, configFile, cacheDir)).toEqual(['b.txt', 'c.txt']);
    await runs(out, cacheDir);
    await runs(fresh, false);
    expect(outputFiles(fresh)['transcripts/a.yaml']).not.toContain('pain.zorp');
    expect(outputFiles(out)).toEqual(outputFiles(fresh));
  }, 120_000);

  // found by an independent review: each answered with what a run without the cache does not write, or failed, before it was mended
  it('follow the rules\u2019 order: of two rules alike, the first leads the finding, also when one moved with a word added', async () => {
    const input = temp();
    writeFileSync(path.join(input, 'a.txt'), 'Interviewer: How did it go?\n\nParticipant: Honestly the zorp was slow every single day.\n');
    const { rules, configFile } = project();
    const rule = (id: string, subtype: string, words: string) => `  - id: ${id}\n    description: alike\n    subtype: ${subtype}\n    words: [${words}]\n    weight: 0.7\n`;
    const file = (...list: string[]) => `category: pain\ndescription: two rules alike\nrules:\n${list.join('')}`;
    const [a, b] = [rule('pain.a', 'alpha', 'zorp'), rule('pain.b', 'beta', 'zorp')];
    writeFileSync(path.join(rules, 'alike.yaml'), file(a, b));
    const [out, cacheDir] = [temp(), temp()];
    const runs = (outDir: string, cache: string | false) => run({ input, outDir, config: loadConfig({ file: configFile }), cacheDir: cache, threads: 1 });
    await runs(out, cacheDir);
    // moved ahead, nothing else changed (the hits memo read the entry's order); then moved back with a word no transcript holds (the outcome memo)
    for (const rules_ of [file(b, a), file(a, rule('pain.b', 'beta', 'zorp, quxly'))]) {
      writeFileSync(path.join(rules, 'alike.yaml'), rules_);
      expect(await answered(input, configFile, cacheDir)).toEqual([]);
      const fresh = temp();
      await Promise.all([runs(out, cacheDir), runs(fresh, false)]);
      expect(outputFiles(out)).toEqual(outputFiles(fresh));
    }
    expect(outputFiles(out)['transcripts/a.yaml']).toContain('subtype: alpha');
  }, 120_000);

  it('hold a rule whose id is a property of every object', async () => {
    const input = temp();
    writeFileSync(path.join(input, 'a.txt'), 'Interviewer: How did it go?\n\nParticipant: Honestly the zorp was slow every single day.\n');
    const { rules, configFile } = project();
    writeFileSync(path.join(rules, 'odd.yaml'), 'category: pain\ndescription: odd ids\nrules:\n  - id: constructor\n    description: odd\n    words: [zorp]\n    weight: 0.7\n');
    const [out, fresh] = [temp(), temp()];
    const report = await run({ input, outDir: out, config: loadConfig({ file: configFile }), cacheDir: temp(), threads: 1 });
    await run({ input, outDir: fresh, config: loadConfig({ file: configFile }), cacheDir: false, threads: 1 });
    expect(report.messages).toEqual([]);
    expect(outputFiles(out)).toEqual(outputFiles(fresh));
  }, 120_000);

  it('write the file anew after an edit every file is analysed for, or when its last line was cut short', async () => {
    const input = textStudy();
    const { rules, configFile } = project();
    const cacheDir = temp();
    const runs = () => run({ input, outDir: temp(), config: loadConfig({ file: configFile }), cacheDir, threads: 1 });
    await runs();
    const files = filesOf(input).length;
    edit(path.join(rules, 'stages', 'journey.yaml'), 'phrases: ["first heard", ', 'phrases: ["first heard", "my friend", ');
    await runs();
    expect(lineCount(cacheDir)).toBe(files + 1);
    // a last line without its end would take the next line's start
    const memoFile = path.join(cacheDir, OUTCOMES_FILE);
    writeFileSync(memoFile, readFileSync(memoFile, 'utf8').replace(/\n$/, ''));
    expect(await answered(input, configFile, cacheDir)).toHaveLength(files);
    edit(path.join(rules, 'pain.yaml'), /^(\s*phrases: \[)/m, '$1"spreadsheet", ');
    await runs();
    expect(lineCount(cacheDir)).toBe(files + 1);
    expect(await answered(input, configFile, cacheDir)).toHaveLength(files);
  }, 120_000);

  it('add the files a run analysed, write the file anew when a quarter of its lines are of no use, and skip a damaged line', async () => {
    const input = textStudy();
    // one transcript holds a word no other does
    writeFileSync(path.join(input, 'zz-one.txt'), 'Interviewer: How did it go?\n\nParticipant: Honestly the zorblax was slow every single day.\n');
    const { rules, configFile } = project();
    const [out, fresh, cacheDir] = [temp(), temp(), temp()];
    const runs = (outDir: string, cache: string | false) => run({ input, outDir, config: loadConfig({ file: configFile }), cacheDir: cache, threads: 1 });
    await runs(out, cacheDir);
    const files = filesOf(input).length;
    expect(lineCount(cacheDir)).toBe(files + 1);
    // a header for the edited rules, and a line for the file analysed
    edit(path.join(rules, 'pain.yaml'), /^(\s*phrases: \[)/m, '$1"zorblax", ');
    expect(await answered(input, configFile, cacheDir)).toHaveLength(files - 1);
    await runs(out, cacheDir);
    expect(lineCount(cacheDir)).toBe(files + 1 + 1 + 1);
    // weight edits of a rule that fires in many files: appended until the lines of no use are as many as the live ones
    const counts: number[] = [];
    for (let i = 0; i < 30 && !counts.includes(files + 1); i++) {
      edit(path.join(rules, 'emotion.yaml'), /(drives me crazy[^\n]*\n(?:.*\n)*? {4}weight: )0\.8\d?/, `$1${i % 2 === 0 ? '0.8' : '0.85'}`);
      await runs(out, cacheDir);
      counts.push(lineCount(cacheDir));
    }
    expect(Math.max(...counts)).toBeLessThanOrEqual(1.25 * files + 1);
    expect(counts).toContain(files + 1);
    expect(await answered(input, configFile, cacheDir)).toHaveLength(files);
    // a line that does not match its checksum is analysed again; the others are answered
    const memoFile = path.join(cacheDir, OUTCOMES_FILE);
    const lines = readFileSync(memoFile, 'utf8').split('\n');
    lines[lines.length - 2] = lines[lines.length - 2]!.replace('"confidence":', '"confidence": ');
    writeFileSync(memoFile, lines.join('\n'));
    expect(await answered(input, configFile, cacheDir)).toHaveLength(files - 1);
    await runs(out, cacheDir);
    await runs(fresh, false);
    expect(outputFiles(out)).toEqual(outputFiles(fresh));
  }, 240_000);
});
