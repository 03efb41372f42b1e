import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../src/config.js';
import { readTense } from '../src/classify/tense.js';
import { indexTimeCues, readTime } from '../src/classify/time.js';
import { InterviewTime } from '../src/classify/timeline.js';
import { checkTimeExamples } from '../src/classify/timeExamples.js';
import { loadRuleSet } from '../src/rules/load.js';
import { folderOf, MINIMAL_STAGES, problemsOf, segmentedOf, sentenceOf } from './helpers.js';

const shipped = loadRuleSet(defaultConfig());
const cues = indexTimeCues(shipped.time);
const tenseOf = (text: string) => readTense(sentenceOf(text).tokens).tense;
const timeOf = (text: string, anchorAge?: number) => {
  const { when, words, by } = readTime(sentenceOf(text), cues, anchorAge);
  return { when, words, by };
};

describe('tense and aspect, from the parse', () => {
  it('reads the past, a stopped habit, "would", the present, the perfect and the future', () => {
    expect(tenseOf('We bought the cheap one at Costco.')).toBe('past');
    expect(tenseOf('I used to copy every number by hand.')).toBe('habitual_past');
    expect(tenseOf("I'd wake up and it would take me twenty minutes to stand straight.")).toBe('would');
    expect(tenseOf('I open it most mornings while I have coffee.')).toBe('present');
    expect(tenseOf("I've been using it since March.")).toBe('perfect');
    expect(tenseOf("I'll keep it, no question.")).toBe('future');
    expect(tenseOf("We're going to renew in January.")).toBe('future');
  });

  it('"used to" is a stopped habit only before a verb, not "I\'m used to it"', () => {
    expect(tenseOf("I'm used to it by now.")).toBe('present');
    expect(tenseOf('You get used to the noise.')).toBe('present');
  });

  it('takes the main clause, not the when- or since-clause, nor a framing "I think"', () => {
    expect(tenseOf('Since we switched, I sleep through the night.')).toBe('present');
    expect(tenseOf('When we bought it, it was on sale.')).toBe('past');
    expect(tenseOf('I think AI will replace most illustrators.')).toBe('future');
  });
});

describe('when a sentence happens, relative to the anchor (rules/time.yaml)', () => {
  it('the anchor named with a relation word: before it, at it, after it', () => {
    expect(timeOf('Before we switched, I kept every receipt in a shoebox.')).toEqual({ when: 'before', words: 'Before we switched', by: 'anchor' });
    expect(timeOf('When we bought it, it was fifteen percent off.')).toEqual({ when: 'at', words: 'When we bought it', by: 'anchor' });
    expect(timeOf('Since we switched, nobody has missed a payment.')).toEqual({ when: 'after', words: 'Since we switched', by: 'anchor' });
  });

  it('time expressions: the old way, these days, going forward', () => {
    expect(timeOf('Pre-AI we always did this task by hand.').when).toBe('before');
    // "these days" is a time after the anchor only with use growing or shrinking; alone it is the present, a habit
    expect(timeOf('These days I hardly open the app.')).toEqual({ when: 'after', words: 'These days I hardly', by: 'expression' });
    expect(timeOf('These days I mostly use it to draft the rota.').when).toBeUndefined();
    expect(timeOf("Going forward I'd like it to do the invoices too.")).toEqual({ when: 'future', words: 'Going forward', by: 'expression' });
  });

  it('a future word in a past sentence is no future ("one day I asked it...")', () => {
    expect(timeOf('Someday I will try the paid plan.').when).toBe('future');
    expect(timeOf('One day I asked it to summarise a contract and it made up a clause.').when).toBeUndefined();
  });

  it('then and now in one breath is a change', () => {
    expect(timeOf('I used to spend hours on emails and now it takes me ten minutes.')).toEqual({ when: 'change', words: 'used to ... now', by: 'tense' });
    expect(timeOf("Honestly I don't fight with the spreadsheet anymore.").when).toBe('change');
    expect(timeOf('It has made research more fun than before.').when).toBe('change');
  });

  it('"used to" alone is a time before; "now" alone is no time at all', () => {
    expect(timeOf('I used to print every invoice and file it.')).toEqual({ when: 'before', words: 'used to', by: 'tense' });
    expect(timeOf('Now I open it every morning.').when).toBeUndefined();
  });

  it('a date is compared with the anchor\'s: "four years ago" is before a purchase made "two weeks ago"', () => {
    const anchorAge = 14;
    expect(timeOf('Four years ago we bought the cheap one at Costco.', anchorAge)).toEqual({ when: 'before', words: 'Four years ago', by: 'date' });
    expect(timeOf('Last week I slept eight hours straight.', anchorAge)).toEqual({ when: 'after', words: 'Last week', by: 'date' });
    // without a dated anchor, a purchase with a date dates the anchor
    expect(timeOf('We bought it two weeks ago.')).toEqual({ when: 'at', words: 'bought it ... two weeks ago', by: 'date' });
  });
});

describe('the time of an interview', () => {
  const interview = [
    'Interviewer: So you got the new mattress two weeks ago?',
    "Participant: Yes, we've had it two weeks now.",
    'Interviewer: Tell me about the old one.',
    'Participant: Four years ago we bought the cheap one at Costco. It sagged in the middle within a year. I love the new one though.',
  ].join('\n');

  it('dates the anchor from the first sentence that names and dates it', () => {
    const { sentences } = segmentedOf(interview);
    expect(new InterviewTime(sentences, cues).anchorDate()).toMatchObject({ age: 14, by: expect.objectContaining({ text: 'So you got the new mattress two weeks ago?' }) });
  });

  it('a sentence in the past goes on in the time of the answer so far; one in the present has come back to now', () => {
    const { sentences } = segmentedOf(interview);
    const times = new InterviewTime(sentences, cues);
    const at = (start: string) => times.timeInAnswer(sentences.find((s) => s.text.startsWith(start))!);
    expect(at('Four years ago')).toMatchObject({ when: 'before', words: 'Four years ago', by: 'date' });
    expect(at('It sagged')).toMatchObject({ when: 'before', carriedFrom: expect.objectContaining({ text: expect.stringMatching(/^Four years ago/) }) });
    expect(at('I love the new one').when).toBeUndefined();
  });
});

describe('the time file: examples and errors', () => {
  it('every shipped example reads as its time', () => {
    expect(checkTimeExamples(shipped.time)).toEqual([]);
    expect(shipped.time.examples.length).toBeGreaterThan(10);
  });

  it('reports an example read as another time, with what it was read as', () => {
    const dir = folderOf({
      'stages.yaml': MINIMAL_STAGES,
      'time.yaml':
        'anchor:\n  events: { phrases: ["signed up"] }\n  before: { words: [before] }\nwhen:\n  after: { phrases: ["these days"] }\nexamples:\n  - { text: "These days I barely open it.", when: future }\n',
    });
    const failures = checkTimeExamples(loadRuleSet({ ...defaultConfig(), rules: { folders: [dir], shipped: false, disable: [] } }).time);
    expect(failures.map((f) => [f.example.text, f.example.line, f.got])).toEqual([['These days I barely open it.', 7, 'after ("These days", by expression)']]);
  });

  it('a later folder adds its cues to the shipped ones', () => {
    const dir = folderOf({ 'time.yaml': 'anchor:\n  events: { phrases: ["joined ledgerly"] }\n' });
    const layered = loadRuleSet({ ...defaultConfig(), rules: { folders: [dir], shipped: true, disable: [] } });
    expect(readTime(sentenceOf('Before I joined Ledgerly I did it all in Excel.'), indexTimeCues(layered.time)).when).toBe('before');
    expect(layered.time.files).toHaveLength(2);
  });

  it('names file:line:col for what is wrong', () => {
    const dir = folderOf({
      'stages.yaml': 'model: m\nstages:\n  - id: use\ntime:\n  befor: use\n  at: usage\n',
      'time.yaml': 'anchor:\n  events: { phrases: ["signed up"] }\n  within: 9\nwhen:\n  later: { words: [later] }\nexamples:\n  - { text: "x", when: sometime }\n',
    });
    expect(problemsOf(() => loadRuleSet({ ...defaultConfig(), rules: { folders: [dir], shipped: false, disable: [] } }), `${dir}/`)).toEqual([
      'stages.yaml:5:3: unknown key "befor" in `time` (the stage for each time relative to the anchor) (did you mean "before"?); expected one of: before, at, after, future, change',
      'stages.yaml:6:7: `time.at` should be one of: use (did you mean "use"?)',
      'time.yaml:3:11: `anchor.within` should be a whole number from 0 to 6',
      'time.yaml:5:3: unknown key "later" in `when` (did you mean "after"?); expected one of: before, at, after, future, change, now',
      'time.yaml:7:24: `when` should be one of: before, at, after, future, change, none',
    ]);
  });
});
