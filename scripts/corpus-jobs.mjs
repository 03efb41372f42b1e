#!/usr/bin/env node
// How many job findings a run put in candidate jobs, how many of those are in
// jobs said by 3 or more participants, and the 20 best-supported jobs
// (participants, findings, name | other wordings): the figures of the
// README's "Candidate jobs on the corpus", read from a run's output folder.
//   node scripts/corpus-jobs.mjs /tmp/jobs-out
import { readFileSync, readdirSync } from 'node:fs';
import { parse } from 'yaml';
const out = process.argv[2];
let jobFindings = 0;
const members = new Map();
for (const f of readdirSync(`${out}/transcripts`)) {
  const t = parse(readFileSync(`${out}/transcripts/${f}`, 'utf8'));
  for (const x of t.findings ?? []) {
    if (x.category !== 'job') continue;
    jobFindings++;
    if (!x.candidate_job) continue;
    const m = members.get(x.candidate_job) ?? { findings: 0, participants: new Set() };
    m.findings++;
    m.participants.add(`${t.id}/${x.speaker}`);
    members.set(x.candidate_job, m);
  }
}
const inJob = [...members.values()].reduce((s, m) => s + m.findings, 0);
const in3 = [...members.values()].filter((m) => m.participants.size >= 3).reduce((s, m) => s + m.findings, 0);
console.log(
  `${jobFindings} job findings, ${members.size} candidate jobs; ${inJob} in one, ${in3} (${Math.round((100 * in3) / inJob)}%) in a job of 3+ participants; ${Math.round((100 * in3) / jobFindings)}% of all`,
);
const doc = parse(readFileSync(`${out}/jobs.yaml`, 'utf8'), { maxAliasCount: -1 });
const named = new Map();
for (const s of doc.stages) for (const j of s.jobs ?? []) if (!named.has(j.id)) named.set(j.id, j);
const top = [...members.entries()].sort(([a, x], [b, y]) => y.participants.size - x.participants.size || y.findings - x.findings || (a < b ? -1 : 1)).slice(0, 20);
for (const [id, m] of top)
  console.log(
    String(m.participants.size).padStart(4),
    String(m.findings).padStart(5),
    ' ',
    named.get(id)?.statement,
    ' | ',
    (named.get(id)?.variants ?? []).slice(0, 4).join(' / '),
  );
