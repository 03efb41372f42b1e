import { describe, expect, it } from 'vitest';
import { clusterStatements } from '../src/group/cluster.js';
import { terms } from '../src/segment/terms.js';
import { isJobStatement, normaliseJob } from '../src/classify/statement.js';
import { jobStory } from '../src/group/story.js';
import { groupJobs } from '../src/group/index.js';
import { transcriptAnalyser } from '../src/run/analyse.js';
import { fixtureRules, transcriptOf } from './helpers.js';
import type { ClassifiedFinding } from '../src/types.js';

function normalise(sentence: string, from: string): string {
  return normaliseJob(sentence, sentence.indexOf(from));
}

describe('group: job statements normalised to verb + object (+ context)', () => {
  it.each([
    ['I was trying to find a cheaper plan for the team', 'trying to', 'find a cheaper plan for the team'],
    ['I needed to get the invoices out before month-end, because the accountant was away.', 'needed to', 'get the invoices out before month-end'],
    ['I mostly use it for rewriting communications like emails.', 'use it for', 'rewrite communications like emails'],
    ['So I use AI to help me craft professional emails.', 'use AI to', 'craft professional emails'],
    ["I'm, um, basically looking for a mattress that doesn't hurt my back", 'looking for', "look for a mattress that doesn't hurt my back"],
    ['What I really want is to know where every dollar goes.', 'want is to', 'know where every dollar goes'],
  ])('%s', (sentence, from, expected) => {
    expect(normalise(sentence, from)).toBe(expected);
  });
});

describe('group: what counts as a candidate job', () => {
  it.each([
    ['plan the week dinners', true],
    ['get invoices out', true],
    ['check', false],
    ['do this', false],
    ['with my research', false],
    ['in the future', false],
  ])('%s -> %s', (statement, expected) => {
    expect(isJobStatement(statement)).toBe(expected);
  });
});

describe('group: clustering', () => {
  it('puts paraphrases together and keeps different jobs apart', () => {
    const items = [
      'get the invoices out before month-end',
      'plan the week dinners',
      'get all the invoices out before the month ends',
      'plan dinners for the week',
      'find a cheaper plan for the team',
    ].map((statement) => ({ statement }));
    const clusters = clusterStatements(items).map((c) => c.map((i) => i.statement));
    expect(clusters).toEqual([
      ['get the invoices out before month-end', 'get all the invoices out before the month ends'],
      ['plan the week dinners', 'plan dinners for the week'],
      ['find a cheaper plan for the team'],
    ]);
  });

  it('measures similarity on content-word stems', () => {
    expect(terms('Planning the dinners for my family')).toEqual(['plan', 'dinner', 'famili']);
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
  const jobMap = groupJobs(results, rules.stages);

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
