import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CATEGORIES, CATEGORY_INFO, CUE_CATEGORIES, OPTIONAL_CATEGORIES } from '../src/categories.js';
import { MergeHeap, type Merge } from '../src/group/mergeHeap.js';
import { buildJobStatement } from '../src/classify/statement.js';
import { deverbal } from '../src/classify/deverbal.js';
import { actionNounsOf } from '../src/classify/actions.js';
import { jobStory, storyOfOneAnswer, tellStory } from '../src/group/story.js';
import { byEvidence, groupJobs } from '../src/group/index.js';
import { clip } from '../src/group/related.js';
import { loadRules } from '../src/rules/load.js';
import { transcriptAnalyser } from '../src/run/analyse.js';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { FIXTURES, fixtureRules, sentenceOf, transcriptOf } from './helpers.js';
import type { ClassifiedFinding } from '../src/types.js';

const shipped = loadRules();
const actions = actionNounsOf(shipped);

function statementOf(sentence: string, from = '') {
  const parsed = sentenceOf(sentence);
  return buildJobStatement(parsed.tokens, Math.max(0, parsed.text.indexOf(from)), actions);
}

describe('deverbal: the verb a noun names', () => {
  const noun = (lemma: string) => ({ text: lemma, norm: lemma, lemma, stem: lemma, pos: 'NOUN', negated: false, start: 0, end: lemma.length });
  it('reads irregular nouns from their table, and only their own entries', () => {
    expect(deverbal(noun('summary'), new Map())).toBe('summarize');
    expect(deverbal(noun('constructor'), new Map())).toBeUndefined();
    expect(deverbal(noun('emails'), new Map())).toBeUndefined();
  });
});

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
    // the job named by nouns: the last one that names an action is the verb, the others what it acts on
    ['I will use it for brainstorming titles or helping with rewording notes pages.', 'brainstorm titles'],
    ["I've asked for help with schedule planning, that tends to be mostly AI.", 'plan schedules', 'schedule planning'],
    // examples after "things like" or "tasks such as" are the job
    ['I use it more creatively for things like social media brainstorming, re-wording captions, and design ideas.', 'brainstorm social media'],
    ['I also use it to do things like brainstorm lists that are related to my field of work.', 'brainstorm lists'],
    // what wraps the job: "help", a tool named as an aside, a noun that belongs to the frame
    ['I used it recently to help brainstorm ideas for a large convention.', 'brainstorm ideas for a large convention'],
    ['I use AI like copilot to refactor code sometimes because it helps me with repetitions.', 'refactor code'],
    ['We need to make an effort to document every decision we take.', 'document every decision we take'],
    // a framing verb with a real object is the job itself
    ["Getting feedback on something I've written.", "get feedback on something I've written"],
    // the object ends where another clause's verb starts
    ['Using it to compare contracts was satisfying.', 'compare contracts'],
    ['I also had it help me figure out which color would be best for the background.', 'figure out which color would be best'],
    // a fragment whose verb the parser read as a noun
    ['Check crucial data points, every time.', 'check crucial data points'],
    // a dash with spaces around it opens an aside; a hyphen inside a word does not
    ['I use it to create my own content - storybooks, mostly.', 'create my own content'],
    ['I use it to review Rhino-to-Revit exports.', 'review Rhino-to-Revit exports'],
    // what the word limit cut short ends at the last word that belongs to the object
    ['I was asking AI to design a logo for me using concepts I had given it.', 'design a logo for me using concepts'],
    ["I go to AI to bounce off what direction I'd like to take it.", 'bounce off what direction'],
    // how often, set off by commas, and "when it comes to" are part of the frame
    ['I also use AI at least once a week, often more, to rewrite emails and summaries.', 'rewrite emails and summaries'],
    ['I have only used AI when it comes to administrative tasks like composing emails.', 'compose emails'],
    // a gerund the tagger read as a noun ("generating") is still the job's verb
    ['I use AI frequently for generating word documents.', 'generate word documents'],
  ])('%s -> %s', (sentence, expected, from = '') => {
    const statement = statementOf(sentence, from);
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

  it('names the noun the job is about: the first specific noun of its object, not a general one', () => {
    expect(statementOf('I asked it to draft the whole email for me.').head).toBe('email');
    expect(statementOf('I use it to create code snippets for the team.').head).toBe('code');
    expect(statementOf('I use AI to draft replies to parents.').head).toBe('reply');
    expect(statementOf('I use it to automate repetitive tasks.').head).toBeUndefined();
  });
});

describe('group: candidate jobs by meaning', () => {
  const analyse = transcriptAnalyser(shipped);
  const interview = (id: string, answers: string[]) => analyse(transcriptOf(answers.map((a) => `Interviewer: What do you use it for?\nParticipant: ${a}`).join('\n'), `${id}.txt`));
  const results = [
    interview('p1', ['I use AI to draft replies to parents.']),
    interview('p2', ['Mostly I use it to write emails to parents.']),
    interview('p3', ['I use it to compose messages to clients.']),
    interview('p4', ['I use it for lesson plans.']),
    interview('p5', ['I use AI to plan lessons for my class.']),
    interview('p6', ['I mostly use AI as a sounding board.']),
    interview('p7', ['I wanted to see the lesson plans on my phone.']),
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

  it("never adds a participant to another's job by a statement that is no job", () => {
    expect(results[6]!.findings.find((f) => f.category === 'job')?.notAJob).toContain('"see"');
    expect(jobs.some((j) => j.findings.some((f) => f.startsWith('p7#')))).toBe(false);
  });
});

describe('group: a study of 28 people using AI at work (test/fixtures/ai-at-work)', () => {
  const analyse = transcriptAnalyser(shipped);
  const folder = path.join(FIXTURES, 'ai-at-work');
  const results = readdirSync(folder)
    .sort()
    .map((file) => analyse(transcriptOf(readFileSync(path.join(folder, file), 'utf8'), file)));
  const jobsOf = (map: ReturnType<typeof groupJobs>) => map.stages.flatMap((s) => s.jobs);
  const jobs = jobsOf(groupJobs(results, shipped));
  const best = [...jobs].sort(byEvidence).slice(0, 50);

  it('names each of the 50 best-supported jobs with a verb-led job statement', () => {
    // read back as "I want to <statement>", the first word is a verb of work, and something follows it
    for (const job of best) {
      const tokens = sentenceOf(`I want to ${job.statement}.`).tokens;
      const verb = tokens[3]!;
      expect(verb.pos, job.statement).toBe('VERB');
      expect(['be', 'do', 'have', 'get', 'make', 'use'], job.statement).not.toContain(verb.lemma);
      expect(job.statement.split(' ').length, job.statement).toBeGreaterThan(1);
    }
    expect(best.length).toBeGreaterThan(20);
  });

  it('puts one job said in many words into one candidate job', () => {
    const jobSaying = (transcript: string, statement: string) => {
      const said = results.find((r) => r.transcript.id === transcript)!.findings.find((f) => f.statement === statement)!;
      return jobs.find((job) => job.findings.includes(said.id))!;
    };
    // "draft emails to parents", "write emails to suppliers", "draft a reply", "write a clear message"
    const emails = jobSaying('p01', 'draft emails to parents');
    expect(emails.speakers).toEqual(expect.arrayContaining(['p05/Participant', 'p12/Participant', 'p22/Participant']));
    const code = jobSaying('p13', 'write code');
    expect(code.speakers).toEqual(expect.arrayContaining(['p02/Participant', 'p07/Participant', 'p24/Participant']));
    expect(code).not.toBe(emails);
  });

  it('groups the same way whatever order the interviews come in', () => {
    const partition = (list: typeof jobs) => list.map((job) => `${job.statement}: ${job.findings.join(' ')}`).sort();
    expect(partition(jobsOf(groupJobs([...results].reverse(), shipped)))).toEqual(partition(jobs));
  });
});

describe('group: job stories', () => {
  const finding = (sentence: string, match: string) => ({ sentence, span: [sentence.indexOf(match), sentence.indexOf(match) + match.length] }) as ClassifiedFinding;

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
    expect(jobStory('want something I set up once', finding('That was after we moved in together.', 'after'))).toBe('After we moved in together, I want something I set up once');
  });

  it('keeps the story as parts, told with the statement the job has when written (a review rename included)', () => {
    const story = storyOfOneAnswer('want something I set up once', [
      {
        job: finding('I want something I set up once.', 'I want') as ClassifiedFinding,
        sameAnswer: [{ ...finding('That was after we moved in together.', 'after'), id: 't#1.trigger', category: 'trigger', confidence: 0.6 } as ClassifiedFinding],
      },
    ])!;
    expect(story).toEqual({ situation: 'After we moved in together' });
    expect(tellStory('set up bill payments once', story)).toBe('After we moved in together, I want to set up bill payments once');
  });

  it('says nothing without a trigger or an outcome', () => {
    expect(jobStory('plan dinners')).toBeUndefined();
  });

  it("tells the story of one answer: never one person's situation with another's outcome", () => {
    const said = (id: string, category: string, sentence: string, match: string, confidence = 0.6) =>
      ({ ...finding(sentence, match), id, category, confidence }) as ClassifiedFinding;
    const ana = said('ana#1.job', 'job', 'I want to plan the week dinners.', 'I want to');
    const ben = said('ben#1.job', 'job', 'I plan the week dinners on Sunday.', 'I plan', 0.8);
    const anaTrigger = said('ana#2.trigger', 'trigger', 'It started when my daughter was born.', 'when');
    const benOutcome = said('ben#2.outcome', 'outcome', 'I do it so I can stop thinking about dinner at 5pm.', 'so I can');
    const told = (story: ReturnType<typeof storyOfOneAnswer>) => story && tellStory('plan the week dinners', story);
    expect(
      told(
        storyOfOneAnswer('plan the week dinners', [
          { job: ana, sameAnswer: [anaTrigger] },
          { job: ben, sameAnswer: [benOutcome] },
        ]),
      ),
    ).toBe('I want to plan the week dinners, so I can stop thinking about dinner at 5pm');
    // one answer with both parts is told whole, whoever is surer
    const anaOutcome = said('ana#3.outcome', 'outcome', 'So I can shop once a week.', 'So I can');
    expect(
      told(
        storyOfOneAnswer('plan the week dinners', [
          { job: ana, sameAnswer: [anaTrigger, anaOutcome] },
          { job: ben, sameAnswer: [benOutcome] },
        ]),
      ),
    ).toBe('When my daughter was born, I want to plan the week dinners, so I can shop once a week');
    expect(storyOfOneAnswer('plan the week dinners', [{ job: ana, sameAnswer: [] }])).toBeUndefined();
  });
});

describe('group: candidate jobs across transcripts', () => {
  const rules = fixtureRules();
  const analyse = transcriptAnalyser(rules);
  const interview = (id: string, answer: string) => analyse(transcriptOf(`Interviewer: What were you trying to do?\nParticipant: ${answer}`, `${id}.txt`));
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
      cues: { pain: [{ text: 'It was a nightmare.', subtype: 'struggle', at: 'p1.txt:2' }] },
    });
    expect(use[0]!.quotes.map((q) => q.transcript)).toEqual(['p1', 'p2']);
    const purchase = jobMap.stages.find((s) => s.id === 'purchase')!.jobs;
    expect(purchase.map((j) => j.statement)).toEqual(['find a cheaper plan for the team']);
  });

  it('keeps the normalised statement of every job finding', () => {
    expect(results[2]!.findings.find((f) => f.category === 'job')?.statement).toBe('find a cheaper plan for the team');
  });
});

describe('group: the merge heap', () => {
  it('gives the most alike pair first, ties to the lower indexes, however the merges were pushed', () => {
    const merge = fc.record({ score: fc.constantFrom(0.5, 0.6, 0.7, 0.9), a: fc.nat(20), b: fc.nat(20), va: fc.constant(0), vb: fc.constant(0) });
    fc.assert(
      fc.property(fc.array(merge, { maxLength: 200 }), (merges) => {
        const heap = new MergeHeap();
        for (const m of merges) heap.push(m);
        const popped: Merge[] = [];
        for (let m = heap.pop(); m; m = heap.pop()) popped.push(m);
        const expected = [...merges].sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
        expect(popped.map((m) => [m.score, m.a, m.b])).toEqual(expected.map((m) => [m.score, m.a, m.b]));
      }),
    );
  });
});

describe('the category registry', () => {
  it('names every category once, in the order of CATEGORIES, with the optional ones marked', () => {
    expect(CATEGORY_INFO.map((info) => info.id)).toEqual([...CATEGORIES]);
    expect(CATEGORY_INFO.filter((info) => info.optional).map((info) => info.id)).toEqual([...OPTIONAL_CATEGORIES]);
    expect(CUE_CATEGORIES.map((info) => info.cueKey)).toEqual(['pains', 'triggers', 'emotions', 'social', 'outcomes', 'forces']);
  });
});

describe('clip: a quote in one line, at most so long', () => {
  it('reads as the text with every run of whitespace one space, cut at a word with an ellipsis, however it is spaced', () => {
    const spaced = (text: string) => text.replace(/\s+/g, ' ').trim();
    const piece = fc.constantFrom('word', 'a', 'longerword', ' ', '  ', '\n', '\t', '\u00a0', '\u2028', ',');
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 80 }), fc.integer({ min: 5, max: 120 }), (pieces, max) => {
        const text = pieces.join('');
        const flat = spaced(text);
        const expected = flat.length <= max ? flat : flat.slice(0, max - 1).replace(/\s+\S*$/, '') + '\u2026';
        expect(clip(text, max)).toBe(expected);
      }),
    );
  });
});
