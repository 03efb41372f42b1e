import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../src/config.js';
import { run } from '../src/pipeline.js';
import { createJobmap } from '../src/run/engine.js';
import type { SourceOutcome } from '../src/run/analyse.js';
import { hitFingerprint } from '../src/rules/fingerprint.js';
import { loadRuleSet } from '../src/rules/load.js';
import { WordLines } from '../src/run/ruleHits.js';
import { rememberRuleVersions, RULE_VERSIONS_FILE, ruleVersionOf } from '../src/run/ruleVersions.js';
import { outputFiles, ROOT } from './helpers.js';

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
  { name: 'a weight under the threshold', apply: (rules) => edit(path.join(rules, 'pain.yaml'), /("so long ago"\]\n {4}weight: )0\.65/, '$10.05') },
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
    const input = study();
    const { rules, configFile } = project();
    const cacheDir = temp();
    const [first, fresh] = [temp(), temp()];
    const config = () => loadConfig({ file: configFile });
    await run({ input, outDir: first, config: config(), cacheDir, threads: 1 });
    for (const name of readdirSync(cacheDir)) if (name.startsWith('jobmap-parse-')) rmSync(path.join(cacheDir, name));
    // a rule is new to the cache as a whole: all its words count, so a new rule shows it best
    writeFileSync(
      path.join(rules, 'extra.yaml'),
      'category: pain\ndescription: none\nrules:\n  - id: pain.zorblax\n    description: none\n    words: [zorblax]\n    phrases: ["quuxing away"]\n    weight: 0.7\n',
    );
    const report = await run({ input, outDir: first, config: config(), cacheDir, threads: 1 });
    expect(report.changes!.rules.added).toEqual(['pain.zorblax']);
    expect(readdirSync(cacheDir).filter((name) => name.startsWith('jobmap-parse-'))).toEqual([]);
    await run({ input, outDir: fresh, config: config(), cacheDir: false, threads: 1 });
    expect(outputFiles(first)).toEqual(outputFiles(fresh));
    // a rule edited: only what was added to it counts, not its other words, which the transcripts hold
    edit(path.join(rules, 'emotion.yaml'), '    phrases: ["bored",', '    phrases: ["at the end of my rope", "bored",');
    const edited = await run({ input, outDir: first, config: config(), cacheDir, threads: 1 });
    expect(edited.changes!.rules.changed).toEqual(['emotion.frustration']);
    expect(readdirSync(cacheDir).filter((name) => name.startsWith('jobmap-parse-'))).toEqual([]);
    // and a weight: no matcher changed, so nothing runs
    edit(path.join(rules, 'emotion.yaml'), /(drives me crazy[^\n]*\n(?:.*\n)*? {4}weight: )0\.85/, '$10.8');
    const weighed = await run({ input, outDir: first, config: config(), cacheDir, threads: 1 });
    expect(weighed.changes!.rules.changed).toEqual(['emotion.frustration']);
    expect(readdirSync(cacheDir).filter((name) => name.startsWith('jobmap-parse-'))).toEqual([]);
    await run({ input, outDir: fresh, config: config(), cacheDir: false, threads: 1 });
    expect(outputFiles(first)).toEqual(outputFiles(fresh));
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
});
