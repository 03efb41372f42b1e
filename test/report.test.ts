import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { JobmapError } from '../src/errors.js';
import { run, type RunReport } from '../src/pipeline.js';
import { openingMinSupport, type ReportData } from '../src/write/report/data.js';
import { embedJson, escapeHtml, REPORT_HEADER } from '../src/write/report/index.js';
import { defaultConfig } from '../src/config.js';
import { folderOf, ROOT } from './helpers.js';

/** The JSON a report embeds, read back the way the page's script reads it. */
export function dataOf(html: string): ReportData {
  const json = /<script type="application\/json" id="report-data">(.*?)<\/script>/s.exec(html)![1]!;
  return JSON.parse(json) as ReportData;
}

describe('report.html on samples/', () => {
  let html: string;
  let data: ReportData;
  let report: RunReport;
  beforeAll(async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'jobmap-report-'));
    report = await run({ input: path.join(ROOT, 'samples'), outDir: out });
    html = readFileSync(path.join(out, 'report.html'), 'utf8');
    data = dataOf(html);
  });

  it('is one file that fetches nothing: no src, no href, no url(), no @import', () => {
    expect(html.startsWith(REPORT_HEADER)).toBe(true);
    expect(html).not.toMatch(/\b(?:src|href)\s*=|url\(|@import|https?:\/\//i);
    expect(html).toContain("default-src 'none'");
  });

  it('has the stages in journey order, with their descriptions, and every candidate job in support order', () => {
    expect(data.stages.map((s) => s.id)).toEqual(['awareness', 'consideration', 'purchase', 'use', 'post_purchase']);
    expect(data.stages[0]!.description).toMatch(/^First hearing/);
    expect(data.counts).toEqual({
      transcripts: 16,
      findings: report.results.reduce((sum, r) => sum + r.findings.length, 0),
      jobs: report.jobMap.stages.reduce((sum, s) => sum + s.jobs.length, 0),
    });
    for (let i = 1; i < data.jobs.length; i++) {
      const [a, b] = [data.jobs[i - 1]!, data.jobs[i]!];
      if (a.stage === b.stage) expect(a.participants * 1000 + a.mentions).toBeGreaterThanOrEqual(b.participants * 1000 + b.mentions);
      else expect(a.stage).toBeLessThan(b.stage);
    }
  });

  it('gives each card its evidence: quotes with transcript, file:line, time and speaker; pains, triggers, emotions and social cues', () => {
    const dollar = data.jobs.find((j) => j.statement === 'know where every dollar goes')!;
    expect(dollar).toMatchObject({ dimension: 'functional', participants: 1, mentions: 1, segments: { engaged: 1 } });
    const [sentence, transcript, speaker] = dollar.quotes[0]!;
    expect(data.sentences[sentence]).toEqual([expect.stringContaining('know where every dollar goes'), '01-budgeting-app-switch.txt:60', '']);
    expect(data.transcripts[transcript]).toEqual({ id: '01-budgeting-app-switch', file: '01-budgeting-app-switch.txt', segment: 'engaged' });
    expect(speaker).toBe('Participant');
    expect(dollar.cues.pains!.map(([s, subtype]) => [data.sentences[s]![1], subtype])).toContainEqual(['01-budgeting-app-switch.txt:64', 'obstacle']);
    // the Zoom sample has timestamps, and its quotes say when
    const timed = data.jobs
      .flatMap((j) => j.quotes)
      .map(([s]) => data.sentences[s]!)
      .filter(([, at]) => at.startsWith('10-internet'));
    expect(timed.length).toBeGreaterThan(0);
    for (const [, , time] of timed) expect(time).toMatch(/^\d\d:\d\d:\d\d$/);
    for (const kind of ['pains', 'triggers', 'emotions', 'social'] as const) expect(data.jobs.some((j) => j.cues[kind]?.length)).toBe(true);
  });

  it('lists the segments, the participants and their transcripts for the filters', () => {
    expect(data.segmentBy).toBe('segment');
    expect(data.segments).toEqual([
      { id: 'churned', participants: 4 },
      { id: 'engaged', participants: 5 },
      { id: 'new', participants: 8 },
    ]);
    expect(data.transcripts).toHaveLength(16);
    expect(data.minSupport).toBe(1);
  });
});

describe('report.html with the switch model: a timeline in time order, with the forces', () => {
  let data: ReportData;
  let report: RunReport;
  beforeAll(async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'jobmap-report-'));
    const config = { ...defaultConfig(), stages: { value: 'switch' } };
    report = await run({ input: path.join(ROOT, 'samples'), outDir: out, config, cacheDir: false });
    data = dataOf(readFileSync(path.join(out, 'report.html'), 'utf8'));
  });

  it('marks each step of the switch, from the old solution to satisfaction, with the findings placed there', () => {
    expect(data.stages.map((s) => s.id)).toEqual(['old_solution', 'first_thought', 'passive_looking', 'active_looking', 'deciding', 'consuming', 'satisfaction']);
    const findings = report.results.flatMap((r) => r.findings);
    expect(data.timeline!.findings).toEqual(data.stages.map((s) => findings.filter((f) => f.stage === s.id).length));
  });

  it('counts the four forces per step and quotes a few of each, from the force findings', () => {
    const forces = report.results.flatMap((r) => r.findings).filter((f) => f.category === 'force');
    expect(forces.length).toBeGreaterThan(20);
    for (const force of ['push', 'pull', 'anxiety', 'habit'] as const) {
      const { perStage, quotes } = data.timeline!.forces[force];
      expect(perStage).toEqual(data.stages.map((s) => forces.filter((f) => f.subtype === force && f.stage === s.id).length));
      for (const [sentence, transcript, stage] of quotes) {
        const said = forces.find((f) => f.subtype === force && f.sentence === data.sentences[sentence]![0]);
        expect(said?.stage).toBe(data.stages[stage]!.id);
        expect(data.transcripts[transcript]!.id).toBe(said!.transcript);
      }
      for (let stage = 0; stage < data.stages.length; stage++) expect(quotes.filter((q) => q[2] === stage).length).toBeLessThanOrEqual(4);
    }
    expect(data.timeline!.forces.push.quotes.map(([s]) => data.sentences[s]![0])).toContain('It was last August, and the bank charged us an overdraft fee.');
  });

  it('the journey model has no timeline: its stages are columns only', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'jobmap-report-'));
    await run({ input: folderOf({ 'a.txt': 'Q: What happened?\nA: I was trying to get the invoices out.\n' }), outDir: out, cacheDir: false });
    expect(dataOf(readFileSync(path.join(out, 'report.html'), 'utf8')).timeline).toBeUndefined();
  });
});

describe('report.html escapes what transcripts say', () => {
  const HOSTILE =
    'Interviewer: What happened?\nParticipant: I was trying to get <script>alert("pwned")</script> into the invoices. It was a nightmare </script><!-- & "quotes" \u2028 too.\n';

  it('never lets a quote end the data element or open a tag', async () => {
    const input = folderOf({ 'x.txt': HOSTILE });
    const out = mkdtempSync(path.join(os.tmpdir(), 'jobmap-report-'));
    await run({ input, outDir: out, cacheDir: false });
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).not.toContain('<script>alert');
    expect(html).not.toContain('</script><!--');
    expect(html.match(/<\/script>/g)).toHaveLength(2);
    // and the page's script gets the words back exactly
    const data = dataOf(html);
    expect(data.sentences.map(([text]) => text).join(' ')).toContain('<script>alert("pwned")</script>');
  });

  it('escapes text for HTML and JSON for a script element', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&#60;a href=&#34;x&#34;&#62;&#39;&#38;&#39;&#60;/a&#62;');
    expect(embedJson({ q: '</script><!--\u2028' })).toBe('{"q":"\\u003c/script\\u003e\\u003c!--\\u2028"}');
  });
});

describe('report.html in the output folder', () => {
  it("is not written over when someone else's report.html is there", async () => {
    const input = folderOf({ 'a.txt': 'Q: What happened?\nA: I was trying to get the invoices out.\n' });
    const out = folderOf({ 'report.html': '<html>my own notes</html>' });
    const error = (await run({ input, outDir: out, cacheDir: false, force: true }).catch((e: unknown) => e)) as JobmapError;
    expect(error.format()).toBe(`${path.join(out, 'report.html')}: exists and was not written by jobmap; not overwriting it (choose another --out folder)`);
    expect(readFileSync(path.join(out, 'report.html'), 'utf8')).toBe('<html>my own notes</html>');
  });

  it('opens a large study on its best-supported jobs: the lowest minimum support that leaves at most 400', () => {
    const jobs = [...Array(5000).fill({ participants: 1 }), ...Array(500).fill({ participants: 2 }), ...Array(300).fill({ participants: 3 })];
    expect(openingMinSupport(jobs)).toBe(3);
    expect(openingMinSupport(jobs.slice(0, 400))).toBe(1);
  });

  it('is byte-identical on a second run', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'jobmap-report-'));
    await run({ input: path.join(ROOT, 'samples'), outDir: out });
    const first = readFileSync(path.join(out, 'report.html'));
    writeFileSync(path.join(out, 'marker'), '');
    await run({ input: path.join(ROOT, 'samples'), outDir: out });
    expect(readFileSync(path.join(out, 'report.html')).equals(first)).toBe(true);
  });
});
