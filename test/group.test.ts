import { describe, expect, it } from 'vitest';
import { buildJobStatement } from '../src/classify/statement.js';
import { actionNounsOf } from '../src/classify/actions.js';
import { jobStory } from '../src/group/story.js';
import { groupJobs } from '../src/group/index.js';
import { loadRules } from '../src/rules/load.js';
import { transcriptAnalyser } from '../src/run/analyse.js';
import { fixtureRules, sentenceOf, transcriptOf } from './helpers.js';
import type { ClassifiedFinding } from '../src/types.js';

const shipped = loadRules();
const actions = actionNounsOf(shipped);

function statementOf(sentence: string, from = '') {
  const parsed = sentenceOf(sentence);
  return buildJobStatement(parsed.tokens, Math.max(0, parsed.text.indexOf(from)), actions);
}

describe('group: job statements are verb + object (+ clarifier), from the parse', () => {
  it.each([
    ['I was trying to find a cheaper plan for the team.', 'find a cheaper plan for the team'],
    ['I mostly use it for rewriting communications like emails.', 'rewrite communications'],
    ['So I use AI to help me craft professional emails.', 'craft professional emails'],
    ['I use it for lesson plans.', 'plan lessons'],
    ['I use AI for web searches daily.', 'search the web daily'],
    ['I usually use AI at my regular job to help me draft communications to coworkers.', 'draft communications to coworkers'],
    ['Usually I ask it to summarise long threads before a meeting.', 'summarize long threads before a meeting'],
    ["I'll try and provide an example if I have one.", 'provide an example'],
    ["We're looking to consolidate three different tools into one.", 'consolidate three different tools into one'],
    ['I use it to help with the graph plotting with python.', 'plot graphs with python'],
    ['For example, I use it help me plan my lessons and actually write out my lesson plans.', 'plan my lessons'],
  ])('%s -> %s', (sentence, expected) => {
    const statement = statementOf(sentence);
    expect(statement.text).toBe(expected);
    expect(statement.problem).toBeUndefined();
  });

  it.each([
    ['I use AI a lot at work.', 'no verb'],
    ['I just use it as a sounding board.', 'no verb'],
    ["I'd like to use AI more if it can be accurate.", 'no verb'],
    ['I will usually let it do it, but double check everything myself.', 'no verb'],
    ['I ask it to explain it more clearly.', 'does not say what'],
    ["If it's generic work, then sure, I'll use it for brainstorming.", 'no object'],
    ['I need to make sure that it is very clear.', 'does not say what'],
  ])('%s is no job (%s)', (sentence, why) => {
    expect(statementOf(sentence).problem).toContain(why);
  });

  it('keeps the lemmas grouping compares, verb first', () => {
    expect(statementOf('I use it for lesson plans.').words).toEqual(['plan', 'lesson']);
  });
});

describe('group: candidate jobs by meaning', () => {
  const analyse = transcriptAnalyser(shipped);
  const interview = (id: string, answers: string[]) =>
    analyse(transcriptOf(answers.map((a) => `Interviewer: What do you use it for?\nParticipant: ${a}`).join('\n'), `${id}.txt`));
  const results = [
    interview('p1', ['I use AI to draft replies to parents.']),
    interview('p2', ['Mostly I use it to write emails to parents.']),
    interview('p3', ['I use it to compose messages to clients.']),
    interview('p4', ['I use it for lesson plans.']),
    interview('p5', ['I use AI to plan lessons for my class.']),
    interview('p6', ['I mostly use AI as a sounding board.']),
  ];
  const jobMap = groupJobs(results, shipped);
  const jobs = jobMap.stages.flatMap((s) => s.jobs);

  it('groups statements that share no word but mean the same job (related words, vectors)', () => {
    const emails = jobs.find((j) => j.findings.some((f) => f.startsWith('p1#')))!;
    expect(emails.speakers).toEqual(['p1/Participant', 'p2/Participant', 'p3/Participant']);
    const lessons = jobs.find((j) => j.findings.some((f) => f.startsWith('p4#')))!;
    expect(lessons.speakers).toEqual(['p4/Participant', 'p5/Participant']);
  });

  it('names a job by its most representative well-formed member, not the first said', () => {
    const lessons = jobs.find((j) => j.findings.some((f) => f.startsWith('p4#')))!;
    expect(lessons.statement).toBe('plan lessons');
    expect(lessons.id).toBe('job.plan-lessons');
  });

  it('founds no job on a statement that is no job', () => {
    expect(jobs.some((j) => j.findings.some((f) => f.startsWith('p6#')))).toBe(false);
    expect(results[5]!.findings.find((f) => f.category === 'job')?.notAJob).toContain('no verb');
  });
});

describe('group: job stories', () => {
  const finding = (sentence: string, match: string) =>
    ({ sentence, span: [sentence.indexOf(match), sentence.indexOf(match) + match.length] }) as ClassifiedFinding;

  it('builds "When <trigger>, I want to <job>, so I can <outcome>" from the evidence', () => {
    expect(
      jobStory(
        'plan the week dinners',
        finding('It all changed when my daughter was born, we had no time.', 'when'),
        finding('I want it so I can stop thinking about dinner at 5pm.', 'so I can'),
      ),
    ).toBe('When my daughter was born, I want to plan the week dinners, so I can stop thinking about dinner at 5pm');
  });

  it('does not say the outcome twice, nor "want to want"', () => {
    const outcome = finding('It helps so I am not hunting for receipts anymore.', 'so');
    expect(jobStory('stop missing bills so I am not hunting for receipts anymore', undefined, outcome)).toBeUndefined();
    expect(jobStory('want something I set up once', finding('That was after we moved in together.', 'after'))).toBe(
      'After we moved in together, I want something I set up once',
    );
  });

  it('says nothing without a trigger or an outcome', () => {
    expect(jobStory('plan dinners')).toBeUndefined();
  });
});

describe('group: candidate jobs across transcripts', () => {
  const rules = fixtureRules();
  const analyse = transcriptAnalyser(rules);
  const interview = (id: string, answer: string) =>
    analyse(transcriptOf(`Interviewer: What were you trying to do?\nParticipant: ${answer}`, `${id}.txt`));
  const results = [
    interview('p1', 'I was trying to get the invoices out before month-end. It was a nightmare.'),
    interview('p2', 'Basically I needed to get invoices out before month-end, every month.'),
    interview('p3', 'We signed up because I needed to find a cheaper plan for the team.'),
  ];
  const jobMap = groupJobs(results, rules);

  it('files each job under its stage with support, quotes and the pains near it', () => {
    const use = jobMap.stages.find((s) => s.id === 'use')!.jobs;
    expect(use).toHaveLength(1);
    expect(use[0]).toMatchObject({
      id: 'job.get-invoices-out-before-month-end',
      statement: 'get invoices out before month-end',
      support: { participants: 2, mentions: 2 },
      variants: ['get the invoices out before month-end'],
      pains: [{ text: 'It was a nightmare.', subtype: 'struggle', at: 'p1.txt:2' }],
    });
    expect(use[0]!.quotes.map((q) => q.transcript)).toEqual(['p1', 'p2']);
    const purchase = jobMap.stages.find((s) => s.id === 'purchase')!.jobs;
    expect(purchase.map((j) => j.statement)).toEqual(['find a cheaper plan for the team']);
  });

  it('keeps the normalised statement of every job finding', () => {
    expect(results[2]!.findings.find((f) => f.category === 'job')?.statement).toBe('find a cheaper plan for the team');
  });
});
