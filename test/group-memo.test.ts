import { describe, expect, it } from 'vitest';
import { groupJobs, type GroupingMemo, type RememberedJob } from '../src/group/index.js';
import { loadRules } from '../src/rules/load.js';
import { transcriptAnalyser } from '../src/run/analyse.js';
import { transcriptOf } from './helpers.js';

const shipped = loadRules();
const analyse = transcriptAnalyser(shipped);
const interview = (id: string, answers: string[]) => analyse(transcriptOf(answers.map((a) => `Interviewer: What do you use it for?\nParticipant: ${a}`).join('\n'), `${id}.txt`));

/** A memo in memory that counts what it was asked. */
function countingMemo() {
  const entries = new Map<string, RememberedJob[]>();
  const asked = { recalled: 0, remembered: 0 };
  const memo: GroupingMemo = {
    recall(key) {
      const jobs = entries.get(key);
      if (jobs) asked.recalled++;
      return jobs;
    },
    remember(key, jobs) {
      asked.remembered++;
      entries.set(key, jobs);
    },
  };
  return { memo, asked, entries };
}

const study = () => [
  interview('p1', ['I use AI to draft replies to parents.', 'It was so frustrating when it got the dates wrong.']),
  interview('p2', ['Mostly I use it to write emails to parents.']),
  interview('p3', ['I use it to compose messages to clients.']),
  interview('p4', ['I use it for lesson plans.']),
  interview('p5', ['I use AI to plan lessons for my class.']),
];

describe('group: the clusters of the last run are remembered by their input', () => {
  it('gives the same job map from the memo as from clustering', () => {
    const { memo, asked } = countingMemo();
    const clustered = groupJobs(study(), shipped, memo);
    const recalled = groupJobs(study(), shipped, memo);
    expect(asked).toEqual({ recalled: 1, remembered: 1 });
    expect(recalled).toEqual(clustered);
    expect(clustered).toEqual(groupJobs(study(), shipped));
  });

  it('clusters again when a job statement changes, and not when only another category does', () => {
    const { memo, asked } = countingMemo();
    groupJobs(study(), shipped, memo);
    // a pain finding gone (a pain rule edited): the job statements are the same
    const withoutPain = study().map((result) => ({ ...result, findings: result.findings.filter((f) => f.category !== 'pain') }));
    groupJobs(withoutPain, shipped, memo);
    expect(asked).toEqual({ recalled: 1, remembered: 1 });
    const edited = study();
    edited[4] = interview('p5', ['I use AI to plan field trips for my class.']);
    groupJobs(edited, shipped, memo);
    expect(asked).toEqual({ recalled: 1, remembered: 2 });
  });

  it('ignores a remembered job that names a finding the run does not have', () => {
    const { memo, entries } = countingMemo();
    const clustered = groupJobs(study(), shipped, memo);
    const [key, jobs] = [...entries][0]!;
    entries.set(key, [...jobs, { statement: 'write emails', members: ['p9#1'] }]);
    expect(groupJobs(study(), shipped, memo)).toEqual(clustered);
  });
});
