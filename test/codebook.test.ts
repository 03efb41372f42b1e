import { readFileSync } from 'node:fs';
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
