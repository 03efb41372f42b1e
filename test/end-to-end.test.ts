import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run, type RunReport } from '../src/pipeline.js';
import { CATEGORIES, OPTIONAL_CATEGORIES } from '../src/categories.js';
import { ROOT } from './helpers.js';

interface FindingDoc {
  id: string;
  category: string;
  subtype?: string;
  statement?: string;
  stage: string;
  quote: string;
  at: string;
  speaker: string;
  stage_because?: string;
  tense?: string;
  when?: string;
  when_words?: string;
  time?: string;
}

let report: RunReport;
let out: string;
const transcript = (id: string) =>
  parse(readFileSync(path.join(out, 'transcripts', `${id}.yaml`), 'utf8')) as { speakers: { name: string; role: string; because: string }[]; findings: FindingDoc[] };
const findingsOn = (id: string, words: string) => transcript(id).findings.filter((f) => f.quote.includes(words));

beforeAll(async () => {
  out = mkdtempSync(path.join(os.tmpdir(), 'jobmap-e2e-'));
  report = await run({ input: path.join(ROOT, 'samples'), outDir: out });
});

describe('end to end on samples/ with the default rules', () => {
  it('reads every sample and skips none', () => {
    expect(report.messages).toEqual([]);
    expect(report.results).toHaveLength(16);
  });

  it('finds every category and places findings on every stage', () => {
    const all = report.results.flatMap((r) => r.findings);
    for (const category of CATEGORIES.filter((c) => !(OPTIONAL_CATEGORIES as readonly string[]).includes(c)))
      expect(
        all.some((f) => f.category === category),
        category,
      ).toBe(true);
    for (const stage of ['awareness', 'consideration', 'purchase', 'use', 'post_purchase']) {
      expect(
        all.some((f) => f.stage === stage),
        stage,
      ).toBe(true);
    }
  });

  it('records what each sentence says about time beside when it was said', () => {
    // a Zoom transcript: `time` is the cue's timestamp, `tense` and `when` what the sentence says
    expect(findingsOn('14-hearing-aids-switch', 'cut out an article')[0]).toMatchObject({ tense: 'would', time: '00:02:37' });
    // "before, that was a whole afternoon" said about a normal week now: the time is read, the question decides
    expect(findingsOn('01-budgeting-app-switch', 'a whole afternoon and a fight').find((f) => f.category === 'pain')).toMatchObject({
      stage: 'use',
      stage_because: 'question has phrase "normal week"',
      tense: 'past',
      when: 'before',
      when_words: 'before that',
    });
  });

  it('counts in summary.yaml what decided the stages, and nothing is placed by position', () => {
    const summary = parse(readFileSync(path.join(out, 'summary.yaml'), 'utf8')) as { findings: number; stages_decided_by: Record<string, number> };
    const decided = summary.stages_decided_by;
    expect(Object.values(decided).reduce((a, b) => a + b, 0)).toBe(summary.findings);
    expect(decided.position).toBeUndefined();
    expect(decided['question cue']).toBeGreaterThan(decided.default!);
  });

  it('takes findings from participants only', () => {
    const interviewers = new Set(report.results.flatMap((r) => r.transcript.speakers.filter((s) => s.role === 'interviewer').map((s) => `${r.transcript.id}/${s.name}`)));
    const fromInterviewers = report.results.flatMap((r) => r.findings.filter((f) => interviewers.has(`${r.transcript.id}/${f.evidence.speaker}`)));
    expect(fromInterviewers).toEqual([]);
  });

  it('guesses the interviewer when the labels are plain first names', () => {
    expect(transcript('06-home-security-cameras').speakers).toEqual([
      { name: 'Noor', role: 'interviewer', because: 'asks the most questions' },
      { name: 'Walt', role: 'participant', because: 'asks fewer questions' },
    ]);
  });

  it('normalises job statements to verb + object (+ context)', () => {
    expect(findingsOn('01-budgeting-app-switch', 'every dollar goes').find((f) => f.category === 'job')).toMatchObject({
      statement: 'know where every dollar goes',
      at: '01-budgeting-app-switch.txt:60:33',
      speaker: 'Participant',
    });
    expect(findingsOn('03-pm-software-agency', 'cheaper plan').find((f) => f.category === 'job')?.statement).toBe('find a cheaper plan for the team');
    expect(findingsOn('05-freelancer-invoicing', 'before month-end').find((f) => f.category === 'job')?.statement).toBe('get all the invoices out before month-end');
  });

  it('does not count negated cues: "It wasn\'t frustrating at all" is neither pain nor emotion', () => {
    const categories = findingsOn('01-budgeting-app-switch', "It wasn't frustrating at all").map((f) => f.category);
    expect(categories).not.toContain('pain');
    expect(categories).not.toContain('emotion');
  });

  it('finds triggers, social cues and emotions with their subtypes and stages', () => {
    expect(findingsOn('02-mattress-online', 'once my back started hurting')).toContainEqual(expect.objectContaining({ category: 'trigger', stage: 'awareness' }));
    expect(findingsOn('01-budgeting-app-switch', 'My sister recommended it')).toContainEqual(expect.objectContaining({ category: 'social', subtype: 'recommendation' }));
    expect(findingsOn('01-budgeting-app-switch', 'I was so frustrated')).toContainEqual(expect.objectContaining({ category: 'emotion', subtype: 'frustration' }));
  });

  it('writes candidate jobs per stage with support, evidence and job stories', () => {
    const jobs = parse(readFileSync(path.join(out, 'jobs.yaml'), 'utf8')) as {
      model: string;
      stages: { stage: string; jobs: { statement: string; support: { participants: number }; quotes: { at: string; time?: string }[]; story?: string }[] }[];
    };
    expect(jobs.model).toBe('journey');
    expect(jobs.stages.map((s) => s.stage)).toEqual(['awareness', 'consideration', 'purchase', 'use', 'post_purchase']);
    const all = jobs.stages.flatMap((s) => s.jobs);
    expect(all.map((j) => j.statement)).toContain('know where every dollar goes');
    expect(all.every((j) => j.quotes.length > 0 && j.quotes.every((q) => /^\d\d-[\w-]+\.(txt|md|vtt|json|docx):\d+$/.test(q.at)))).toBe(true);
    // evidence from a source with timestamps says when it was said
    const timed = all.flatMap((j) => j.quotes).filter((q) => /\.(vtt|json)|11-used-car/.test(q.at));
    expect(timed.length).toBeGreaterThan(0);
    expect(timed.every((q) => /^\d\d:\d\d:\d\d$/.test(q.time ?? ''))).toBe(true);
    expect(all.find((j) => j.statement === 'know where every dollar goes')?.story).toBe('I want to know where every dollar goes, without having to go hunting for it');
  });
});
