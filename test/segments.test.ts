import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { compareSegments } from '../src/compare/segments.js';
import { parseParticipants, withParticipants } from '../src/compare/participants.js';
import { readConfig } from '../src/config.js';
import { run } from '../src/pipeline.js';
import type { CandidateJob, JobMap } from '../src/jobMapTypes.js';
import type { TranscriptFindings } from '../src/types.js';
import { formatMessage } from '../src/write/messages.js';
import { folderOf, problemsOf, ROOT } from './helpers.js';

/** A transcript with one participant and no findings, carrying these attributes. */
function interview(id: string, metadata: Record<string, string> = {}): TranscriptFindings {
  return {
    transcript: {
      id,
      file: `${id}.md`,
      metadata,
      speakers: [
        { name: 'Interviewer', role: 'interviewer', reason: '' },
        { name: 'P', role: 'participant', reason: '' },
      ],
    },
    sentenceCount: 0,
    findings: [],
  };
}

function job(id: string, transcripts: string[]): CandidateJob {
  return {
    id,
    stage: 'use',
    statement: id.slice(4).replace(/-/g, ' '),
    dimension: 'functional',
    support: { participants: transcripts.length, mentions: transcripts.length },
    stages: { use: transcripts.length },
    variants: [],
    quotes: [],
    cues: {},
    speakers: transcripts.map((t) => `${t}/P`),
    findings: transcripts.map((t) => `${t}#000000.job`),
  };
}

describe('participants.yaml', () => {
  it('names a transcript by id, file name or front-matter participant, and its attributes win over front matter', () => {
    const table = parseParticipants(
      'participants.yaml',
      [
        '00042: { segment: lapsed, plan: team }      # an id of digits stays text',
        'b.md: { segment: engaged }',
        'P07: { tenure: 3 years, segment: new }',
        'nobody: { segment: new }',
      ].join('\n'),
    );
    const results = [interview('00042'), interview('b'), interview('c', { participant: 'P07', segment: 'engaged' })];
    const joined = withParticipants(results, table, 'segment');
    expect(joined.results.map((r) => r.transcript.metadata)).toEqual([
      { segment: 'lapsed', plan: 'team' },
      { segment: 'engaged' },
      { participant: 'P07', segment: 'new', tenure: '3 years' },
    ]);
    expect(joined.unmatched.map(formatMessage)).toEqual(['participants: participants.yaml:4: "nobody" names no transcript (an id, a file name or a participant: value)']);
  });

  it('reports a malformed entry with file:line:col', () => {
    expect(problemsOf(() => parseParticipants('participants.yaml', 'P01: engaged\nP02: { segment: [a, { b: c }] }\n'), '')).toEqual([
      'participants.yaml:1:6: "P01" should map attributes to values, like `P01: { segment: engaged, plan: team }`',
      'participants.yaml:2:17: "P02.segment" should be a single value or a list of values',
    ]);
  });

  it('puts the segment on every finding of the transcript', async () => {
    const input = folderOf({
      'a.md': '---\nsegment: lapsed\n---\nQ: What happened?\nA: I was trying to get the invoices out. It was a nightmare.\n',
      'b.txt': 'Q: What happened?\nA: I was trying to get the invoices out. It was a nightmare.\n',
      'participants.yaml': 'b: { segment: engaged, plan: solo }\n',
    });
    const out = mkdtempSync(path.join(os.tmpdir(), 'jobmap-seg-'));
    const report = await run({ input, outDir: out, cacheDir: false });
    const findings = report.results.flatMap((r) => r.findings.map((f) => `${f.transcript} ${f.category} ${f.segment}`));
    // the front matter's segment on a's findings, participants.yaml's on b's, whatever categories the rules find
    expect(findings).toEqual(expect.arrayContaining(['a job lapsed', 'a pain lapsed', 'b job engaged', 'b pain engaged']));
    expect(findings.filter((f) => !/^a .* lapsed$|^b .* engaged$/.test(f))).toEqual([]);
    const b = parse(readFileSync(path.join(out, 'transcripts', 'b.yaml'), 'utf8'));
    expect(b.metadata).toEqual({ segment: 'engaged', plan: 'solo' });
    expect(b.findings[0].segment).toBe('engaged');
    // a participants.yaml is the study's, not a transcript: never read as one, never listed as ignored
    expect(report.messages).toEqual([]);
    // a run on one file of the folder reads the folder's table for it, and the other entries are no typos
    const one = await run({ input: path.join(input, 'a.md'), outDir: mkdtempSync(path.join(os.tmpdir(), 'jobmap-seg-')), cacheDir: false });
    expect(one.messages).toEqual([]);
  });
});

describe('segments from a CSV', () => {
  it('takes the segment from a column of the row', async () => {
    const input = folderOf({
      'study.csv': 'id,plan,text\nP1,team,"Q: What happened?\nA: It was a nightmare."\nP2,solo,"Q: And you?\nA: Honestly a nightmare."\n',
    });
    const out = mkdtempSync(path.join(os.tmpdir(), 'jobmap-seg-'));
    const report = await run({ input, outDir: out, cacheDir: false, config: { ...readConfig('jobmap.config.yaml', 'segment_by: plan\n') } });
    // every finding of a row carries the row's segment ("a nightmare" is a pain and an emotion)
    expect(new Set(report.results.flatMap((r) => r.findings.map((f) => `${f.transcript} ${f.segment}`)))).toEqual(new Set(['study--P1 team', 'study--P2 solo']));
    expect(report.jobMap.segments?.participants).toEqual({ solo: 1, team: 1 });
  });
});

describe('segment comparison', () => {
  // 10 engaged and 10 lapsed participants; "export to the accountant" is said by 4 lapsed and 1 engaged
  const results = [
    ...Array.from({ length: 10 }, (_, i) => interview(`e${i}`, { segment: 'engaged', plan: i < 5 ? 'team' : 'solo' })),
    ...Array.from({ length: 10 }, (_, i) => interview(`l${i}`, { segment: 'lapsed', plan: 'solo' })),
    interview('x'),
  ];
  const map = (): JobMap => ({
    model: 'journey',
    stages: [
      {
        id: 'use',
        jobs: [
          job('job.export-to-accountant', ['l0', 'l1', 'l2', 'l3', 'e0']),
          job('job.plan-the-week', ['l4', 'e1', 'e2', 'e3', 'e4', 'x']),
          job('job.share-a-board', ['l5', 'l6']),
        ],
      },
    ],
  });

  it("counts each job's participants per segment, leaving out transcripts without one", () => {
    const jobMap = map();
    const comparison = compareSegments(jobMap, results, 'segment')!;
    expect(comparison.participants).toEqual({ engaged: 10, lapsed: 10 });
    expect(jobMap.stages[0]!.jobs.map((j) => j.segments)).toEqual([{ engaged: 1, lapsed: 4 }, { engaged: 4, lapsed: 1 }, { lapsed: 2 }]);
  });

  it('finds the jobs a segment says far more often than the others: share here / (share elsewhere, one person added)', () => {
    const comparison = compareSegments(map(), results, 'segment')!;
    // lapsed: 4/10 here; elsewhere (1 + 1) / (10 + 1): lift 2.2. share-a-board: 2/10 over 1/11: 2.2 too, fewer people
    expect(comparison.distinctive.lapsed).toEqual([
      { job: 'job.export-to-accountant', statement: 'export to accountant', participants: 4, share: 0.4, elsewhere: 0.1, lift: 2.2 },
      { job: 'job.share-a-board', statement: 'share a board', participants: 2, share: 0.2, elsewhere: 0, lift: 2.2 },
    ]);
    expect(comparison.distinctive.engaged).toEqual([{ job: 'job.plan-the-week', statement: 'plan the week', participants: 4, share: 0.4, elsewhere: 0.1, lift: 2.2 }]);
  });

  it('compares by any attribute, and by nothing when no transcript has it', () => {
    expect(compareSegments(map(), results, 'plan')!.participants).toEqual({ solo: 15, team: 5 });
    const untouched = map();
    expect(compareSegments(untouched, results, 'tenure')).toBeUndefined();
    expect(untouched.stages[0]!.jobs[0]!.segments).toBeUndefined();
  });

  it('reads segment_by from jobmap.config.yaml', () => {
    expect(readConfig('jobmap.config.yaml', 'segment_by: plan\n').segmentBy).toBe('plan');
    expect(readConfig('jobmap.config.yaml', '').segmentBy).toBe('segment');
  });
});

describe('segments on samples/', () => {
  it("shows each job's support per segment in jobs.yaml, and --segment-by picks another attribute", async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'jobmap-seg-'));
    await run({ input: path.join(ROOT, 'samples'), outDir: out });
    const jobs = parse(readFileSync(path.join(out, 'jobs.yaml'), 'utf8'));
    expect(jobs.segments).toMatchObject({ by: 'segment', participants: { churned: 4, engaged: 5, new: 8 } });
    const all = jobs.stages.flatMap((s: { jobs: { by_segment?: Record<string, number>; support: { participants: number } }[] }) => s.jobs);
    for (const j of all) expect(Object.values(j.by_segment ?? {}).reduce((a: number, b) => a + (b as number), 0)).toBe(j.support.participants);

    const { main } = await import('../src/cli.js');
    const byPlan = mkdtempSync(path.join(os.tmpdir(), 'jobmap-seg-'));
    const code = await main(['node', 'jobmap', 'run', path.join(ROOT, 'samples'), '--out', byPlan, '--segment-by', 'plan', '-q', '--no-cache'], {
      out: () => undefined,
      err: () => undefined,
    });
    expect(code).toBe(0);
    expect(Object.keys(parse(readFileSync(path.join(byPlan, 'jobs.yaml'), 'utf8')).segments.participants)).toContain('family box');
  });
});
