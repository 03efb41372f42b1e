import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { run } from '../src/pipeline.js';
import { configForRulesDir } from '../src/config.js';
import { suggestCodebook } from '../src/tools/suggest.js';
import { folderOf, ROOT } from './helpers.js';

const CODEBOOK = `codebook: jobs
jobs:
  - id: job.plan-meals
    statement: plan the week's meals
    words: [dinner, meal]
`;

describe('the job codebook: deductive coding layered over the shipped rules', () => {
  it('puts every statement that matches an entry into that job, whatever its wording, and each finding names its job', async () => {
    const rules = folderOf({ 'codebook/jobs.yaml': CODEBOOK });
    const out = folderOf({});
    const config = { ...configForRulesDir(undefined), rules: { ...configForRulesDir(undefined).rules, folders: [rules] } };
    const report = await run({ input: path.join(ROOT, 'samples'), outDir: out, config, cacheDir: false, threads: 1 });
    const job = report.jobMap.stages.flatMap((s) => s.jobs).find((j) => j.id === 'job.plan-meals')!;
    expect(job.statement).toBe("plan the week's meals");
    expect(job.findings.length).toBeGreaterThan(0);
    const transcript = job.findings[0]!.split('#')[0]!;
    const written = parse(readFileSync(path.join(out, 'transcripts', `${transcript}.yaml`), 'utf8')) as { findings: { id: string; candidate_job?: string }[] };
    expect(written.findings.find((f) => f.id === job.findings[0])?.candidate_job).toBe('job.plan-meals');
  }, 30_000);

  it('suggests the shared inductive jobs as entries a researcher can keep', async () => {
    const report = await run({ input: path.join(ROOT, 'samples'), outDir: folderOf({}), cacheDir: false, threads: 1 });
    const suggested = parse(suggestCodebook(report.jobMap, 2)) as { codebook: string; jobs: { id: string; statement: string; phrases: string[] }[] };
    expect(suggested.codebook).toBe('jobs');
    expect(suggested.jobs.length).toBeGreaterThan(0);
    for (const entry of suggested.jobs) expect(entry.phrases).toContain(entry.statement);
  }, 30_000);
});

describe('the job codebook and review decisions', () => {
  const CODED = `codebook: jobs
jobs:
  - id: job.plan-meals
    statement: plan the week's meals
    words: [dinner, meal]
  - id: job.shop-groceries
    statement: shop for groceries
    words: [grocery, groceries]
    phrases: [shopping list]
`;
  const interview = (answer: string) => `Interviewer: What do you use it for?\nParticipant: ${answer}\n`;
  const answers: Record<string, string> = {
    'p1.txt': "I use AI to plan the week's dinners for the family.",
    'p2.txt': 'Mostly I use it to come up with meal ideas when I am tired.',
    'p3.txt': 'I use ChatGPT to write my shopping list for the week.',
  };

  it('keeps a renamed and a merged codebook job under its codebook id, when new interviews join it in other words', async () => {
    const rules = folderOf({ 'codebook/jobs.yaml': CODED });
    const config = { ...configForRulesDir(undefined), rules: { ...configForRulesDir(undefined).rules, folders: [rules] } };
    const input = folderOf(Object.fromEntries(Object.entries(answers).map(([file, answer]) => [file, interview(answer)])));
    const out = folderOf({});
    writeFileSync(
      path.join(out, 'review.yaml'),
      ['jobs:', '  job.plan-meals: { rename: decide what the family eats this week }', '  job.shop-groceries: { merge_into: job.plan-meals }', ''].join('\n'),
    );
    const jobsAfter = async () => {
      await run({ input, outDir: out, config, cacheDir: false, threads: 1 });
      const doc = parse(readFileSync(path.join(out, 'jobs.yaml'), 'utf8')) as {
        stages: { jobs: { id: string; statement: string; review?: string; merged?: string[]; speakers?: string[]; support: { participants: number } }[] }[];
      };
      return doc.stages.flatMap((s) => s.jobs);
    };
    const meals = (jobs: Awaited<ReturnType<typeof jobsAfter>>) => jobs.find((job) => job.id === 'job.plan-meals')!;

    const first = meals(await jobsAfter());
    expect(first).toMatchObject({ statement: 'decide what the family eats this week', review: 'renamed', merged: ['job.shop-groceries'], support: { participants: 3 } });

    // a new interview says the job in words of its own: it joins the codebook job, and the decisions still apply
    writeFileSync(path.join(input, 'p4.txt'), interview('I use it to sort out dinner plans for my kids.'));
    const second = meals(await jobsAfter());
    expect(second).toMatchObject({ statement: 'decide what the family eats this week', review: 'renamed', merged: ['job.shop-groceries'], support: { participants: 4 } });
  }, 60_000);
});
