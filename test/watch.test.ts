import { EventEmitter } from 'node:events';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { diffFindings, formatDiff, startWatch, WatchLoop, type ChangeSource, type Timer } from '../src/watch/index.js';
import type { FindingSnapshot } from '../src/write/changes.js';
import { FIXTURES, folderOf } from './helpers.js';

const finding = (id: string, stage: string, category = 'pain'): [string, FindingSnapshot] => [
  id,
  { id, category, stage, at: `a.txt:${id.length}`, sentence: `It was a ${id}.`, rules: [`${category}.words`] },
];

describe('what changed between two runs', () => {
  it('lists new findings, gone ones and ones on another stage, by their stable ids', () => {
    const before = new Map([finding('a#1.pain', 'use'), finding('a#2.pain', 'use'), finding('a#3.job', 'purchase', 'job')]);
    const after = new Map([finding('a#1.pain', 'use'), finding('a#3.job', 'use', 'job'), finding('a#4.pain', 'awareness')]);
    const diff = diffFindings(before, after);
    expect(diff.added.map((f) => f.id)).toEqual(['a#4.pain']);
    expect(diff.removed.map((f) => f.id)).toEqual(['a#2.pain']);
    expect(diff.moved.map((m) => [m.finding.id, m.from, m.finding.stage])).toEqual([['a#3.job', 'purchase', 'use']]);
    expect(formatDiff(diff)).toBe(
      '  + pain     awareness      a.txt:8  "It was a a#4.pain."\n' +
        '  - pain     use            a.txt:8  "It was a a#2.pain."\n' +
        '  ~ job      purchase -> use a.txt:7  "It was a a#3.job."\n' +
        '  1 new, 1 gone, 1 moved stage\n',
    );
    expect(formatDiff(diffFindings(after, after))).toBe('  no finding changed\n');
  });

  it('shows at most a few of each kind, and how many more', () => {
    const after = new Map(Array.from({ length: 4 }, (_, i) => finding(`a#${i}.pain`, 'use')));
    expect(formatDiff(diffFindings(new Map(), after), 2).split('\n').slice(2)).toEqual(['  ... 2 more', '  4 new, 0 gone, 0 moved stage', '']);
  });
});

/** A change source and a clock the test drives by hand. */
function handDriven() {
  let emit: (file: string) => void = () => undefined;
  let stopped = false;
  const source: ChangeSource = { start: (onChange) => ((emit = onChange), () => (stopped = true)) };
  const pending = new Map<number, () => void>();
  let next = 0;
  const timer: Timer = {
    set: (fire) => (pending.set(++next, fire), next),
    clear: (handle) => pending.delete(handle as number),
  };
  const tick = () => {
    const fires = [...pending.values()];
    pending.clear();
    fires.forEach((fire) => fire());
  };
  return { source, timer, change: (file: string) => emit(file), tick, pendingTimers: () => pending.size, stopped: () => stopped };
}

describe('the watch loop', () => {
  it('waits for quiet, then re-runs once with every file that changed', async () => {
    const hand = handDriven();
    const runs: string[][] = [];
    const loop = new WatchLoop({ source: hand.source, timer: hand.timer, debounceMs: 300, rerun: async (changed) => void runs.push(changed) });
    loop.start();
    hand.change('a.txt');
    hand.change('rules/pain.yaml');
    hand.change('a.txt');
    expect(hand.pendingTimers()).toBe(1);
    expect(runs).toEqual([]);
    hand.tick();
    await Promise.resolve();
    expect(runs).toEqual([['a.txt', 'rules/pain.yaml']]);
    await loop.stop();
    expect(hand.stopped()).toBe(true);
  });

  it('gathers the changes made during a run into one more run, and stop waits for the run under way', async () => {
    const hand = handDriven();
    const runs: string[][] = [];
    let finish: () => void = () => undefined;
    const loop = new WatchLoop({
      source: hand.source,
      timer: hand.timer,
      debounceMs: 300,
      rerun: (changed) => new Promise<void>((resolve) => (runs.push(changed), (finish = resolve))),
    });
    loop.start();
    hand.change('a.txt');
    hand.tick();
    hand.change('b.txt');
    hand.change('c.txt');
    hand.tick();
    expect(runs).toEqual([['a.txt']]);
    finish();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runs).toEqual([['a.txt'], ['b.txt', 'c.txt']]);
    let stopped = false;
    const stopping = loop.stop().then(() => (stopped = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(stopped).toBe(false);
    finish();
    await stopping;
    expect(stopped).toBe(true);
  });
});

const INTERVIEW = 'Q: What happened?\nA: I was trying to get the invoices out. It was a nightmare.\n';

async function until(condition: () => boolean, what: string, ms = 15_000): Promise<void> {
  const start = Date.now();
  while (!condition()) {
    if (Date.now() - start > ms) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe('jobmap watch', () => {
  it('re-runs when a transcript or a rule file changes and prints the findings that changed', { timeout: 30_000 }, async () => {
    const input = folderOf({ 'a.txt': INTERVIEW });
    const rules = mkdtempSync(path.join(os.tmpdir(), 'jobmap-watch-rules-'));
    cpSync(path.join(FIXTURES, 'rules'), rules, { recursive: true });
    const out = mkdtempSync(path.join(os.tmpdir(), 'jobmap-watch-out-'));
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'jobmap-watch-cache-'));
    let printed = '';
    const session = await startWatch({
      runOptions: () => ({ input, outDir: out, rulesDir: rules, cacheDir, threads: 1 }),
      paths: [input, rules],
      ignore: [out, cacheDir],
      out: (text) => (printed += text),
      err: (text) => (printed += text),
      summary: (report) => `ran: ${report.results[0]!.findings.length} findings, ${report.fromCache} from the cache\n`,
      debounceMs: 50,
    });
    try {
      expect(printed).toContain('ran: 2 findings, 0 from the cache\n');

      // a transcript gains a sentence: one new pain
      writeFileSync(path.join(input, 'a.txt'), INTERVIEW + 'Q: And then?\nA: Honestly the whole export was a hassle.\n');
      await until(() => printed.includes('1 new, 0 gone'), 'the re-run after the transcript edit');
      expect(printed).toMatch(/\+ pain {5}use {12}a\.txt:4 {2}"Honestly the whole export was a hassle\."/);

      // a rule edit: the parse comes from the cache, and the pains that rule found are gone
      const painRules = path.join(rules, 'pain.yaml');
      writeFileSync(painRules, readFileSync(painRules, 'utf8').replace('words: [hassle, nightmare, frustrate]', 'words: [frustrate]'));
      await until(() => printed.includes('0 new, 2 gone'), 'the re-run after the rule edit');
      expect(printed).toContain('pain.yaml changed\n');
      expect(printed).toMatch(/ran: 1 findings, 1 from the cache\n$/);

      // a rule file that no longer loads is reported, and the watch goes on
      writeFileSync(painRules, 'category: pain\nrules:\n  - id: pain.x\n    word: [a]\n');
      await until(() => printed.includes('the run failed; fix it and save again'), 'the failed run');
      expect(printed).toContain('unknown key "word" in a rule');
    } finally {
      await session.stop();
    }
  });

  it('refuses bad arguments before watching anything, exit code 2', async () => {
    let stderr = '';
    const code = await main(['node', 'jobmap', 'watch', folderOf({ 'a.txt': INTERVIEW }), '--threads', 'many'], { out: () => undefined, err: (t) => (stderr += t) });
    expect(code).toBe(2);
    expect(stderr).toBe('jobmap: --threads takes a whole number of 1 or more, not "many"\n');
  });

  /** `jobmap watch` on these files, after its first run: what it printed so far, and the signal to stop it with. */
  async function watching(files: Record<string, string>) {
    const out = path.join(mkdtempSync(path.join(os.tmpdir(), 'jobmap-watch-')), 'out');
    const signals = new EventEmitter();
    const printed = { text: '' };
    const argv = ['node', 'jobmap', 'watch', folderOf(files), '--out', out, '--no-cache', '-r', path.join(FIXTURES, 'rules'), '--no-default-rules'];
    const running = main(argv, { out: (t) => (printed.text += t), err: (t) => (printed.text += t), signals });
    await until(() => printed.text.includes('(Ctrl-C stops)'), 'the first run');
    return { printed, running, signals };
  }

  it('stops cleanly on Ctrl-C, exit code 0', { timeout: 30_000 }, async () => {
    const { printed, running, signals } = await watching({ 'a.txt': INTERVIEW, 'empty.txt': '' });
    expect(printed.text).toContain('jobmap: 1 transcripts, 2 findings');
    // a skipped file is said once per run, not once by watch and again by the summary
    expect(printed.text.match(/skipped .*empty\.txt/g)).toHaveLength(1);
    signals.emit('SIGINT');
    expect(await running).toBe(0);
    expect(printed.text).toMatch(/jobmap watch: stopped\n$/);
  });

  it('stops cleanly on SIGTERM too (a process manager, an editor stopping its task)', { timeout: 30_000 }, async () => {
    const { printed, running, signals } = await watching({ 'a.txt': INTERVIEW });
    signals.emit('SIGTERM');
    expect(await running).toBe(0);
    expect(printed.text).toMatch(/jobmap watch: stopped\n$/);
  });
});
