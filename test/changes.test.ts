import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../src/eval/score.js';
import { run } from '../src/pipeline.js';
import { main } from '../src/cli.js';
import { formatTry, tryRules } from '../src/tools/tryRules.js';
import { briefOf, formatRunChanges, isOurRunState, lastRun, readRunState, renderRunState, RUN_STATE_FILE, type RunState, type TranscriptBrief } from '../src/write/runState.js';
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

  it('needs a run to compare with, made by this version of jobmap', async () => {
    const { input, rules } = project();
    await expect(tryRules({ input, rulesDir: rules, outDir: temp(), cacheDir: false, threads: 1 })).rejects.toThrow(/no earlier run to compare with/);
    const out = temp();
    await runOf(input, rules, out);
    // the state an earlier jobmap wrote (version 2: one JSON of every finding)
    writeFileSync(path.join(out, RUN_STATE_FILE), JSON.stringify({ 'jobmap run state': 2, stageModel: 'ff', rules: {}, files: {}, findings: [] }) + '\n');
    await expect(tryRules({ input, rulesDir: rules, outDir: out, cacheDir: false, threads: 1 })).rejects.toThrow(
      /its last run was made by another version of jobmap; run `jobmap run .*` once with this one/,
    );
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

describe('the run state, a line per transcript', () => {
  const snapshotOf = (t: number, i: number, stage = 'use'): FindingSnapshot => ({
    id: `t--${t}#${i}.pain`,
    category: 'pain',
    stage,
    at: `t${t}.md:${i}`,
    // quotes, a tab and a line's end, escaped in JSON: no line of the state is cut by them
    sentence: `It took “ages”\t${i}…\nagain`,
    rules: ['pain.a', 'pain.b'],
  });
  const findingsOf = (t: number, count: number, stage?: string) => new Map(Array.from({ length: count }, (_, i) => [`t--${t}#${i}.pain`, snapshotOf(t, i, stage)]));
  const stateOf = (transcripts: [id: string, brief: TranscriptBrief][]): RunState => ({
    rules: { 'pain.a': '01', 'pain.b': '02' },
    stageModel: 'ff',
    // what the run recorded of each transcript file it wrote
    files: Object.fromEntries(transcripts.slice(0, 3).map(([id], i) => [`transcripts/${id}.yaml`, { key: `k${i}`, size: 100 + i, mtimeMs: 1764578400000.25 + i }])),
    transcripts: new Map(transcripts),
  });
  const read = (state: RunState | undefined) =>
    state && { ...state, transcripts: [...state.transcripts].map(([id, brief]) => ({ id, digest: brief.digest, findings: [...brief.findings().values()] })) };
  const saved = (state: RunState) => {
    const out = temp();
    writeFileSync(path.join(out, RUN_STATE_FILE), [...renderRunState(state)].join(''));
    return out;
  };

  it.each([0, 1, 3, 40])('writes %i transcripts as a line each after the head, and reads them back', async (count) => {
    const state = stateOf(Array.from({ length: count }, (_, t) => [`t--${t}`, briefOf(() => findingsOf(t, t % 4), t % 2 ? `d${t}` : '')]));
    const pieces = [...renderRunState(state)];
    expect(pieces).toHaveLength(count + 1);
    expect(pieces.every((piece) => piece.endsWith('\n') && piece.indexOf('\n') === piece.length - 1)).toBe(true);
    expect(JSON.parse(pieces[0]!)).toEqual({ 'jobmap run state': 3, stageModel: 'ff', rules: state.rules, files: state.files });
    // read again, the pieces render again (a file's content is compared, then written)
    expect([...renderRunState(state)].join('')).toBe(pieces.join(''));
    expect(read(await readRunState(saved(state)))).toEqual(read(state));
  });

  it("takes a folder with an earlier jobmap's state as its own, and says nothing of changes since it", async () => {
    const out = temp();
    writeFileSync(path.join(out, RUN_STATE_FILE), JSON.stringify({ 'jobmap run state': 2, stageModel: 'ff', rules: {}, files: {}, findings: [] }) + '\n');
    expect(await isOurRunState(out)).toBe(true);
    expect(await readRunState(out)).toBeUndefined();
    writeFileSync(path.join(out, RUN_STATE_FILE), '{"my": "notes"}');
    expect(await isOurRunState(out)).toBe(false);
  });

  it('reads no brief of a transcript whose findings have the digest they had, and writes its last text again', async () => {
    // t--0 keeps its digest: the brief made now would say its findings moved stage, and is never asked
    const never = () => {
      throw new Error('the brief of an unchanged transcript was made');
    };
    const before = stateOf([
      ['t--0', briefOf(() => findingsOf(0, 2), 'same')],
      ['t--1', briefOf(() => findingsOf(1, 2))],
      ['t--2', briefOf(() => findingsOf(2, 1), 'gone')],
    ]);
    const out = saved(before);
    const after = stateOf([
      ['t--0', briefOf(never, 'same')],
      // no digest: compared finding by finding, one moved stage and one more found
      ['t--1', briefOf(() => new Map([...findingsOf(1, 1, 'purchase'), ...findingsOf(1, 3)].slice(0, 1).concat([...findingsOf(1, 3)].slice(1))))],
      ['t--3', briefOf(() => findingsOf(3, 1), 'new')],
    ]);
    const { changes } = await lastRun(out, after);
    expect(changes!.findings.added.map((f) => f.id)).toEqual(['t--1#2.pain', 't--3#0.pain']);
    expect(changes!.findings.removed.map((f) => f.id)).toEqual(['t--2#0.pain']);
    expect(changes!.findings.moved.map(({ finding, from }) => [finding.id, from, finding.stage])).toEqual([['t--1#0.pain', 'use', 'purchase']]);
    // the unchanged transcript's line is the last run's, as it was
    const lines = [...renderRunState(after)];
    expect(lines[1]).toBe([...renderRunState(before)][1]);
    expect(read(await readRunState(saved(after)))!.transcripts[0]).toEqual({ id: 't--0', digest: 'same', findings: [...findingsOf(0, 2).values()] });
  });

  it('tells a file that holds the pieces from one that holds more, less, or other text', async () => {
    const file = path.join(temp(), 'state.json');
    const pieces = [...renderRunState(stateOf(Array.from({ length: 5 }, (_, t) => [`t--${t}`, briefOf(() => findingsOf(t, 3))])))];
    writeFileSync(file, pieces.join(''));
    expect(await holds(file, pieces)).toBe(true);
    expect(await holds(file, pieces.slice(0, -1))).toBe(false);
    expect(await holds(file, [...pieces, ' '])).toBe(false);
    expect(await holds(file, [pieces[0]!.replace('ff', 'fe'), ...pieces.slice(1)])).toBe(false);
    expect(await holds(path.join(temp(), 'none.json'), pieces)).toBe(false);
  });
});
