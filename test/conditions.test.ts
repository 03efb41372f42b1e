import { describe, expect, it } from 'vitest';
import { matchSentence } from '../src/extract/match.js';
import { indexRules } from '../src/rules/ruleIndex.js';
import { loadRules } from '../src/rules/load.js';
import path from 'node:path';
import { folderOf, MINIMAL_STAGES, problemsOf, segmentedOf, sentenceOf } from './helpers.js';

const HEDGES = 'lexicon: hedges\nwords: [maybe, perhaps, probably]\nphrases: ["i guess"]\n';

/** Loads one category file (plus a stage model and a hedges lexicon) and returns its rule index. */
function indexOf(ruleFile: string) {
  return indexRules(loadRules(folderOf({ 'stages.yaml': MINIMAL_STAGES, 'lexicons/hedges.yaml': HEDGES, 'rules.yaml': ruleFile })).rules);
}

/** Each rule's status on a lone participant sentence. */
function statuses(ruleFile: string, text: string): string[] {
  return matchSentence(indexOf(ruleFile), sentenceOf(text)).map((hit) => `${hit.rule.id}:${hit.status}${hit.reason ? ` (${hit.reason})` : ''}`);
}

/** Each rule's status on every participant sentence of a dialogue. */
function dialogueStatuses(ruleFile: string, dialogue: string): string[] {
  const index = indexOf(ruleFile);
  const { sentences } = segmentedOf(dialogue);
  return sentences
    .filter((s) => s.role === 'participant')
    .flatMap((s) => matchSentence(index, s, sentences).map((hit) => `${s.text} -> ${hit.status}${hit.reason ? ` (${hit.reason})` : ''}`));
}

describe('rule conditions: questions and hedges', () => {
  const rule = (key: string, value: string) => `category: job\nrules:\n  - id: job.switch\n    words: [switch]\n    ${key}: ${value}\n`;

  it('questions: skip leaves out a participant\'s own questions ("why would I switch?")', () => {
    expect(statuses(rule('questions', 'skip'), 'Why would I switch to something else?')).toEqual(['job.switch:blocked-by-question']);
    expect(statuses(rule('questions', 'skip'), 'We had to switch to the cheaper plan.')).toEqual(['job.switch:fired']);
    expect(statuses(rule('questions', 'only'), 'We had to switch to the cheaper plan.')).toEqual(['job.switch:needs-context (not a question)']);
  });

  it('a question in a closing aside does not make the sentence a question ("... (I think it was the yearly one?)")', () => {
    expect(statuses(rule('questions', 'skip'), 'We had to switch plans (I think it was the yearly one?)')).toEqual(['job.switch:fired']);
    expect(statuses(rule('questions', 'skip'), 'Did we switch plans (the yearly one)?')).toEqual(['job.switch:blocked-by-question']);
    expect(statuses(rule('questions', 'skip'), '(Why would I switch?)')).toEqual(['job.switch:blocked-by-question']);
  });

  it('hedges: skip leaves out sentences with a cue of the `hedges` lexicon', () => {
    expect(statuses(rule('hedges', 'skip'), 'Maybe one day I would switch.')).toEqual(['job.switch:blocked-by-hedge']);
    expect(statuses(rule('hedges', 'skip'), 'I guess we would switch eventually.')).toEqual(['job.switch:blocked-by-hedge']);
    expect(statuses(rule('hedges', 'skip'), 'Last year we decided to switch.')).toEqual(['job.switch:fired']);
    expect(statuses(rule('hedges', 'only'), 'Last year we decided to switch.')).toEqual(['job.switch:needs-context (no hedge)']);
  });
});

describe('rule conditions: co-occurrence, neighbours and the question before', () => {
  const trigger = `category: trigger
rules:
  - id: trigger.event-and-time
    words: [started, switched]
    requires:
      - name: time cue
        words: [when, after, once]
        phrases: ["the day"]
      - name: event cue
        words: [left, joined, broke, launched]
`;

  it('requires: every group needs a cue in the sentence (an event cue AND a time cue)', () => {
    expect(statuses(trigger, 'When our designer left I started doing the layouts myself.')).toEqual(['trigger.event-and-time:fired']);
    expect(statuses(trigger, 'The day the old tool broke, we switched.')).toEqual(['trigger.event-and-time:fired']);
    expect(statuses(trigger, 'I started using it for emails.')).toEqual(['trigger.event-and-time:needs-context (no time cue (requires))']);
    expect(statuses(trigger, 'When I started I was slow.')).toEqual(['trigger.event-and-time:needs-context (no event cue (requires))']);
  });

  const near = 'category: pain\nrules:\n  - id: pain.export\n    words: [export]\n    near:\n      within: 1\n      words: [annoying, broken]\n';

  it('near: a cue within N sentences before or after', () => {
    const dialogue = 'Q: How was exporting?\nA: I tried to export the report. It was broken again. Anyway. Then I had to export it twice.';
    expect(dialogueStatuses(near, dialogue)).toEqual([
      'I tried to export the report. -> fired',
      'Then I had to export it twice. -> needs-context (no `near` cue within 1 sentence(s))',
    ]);
  });

  const awareness = `category: social
rules:
  - id: social.heard-from
    words: [friend, colleague]
    after_question:
      phrases: ["how did you first hear", "how did you find out"]
`;

  it("after_question: a cue in the interviewer's question just before the answer", () => {
    const dialogue = [
      'Interviewer: Thanks. How did you first hear about it?',
      'Participant: A friend sent me a link.',
      'Interviewer: What do you use it for?',
      'Participant: Mostly notes for a colleague.',
    ].join('\n');
    expect(dialogueStatuses(awareness, dialogue)).toEqual([
      'A friend sent me a link. -> fired',
      'Mostly notes for a colleague. -> needs-context (the question before has no `after_question` cue)',
    ]);
  });
});

describe('lexicons', () => {
  const lexicon = 'lexicon: negative-emotions\ndescription: Words for bad feelings.\nwords: [annoyed, upset]\nphrases: ["fed up"]\n';
  const rule = 'category: emotion\nrules:\n  - id: emotion.negative\n    words: ["@negative-emotions", grumpy]\n    unless: ["@hedges"]\n';

  it('"@name" brings every entry of a lexicon into a rule, in any cue list', () => {
    const index = indexRules(loadRules(folderOf({ 'stages.yaml': MINIMAL_STAGES, 'lexicons/neg.yaml': lexicon, 'lexicons/hedges.yaml': HEDGES, 'emotion.yaml': rule })).rules);
    const fired = (text: string) => matchSentence(index, sentenceOf(text)).map((hit) => hit.status);
    expect(fired('I was so fed up with it.')).toEqual(['fired']);
    expect(fired('Everyone got upset.')).toEqual(['fired']);
    expect(fired('I was grumpy.')).toEqual(['fired']);
    expect(fired('Maybe I was upset.')).toEqual(['blocked-by-unless']);
  });

  it("(@name) inside a pattern is a choice of the lexicon's words and phrases", () => {
    const inPattern = 'category: emotion\nrules:\n  - id: emotion.got-negative\n    patterns: ["(i|we) (got|felt) (so|really)? (@negative-emotions|cross)"]\n';
    const rules = loadRules(folderOf({ 'stages.yaml': MINIMAL_STAGES, 'lexicons/neg.yaml': lexicon, 'lexicons/hedges.yaml': HEDGES, 'emotion.yaml': inPattern })).rules;
    const fired = (text: string) => matchSentence(indexRules(rules), sentenceOf(text)).map((hit) => hit.status);
    expect(fired('Honestly I got so fed up.')).toEqual(['fired']);
    expect(fired('We felt really upset about it.')).toEqual(['fired']);
    expect(fired('I got cross.')).toEqual(['fired']);
    expect(fired('I got a new phone.')).toEqual([]);
    // the rule keeps the pattern as written, so explain and eval show "(@negative-emotions|cross)"
    expect(rules[0]!.matchers[0]!.source).toBe('(i|we) (got|felt) (so|really)? (@negative-emotions|cross)');
  });

  it('names an unknown lexicon inside a pattern, and one used outside a choice', () => {
    const bad = 'category: emotion\nrules:\n  - id: emotion.x\n    patterns: ["i felt (@negative-emotion)", "i felt @negative-emotions"]\n';
    const dir = folderOf({ 'stages.yaml': MINIMAL_STAGES, 'lexicons/neg.yaml': lexicon, 'lexicons/hedges.yaml': HEDGES, 'emotion.yaml': bad });
    expect(problemsOf(() => loadRules(dir), dir + path.sep)).toEqual([
      // at the lexicon's name, and at the @ outside a choice
      'emotion.yaml:4:25: bad pattern "i felt (@negative-emotion)": unknown lexicon "@negative-emotion" (did you mean "negative-emotions"?); known lexicons: hedges, negative-emotions',
      'emotion.yaml:4:54: bad pattern "i felt @negative-emotions": a lexicon can only be named as a choice inside parentheses, like (@people) or (@people|someone)',
    ]);
  });
});
