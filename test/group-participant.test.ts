import { describe, expect, it } from 'vitest';
import { groupJobs } from '../src/group/index.js';
import { generalNounsOf } from '../src/classify/actions.js';
import { followTheirJob, sameParticipantJobs, type SaidBy } from '../src/group/participant.js';
import { loadRules } from '../src/rules/load.js';
import { transcriptAnalyser } from '../src/run/analyse.js';
import { transcriptOf } from './helpers.js';
import type { TranscriptFindings } from '../src/types.js';

const shipped = loadRules();
const analyse = transcriptAnalyser(shipped);
const interview = (id: string, answers: string[]) => analyse(transcriptOf(answers.map((a) => `Interviewer: Tell me more.\nParticipant: ${a}`).join('\n'), `${id}.txt`));

/** The candidate jobs of these interviews, and the one that holds a participant's statement. */
function grouped(results: TranscriptFindings[]) {
  const jobs = groupJobs(results, shipped).stages.flatMap((s) => s.jobs);
  const jobSaying = (transcript: string, statement: string) => {
    const said = results.find((r) => r.transcript.id === transcript)!.findings.find((f) => f.statement === statement);
    expect(said, statement).toBeDefined();
    return jobs.find((job) => job.findings.includes(said!.id));
  };
  return { jobs, jobSaying };
}

describe("group: one participant's mentions of one job", () => {
  const results = [
    interview('p1', [
      'More crucially, I use AI for coding custom tools in pyRevit.',
      'I used AI to develop a pyRevit tool that scans linked models.',
      'I also use it to plan lessons for my evening class.',
    ]),
    interview('p2', ['I use AI to develop a website for my bakery.']),
    interview('p3', ['I use AI to plan lessons for my class.']),
    interview('p4', ['I use AI to write emails to parents.']),
    interview('p5', ['Mostly I use it to summarise long reports for my manager.']),
  ];
  const { jobSaying } = grouped(results);

  it('is one candidate job when the participant comes back to its subject in other words', () => {
    expect(jobSaying('p1', 'code custom tools in pyRevit')).toBe(jobSaying('p1', 'develop a pyRevit tool'));
  });

  it("keeps the participant's other jobs apart, and joins each to other participants' by meaning", () => {
    const lessons = jobSaying('p1', 'plan lessons for my evening class');
    expect(lessons).not.toBe(jobSaying('p1', 'develop a pyRevit tool'));
    expect(lessons?.speakers).toEqual(['p1/Participant', 'p3/Participant']);
  });

  it("never joins two participants' mentions for their topic alone", () => {
    expect(jobSaying('p2', 'develop a website for my bakery')).not.toBe(jobSaying('p1', 'develop a pyRevit tool'));
  });
});

describe('group: a finding whose statement is no job', () => {
  const results = [
    interview('p1', ['I use AI to write VBA macros for our Excel reports.', 'I mostly use AI for my Excel macros.']),
    interview('p2', ['I mostly use AI for my Excel macros.']),
    interview('p3', ['I use AI to plan lessons for my class.']),
  ];
  const jobs = groupJobs(results, shipped).stages.flatMap((s) => s.jobs);
  const findingOf = (transcript: string, sentence: number) => results.find((r) => r.transcript.id === transcript)!.findings.filter((f) => f.category === 'job')[sentence]!;

  it("joins its participant's job on the same subject, and is no wording of it", () => {
    const vague = findingOf('p1', 1);
    expect(vague.notAJob).toBeDefined();
    const macros = jobs.find((job) => job.findings.includes(findingOf('p1', 0).id))!;
    expect(macros.findings).toContain(vague.id);
    expect(macros.variants).not.toContain(vague.statement);
  });

  it("does not join another participant's job on the same subject", () => {
    expect(jobs.some((job) => job.findings.includes(findingOf('p2', 0).id))).toBe(false);
  });
});

describe('group: how one participant follows their job (followTheirJob)', () => {
  interface M {
    id: string;
    participant: string;
    job: boolean;
  }
  const m = (id: string, participant: string, job = true): M => ({ id, participant, job });
  const read = { participant: (x: M) => x.participant, id: (x: M) => x.id, isJob: (x: M) => x.job, vector: () => Float32Array.of(1, 0) };
  const cluster = (...members: M[]) => ({ members, sum: Float32Array.of(members.length, 0) });
  const [a1, a2, a3, a4, b1, c1] = [m('a1', 'a'), m('a2', 'a'), m('a3', 'a'), m('a4', 'a', false), m('b1', 'b'), m('c1', 'c')];

  it("brings a participant's lone statements and vague findings to the job the best-supported of them joined; one in other people's company stays", () => {
    const clusters = [cluster(a1, b1), cluster(a2), cluster(a3, c1)];
    const { clusters: after, unplaced } = followTheirJob(clusters, [[a1, a2, a3, a4]], read);
    const ids = after.map((c) => c.members.map((x) => x.id).sort());
    // a1's and a3's jobs have two participants each: the tie goes to the job whose first finding id comes first
    expect(ids).toEqual([
      ['a1', 'a2', 'a4', 'b1'],
      ['a3', 'c1'],
    ]);
    expect(after[0]!.sum).toEqual(Float32Array.of(3, 0));
    expect(unplaced).toEqual([]);
  });

  it('leaves the findings of a thread without a job statement unplaced', () => {
    const { clusters: after, unplaced } = followTheirJob([cluster(b1)], [[a4], [b1]], read);
    expect(after.map((c) => c.members)).toEqual([[b1]]);
    expect(unplaced).toEqual([a4]);
  });
});

describe("group: one participant's threads (sameParticipantJobs)", () => {
  const said: SaidBy[] = [
    { participant: 'a', id: 'a1', topic: ['pyrevit', 'tool', 'code'] },
    { participant: 'b', id: 'b1', topic: ['pyrevit', 'tool', 'develop'] },
    { participant: 'a', id: 'a2', topic: ['pyrevit', 'tool', 'scan'] },
    { participant: 'a', id: 'a3', topic: ['lesson', 'class', 'plan'] },
    { participant: 'c', id: 'c1', topic: ['email', 'parent', 'write'] },
    { participant: 'c', id: 'c2', topic: ['report', 'manager', 'summarise'] },
  ];
  const threadsOf = (input: SaidBy[]) =>
    sameParticipantJobs(input)
      .map((thread) =>
        thread
          .map((i) => input[i]!.id)
          .sort()
          .join(' '),
      )
      .sort();

  it("joins a participant's sentences on one subject, never two participants'", () => {
    expect(threadsOf(said)).toEqual(['a1 a2', 'a3', 'b1', 'c1', 'c2']);
  });

  it('is the same whatever order the mentions come in', () => {
    expect(threadsOf([...said].reverse())).toEqual(threadsOf(said));
  });
});

describe('group: a statement that names only a general noun (general-nouns lexicon)', () => {
  const results = [
    interview('p1', ['I use AI to plan the convention schedule.', 'For the convention, I use AI to bounce ideas off.']),
    interview('p2', ['I use AI to sketch shoe designs for my brand.', 'For the shoe designs, I use AI to bounce ideas off.']),
    interview('p3', ['I use AI to bounce ideas off for my shoe designs.']),
  ];
  const { jobSaying } = grouped(results);

  it('reads the shipped lexicon, with the nouns that stand for examples ("things like")', () => {
    const general = generalNounsOf(shipped);
    for (const noun of ['idea', 'information', 'question', 'thing', 'task']) expect(general.has(noun), noun).toBe(true);
    expect(general.has('email')).toBe(false);
  });

  it('takes the noun that says what the ideas are for as the head', () => {
    const said = results[2]!.findings.find((f) => f.category === 'job');
    expect(said).toMatchObject({ statement: 'bounce ideas off for my shoe designs', statementHead: 'shoe' });
  });

  it("never gathers several participants' jobs by the general noun alone, but follows each participant's job on the topic", () => {
    const convention = jobSaying('p1', 'bounce ideas off');
    expect(convention).toBeDefined();
    expect(convention).toBe(jobSaying('p1', 'plan the convention schedule'));
    expect(jobSaying('p2', 'bounce ideas off')).toBe(jobSaying('p2', 'sketch shoe designs for my brand'));
    expect(convention).not.toBe(jobSaying('p2', 'bounce ideas off'));
  });
});
