import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/eval/score.js';
import { run } from '../src/pipeline.js';
import { main } from '../src/cli.js';
import { formatTry, tryRules } from '../src/tools/tryRules.js';
import { formatRunChanges, readRunState, renderRunState, RUN_STATE_FILE, type RunState } from '../src/write/runState.js';
import type { FindingSnapshot } from '../src/write/changes.js';
import { holds } from '../src/write/files.js';
import { outputFiles, ROOT } from './helpers.js';

const temp = () => mkdtempSync(path.join(os.tmpdir(), 'jobmap-changes-'));

/** Three samples and a copy of the shipped rules, so a test may edit either. */
function project(): { input: string; rules: string } {
  const input = temp();
  for (const name of ['01-budgeting-app-switch.txt', '02-mattress-online.md', '06-home-security-cameras.txt']) cpSync(path.join(ROOT, 'samples', name), path.join(input, name));
  const rules = path.join(temp(), 'rules');
  cpSync(path.join(ROOT, 'rules'), rules, { recursive: true });
  return { input, rules };
}

const runOf = (input: string, rulesDir: string, outDir: string) => run({ input, rulesDir, outDir, cacheDir: false, threads: 1 });

function edit(file: string, from: string, to: string): void {
  const text = readFileSync(file, 'utf8');
  expect(text, `${from} is in ${file}`).toContain(from);
  writeFileSync(file, text.replace(from, to));
}

/** An edit a test can see: pain.time-cost weighted under the threshold, so its findings go unless another rule makes them. */
function slowerTimeCost(rules: string): void {
  const file = path.join(rules, 'pain.yaml');
  const text = readFileSync(file, 'utf8');
  // the rule's own weight line: the first "weight:" after its id
  const edited = text.replace(/(- id: pain\.time-cost\n[\s\S]*?\n {4}weight: )0\.65/, '$10.05');
  expect(edited, `pain.time-cost weighs 0.65 in ${file}`).not.toBe(text);
  writeFileSync(file, edited);
}

describe('run: what changed since the last run', () => {
  it('says nothing on the first run into a folder, and that nothing changed on a second run of the same rules, rewriting no file', async () => {
    const { input, rules } = project();
    const out = temp();
    const first = await runOf(input, rules, out);
    expect(first.changes).toBeUndefined();
    expect(first.written.rewritten).toEqual(first.written.files);
    const modified = statSync(path.join(out, 'jobs.yaml')).mtimeMs;
    const second = await runOf(input, rules, out);
    expect(second.written.rewritten).toEqual([]);
    expect(statSync(path.join(out, 'jobs.yaml')).mtimeMs).toBe(modified);
    expect(formatRunChanges(second.changes!)).toBe(`no rule changed; 0 findings added, 0 removed, 0 moved stage; 0 of ${second.written.files.length} files rewritten`);
  });

  it('leaves a transcript file made from what made it last time unread, and writes one edited by hand again, whatever its size and time', async () => {
    const { input, rules } = project();
    const out = temp();
    await runOf(input, rules, out);
    const [budget, mattress, cameras] = ['01-budgeting-app-switch.yaml', '02-mattress-online.yaml', '06-home-security-cameras.yaml'].map((name) =>
      path.join(out, 'transcripts', name),
    );
    // a time in whole milliseconds, which utimes sets exactly (a time in nanoseconds does not survive the trip through a number), recorded by a run that finds the file unchanged
    const setBack = (file: string, mtimeMs: number) => utimesSync(file, new Date(mtimeMs), new Date(mtimeMs));
    const wholeMs = Math.floor(statSync(mattress!).mtimeMs) - 1000;
    setBack(mattress!, wholeMs);
    await runOf(input, rules, out);
    const written = outputFiles(out);
    const state = await readRunState(out);
    // each transcript file's record: what it is made from, and its size and time as written
    expect(Object.keys(state!.files!)).toEqual(['transcripts/01-budgeting-app-switch.yaml', 'transcripts/02-mattress-online.yaml', 'transcripts/06-home-security-cameras.yaml']);
    expect(state!.files!['transcripts/01-budgeting-app-switch.yaml']).toMatchObject({ size: statSync(budget!).size, mtimeMs: statSync(budget!).mtimeMs });
    // a line added by hand (another size), and one letter changed with the file's time set back as it was (cp -p, touch -d, a sync)
    writeFileSync(budget!, `${readFileSync(budget!, 'utf8')}# my note\n`);
    const recorded = state!.files!['transcripts/02-mattress-online.yaml']!;
    writeFileSync(mattress!, readFileSync(mattress!, 'utf8').replace('stage: use', 'stage: usf'));
    setBack(mattress!, wholeMs);
    expect({ size: statSync(mattress!).size, mtimeMs: statSync(mattress!).mtimeMs }).toEqual({ size: recorded.size, mtimeMs: recorded.mtimeMs });
    const again = await runOf(input, rules, out);
    // and the run state, which records them as written now
    expect(again.written.rewritten.map((file) => path.relative(out, file))).toEqual([
      'transcripts/01-budgeting-app-switch.yaml',
      'transcripts/02-mattress-online.yaml',
      RUN_STATE_FILE,
    ]);
    expect(outputFiles(out)).toEqual(written);
    // the file nobody touched was neither rewritten nor replaced
    expect(statSync(cameras!).mtimeMs).toBe(state!.files!['transcripts/06-home-security-cameras.yaml']!.mtimeMs);
  });

  it('names the rule an edit changed, counts the findings it added and removed, and rewrites only the files whose content changed', async () => {
    const { input, rules } = project();
    const [out, fresh] = [temp(), temp()];
    const first = await runOf(input, rules, out);
    const timeCost = first.results.flatMap((r) => r.findings).filter((f) => f.rules.includes('pain.time-cost'));
    expect(timeCost.length, 'the samples have findings of pain.time-cost').toBeGreaterThan(0);
    slowerTimeCost(rules);
    const second = await runOf(input, rules, out);
    const changes = second.changes!;
    expect(changes.rules).toEqual({ added: [], removed: [], changed: ['pain.time-cost'] });
    expect(changes.findings.removed.length).toBeGreaterThan(0);
    expect(changes.findings.removed.map((f) => f.category)).toEqual(changes.findings.removed.map(() => 'pain'));
    // the transcripts that lost a finding, and the files made from all of them, are rewritten
    const touched = new Set(changes.findings.removed.map((f) => f.at.split(':')[0]!.replace(/\.\w+$/, '.yaml')));
    const rewritten = second.written.rewritten.map((file) => path.relative(out, file));
    expect(rewritten.filter((file) => file.startsWith('transcripts')).map((file) => path.basename(file))).toEqual(expect.arrayContaining([...touched]));
    expect(rewritten).toContain('jobs.yaml');
    expect(formatRunChanges(changes)).toMatch(/^1 rule changed \(pain\.time-cost\); 0 findings added, \d+ removed, \d+ moved stage; \d+ of \d+ files rewritten$/);
    // and the folder holds what a full run of the edited rules writes
    await runOf(input, rules, fresh);
    expect(outputFiles(out)).toEqual(outputFiles(fresh));
  });

  it('counts no rule as changed when only its description or examples were edited, and every rule that uses an edited lexicon', async () => {
    const { input, rules } = project();
    const out = temp();
    await runOf(input, rules, out);
    edit(path.join(rules, 'pain.yaml'), 'description: Time lost, slowness or delays', 'description: Time lost, slowness, delays');
    expect((await runOf(input, rules, out)).changes!.rules.changed).toEqual([]);
    const lexicon = path.join(rules, 'lexicons', 'hedges.yaml');
    writeFileSync(lexicon, readFileSync(lexicon, 'utf8').replace(/words: \[/, 'words: [perchance, '));
    expect((await runOf(input, rules, out)).changes!.rules.changed.length).toBeGreaterThan(1);
  });

  it('counts a rule as changed when a lexicon named inside one of its patterns was edited', async () => {
    const { input, rules } = project();
    const out = temp();
    await runOf(input, rules, out);
    // job.use-it-to writes "(using|...) (@tools) ...": the pattern as written does not change, what it matches does
    edit(path.join(rules, 'lexicons', 'tools.yaml'), '\nwords: [', '\nwords: [zorblax, ');
    expect((await runOf(input, rules, out)).changes!.rules.changed).toEqual(expect.arrayContaining(['job.use-it-to', 'job.delegate-to-tool']));
  });

  it('refuses to replace a file of that name jobmap did not write', async () => {
    const { input, rules } = project();
    const out = temp();
    writeFileSync(path.join(out, 'jobs.yaml'), '# Generated by jobmap. Edits here are replaced on the next run; tune rules/ instead.\n');
    writeFileSync(path.join(out, RUN_STATE_FILE), '{"my": "notes"}');
    await expect(runOf(input, rules, out)).rejects.toMatchObject({ file: path.join(out, RUN_STATE_FILE), message: expect.stringMatching(/^exists and was not written by jobmap/) });
    expect(readFileSync(path.join(out, RUN_STATE_FILE), 'utf8')).toBe('{"my": "notes"}');
  });
});

describe('rules try: a preview of a rule edit', () => {
  const labels = ['01-budgeting-app-switch', '02-mattress-online', '06-home-security-cameras'].map((name) => path.join(ROOT, 'samples', 'labels', `${name}.yaml`));

  it('needs a run to compare with', async () => {
    const { input, rules } = project();
    await expect(tryRules({ input, rulesDir: rules, outDir: temp(), cacheDir: false, threads: 1 })).rejects.toThrow(/no earlier run to compare with/);
  });

  it('lists what the edited rule removes under its id, and writes nothing', async () => {
    const { input, rules } = project();
    const out = temp();
    await runOf(input, rules, out);
    const before = readdirSync(out, { recursive: true, encoding: 'utf8' }).map((name) => [name, statSync(path.join(out, name)).mtimeMs]);
    slowerTimeCost(rules);
    const report = await tryRules({ input, rulesDir: rules, outDir: out, cacheDir: false, threads: 1 });
    expect(report.changes.rules.changed).toEqual(['pain.time-cost']);
    expect(report.byRule[0]!.rule).toBe('pain.time-cost');
    expect(report.byRule[0]!.removed.length).toBeGreaterThan(0);
    expect(report.byRule.flatMap((change) => change.removed)).toHaveLength(report.changes.findings.removed.length);
    expect(formatTry(report, out)).toContain(`pain.time-cost: 0 added, ${report.byRule[0]!.removed.length} removed\n  - pain `);
    expect(readdirSync(out, { recursive: true, encoding: 'utf8' }).map((name) => [name, statSync(path.join(out, name)).mtimeMs])).toEqual(before);
  });

  it("scores the last run's findings and the edited rules' as eval scores the rules before and after the edit", async () => {
    const { input, rules } = project();
    const out = temp();
    await runOf(input, rules, out);
    const evalBefore = await evaluate({ gold: labels, transcriptsDir: input, rulesDir: rules });
    slowerTimeCost(rules);
    const evalAfter = await evaluate({ gold: labels, transcriptsDir: input, rulesDir: rules });
    const report = await tryRules({ input, rulesDir: rules, outDir: out, cacheDir: false, threads: 1, gold: labels });
    expect(report.problems).toEqual([]);
    expect(report.scores!.map((s) => s.before)).toEqual(evalBefore.categories);
    expect(report.scores!.map((s) => s.now)).toEqual(evalAfter.categories);
    // the edit is one a test can see: it costs pain recall
    const pain = report.scores!.find((s) => s.category === 'pain')!;
    expect(pain.now.recall!).toBeLessThan(pain.before.recall!);
  });

  it('--format json lists every change under its rule, and says why it cannot try as a message (exit 2)', async () => {
    const { input, rules } = project();
    const out = temp();
    const cli = async (...args: string[]) => {
      let stdout = '';
      const code = await main(['node', 'jobmap', 'rules', 'try', input, '--out', out, '--rules', rules, '--no-default-rules', '--no-cache', '--format', 'json', ...args], {
        out: (text) => (stdout += text),
        err: () => undefined,
      });
      return { code, document: JSON.parse(stdout) };
    };
    const first = await cli();
    expect(first.code).toBe(2);
    expect(first.document.messages[0].reason).toMatch(/no earlier run to compare with/);
    await runOf(input, rules, out);
    slowerTimeCost(rules);
    const { code, document } = await cli('--limit', '1');
    expect(code).toBe(0);
    expect(document.rules).toEqual({ added: [], removed: [], changed: ['pain.time-cost'] });
    const timeCost = document.byRule.find((change: { rule: string }) => change.rule === 'pain.time-cost');
    // every finding, whatever --limit says: a script reads them all
    expect(timeCost.removed.length).toBeGreaterThan(1);
    expect(timeCost.removed[0]).toMatchObject({ category: 'pain', rules: expect.arrayContaining(['pain.time-cost']) });
    expect(document.messages).toEqual([]);
  });
});

describe('the run state in pieces', () => {
  const snapshotOf = (i: number): FindingSnapshot => ({
    id: `t--${i}#a.pain`,
    category: 'pain',
    stage: 'use',
    at: `t.md:${i}`,
    sentence: `It took “ages” ${i}…`,
    rules: ['pain.a', 'pain.b'],
  });
  const stateOf = (count: number): RunState => ({
    rules: { 'pain.a': '01', 'pain.b': '02' },
    stageModel: 'ff',
    // what the run recorded of each transcript file it wrote
    files: Object.fromEntries(Array.from({ length: Math.min(count, 3) }, (_, i) => [`transcripts/t--${i}.yaml`, { key: `k${i}`, size: 100 + i, mtimeMs: 1764578400000.25 + i }])),
    findings: new Map(Array.from({ length: count }, (_, i) => [`t--${i}#a.pain`, snapshotOf(i)])),
  });

  it.each([0, 1, 2000, 2001, 4000])('renders %i findings as the one JSON text of the whole state, and reads it back', async (count) => {
    const state = stateOf(count);
    const pieces = [...renderRunState(state)];
    const whole = {
      'jobmap run state': 2,
      stageModel: 'ff',
      rules: state.rules,
      files: state.files,
      findings: [...state.findings.values()].map((f) => [f.id, f.category, f.stage, f.at, f.sentence, f.rules.join(' ')]),
    };
    expect(pieces.join('')).toBe(`${JSON.stringify(whole)}\n`);
    // read again, the pieces render again (a file's content is compared, then written)
    expect([...renderRunState(state)].join('')).toBe(pieces.join(''));
    const out = temp();
    writeFileSync(path.join(out, RUN_STATE_FILE), pieces.join(''));
    expect(await readRunState(out)).toEqual(state);
  });

  it('tells a file that holds the pieces from one that holds more, less, or other text', async () => {
    const file = path.join(temp(), 'state.json');
    const pieces = [...renderRunState(stateOf(2001))];
    writeFileSync(file, pieces.join(''));
    expect(await holds(file, pieces)).toBe(true);
    expect(await holds(file, pieces.slice(0, -1))).toBe(false);
    expect(await holds(file, [...pieces, ' '])).toBe(false);
    expect(await holds(file, [pieces[0]!.replace('ff', 'fe'), ...pieces.slice(1)])).toBe(false);
    expect(await holds(path.join(temp(), 'none.json'), pieces)).toBe(false);
  });
});
