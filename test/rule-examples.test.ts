import { describe, expect, it } from 'vitest';
import { checkExamples, checkLexiconExamples } from '../src/extract/examples.js';
import { checkStageExamples } from '../src/classify/stageExamples.js';
import { defaultConfig } from '../src/config.js';
import { DEFAULT_RULES_DIR, loadRuleSet } from '../src/rules/load.js';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { OPTIONAL_CATEGORIES } from '../src/categories.js';
import { FIXTURES, fixtureRules, folderOf } from './helpers.js';
import { configForRulesDir } from '../src/config.js';
import { testRules } from '../src/tools/ruleTests.js';

/** The shipped rules, the optional categories (the four forces) included. */
const shipped = () => loadRuleSet({ ...defaultConfig(), categories: [...OPTIONAL_CATEGORIES] });

describe('rule examples run as tests', () => {
  it('every default rule passes its own examples', () => {
    const failures = checkExamples(shipped().rules).map((f) => `${f.rule.file}:${f.example.line} ${f.rule.id}: expected ${f.expected} for "${f.example.text}", got ${f.outcome}`);
    expect(failures).toEqual([]);
  });

  it('every default rule carries examples of both kinds', () => {
    const missing = shipped().rules.filter((r) => r.examples.match.length === 0 || r.examples.noMatch.length === 0);
    expect(missing.map((r) => r.id)).toEqual([]);
  });

  it('reports a failing example with what the rule did instead', () => {
    const rule = fixtureRules().rules.find((r) => r.id === 'pain.hassle')!;
    const failures = checkExamples([{ ...rule, examples: { match: [{ text: 'It was no hassle.', line: 7 }], noMatch: [{ text: 'What a nightmare.', line: 8 }] } }]);
    expect(failures.map((f) => [f.expected, f.example.text, f.outcome])).toEqual([
      ['match', 'It was no hassle.', 'blocked-by-negation on "hassle"'],
      ['no_match', 'What a nightmare.', 'fired on "nightmare"'],
    ]);
  });

  it('an example with speaker labels is a dialogue: the other lines are context for after_question', () => {
    const rule = shipped().rules.find((r) => r.id === 'social.heard-from-someone')!;
    const asked = 'Interviewer: How did you first hear about it?\nParticipant: My colleague mentioned it.';
    const notAsked = 'Interviewer: What do you use it for?\nParticipant: My colleague mentioned it.';
    const failures = checkExamples([{ ...rule, examples: { match: [{ text: notAsked, line: 1 }], noMatch: [{ text: asked, line: 2 }] } }]);
    expect(failures.map((f) => [f.expected, f.outcome])).toEqual([
      ['match', 'needs-context on "colleague" (the question before has no `after_question` cue)'],
      ['no_match', 'fired on "colleague"'],
    ]);
  });

  it('a match example may say which words the rule must match and the subtype of the finding', () => {
    const rule = fixtureRules().rules.find((r) => r.id === 'pain.hassle')!;
    const examples = (matched: string, subtype?: string) => ({
      match: [{ text: 'Honestly it was a hassle every time.', line: 3, matched, ...(subtype ? { subtype } : {}) }],
      noMatch: [],
    });
    expect(checkExamples([{ ...rule, examples: examples('hassle', 'struggle') }])).toEqual([]);
    expect(checkExamples([{ ...rule, examples: examples('a hassle') }]).map((f) => f.outcome)).toEqual(['matched "hassle", not "a hassle"']);
    expect(checkExamples([{ ...rule, examples: examples('hassle', 'cost') }]).map((f) => f.outcome)).toEqual(['a pain finding of subtype "struggle", not "cost"']);
  });
});

describe('lexicon examples run as tests', () => {
  const failuresOf = (rules: ReturnType<typeof loadRuleSet>) =>
    checkLexiconExamples(rules.lexicons).map((f) => `${f.file}:${f.example.line} @${f.lexicon.name}: expected ${f.expected} for "${f.example.text}", got ${f.outcome}`);

  it('every shipped lexicon passes its own examples, and some carry them', () => {
    const rules = shipped();
    expect(failuresOf(rules)).toEqual([]);
    expect(rules.lexicons.filter((lexicon) => lexicon.examples.length > 0).length).toBeGreaterThanOrEqual(3);
  });

  it('an entry must find the words of a match example, and none may find anything in a no_match one', () => {
    const dir = folderOf({
      'lexicons/bosses.yaml': [
        'lexicon: bosses',
        'words: [foreman, supervisor]',
        'phrases: ["line manager"]',
        'examples:',
        '  match:',
        '    - "My foreman told me to try it."',
        '    - { text: "My line manager signed it off.", matched: "line manager" }',
        '    - { text: "The supervisor said so.", matched: "said" }',
        '    - "Nobody here uses it."',
        '  no_match:',
        '    - "A friend showed me."',
        '    - "I asked my supervisor first."',
        '',
      ].join('\n'),
    });
    for (const name of ['pain.yaml', 'stages.yaml']) copyFileSync(path.join(FIXTURES, 'rules', name), path.join(dir, name));
    expect(failuresOf(loadRuleSet(configForRulesDir(dir)))).toEqual([
      expect.stringMatching(/bosses\.yaml:8 @bosses: expected match for "The supervisor said so\.", got found "supervisor" \(word "supervisor"\)$/),
      expect.stringMatching(/bosses\.yaml:9 @bosses: expected match for "Nobody here uses it\.", got nothing found$/),
      expect.stringMatching(/bosses\.yaml:12 @bosses: expected no_match for "I asked my supervisor first\.", got found "supervisor" \(word "supervisor"\)$/),
    ]);
  });

  it('a project folder that copies the shipped lexicons runs each example once, and adds its own', () => {
    // a copy of the shipped lexicon, as a project that copied the rules folder has, and a folder over it that extends the lexicon
    const copy = folderOf({ 'lexicons/people.yaml': readFileSync(path.join(DEFAULT_RULES_DIR, 'lexicons', 'people.yaml'), 'utf8') });
    const more = folderOf({ 'lexicons/people.yaml': 'lexicon: people\nwords: [foreman]\nexamples:\n  match: ["Our foreman swears by it."]\n  no_match: []\n' });
    const config = { ...defaultConfig(), rules: { ...defaultConfig().rules, folders: [copy, more] } };
    const layered = loadRuleSet(config).lexicons.find((l) => l.name === 'people')!;
    const shippedPeople = shipped().lexicons.find((l) => l.name === 'people')!;
    const count = (lexicon: typeof layered) => lexicon.examples.reduce((sum, e) => sum + e.match.length + e.noMatch.length, 0);
    expect(count(layered)).toBe(count(shippedPeople) + 1);
    expect(testRules(loadRuleSet(config)).lexiconFailures).toEqual([]);
  });
});

describe('stage model examples run as tests', () => {
  it.each(['journey', 'job-map', 'switch'])('every example of the shipped %s model lands on its stage', (model) => {
    const rules = loadRuleSet({ ...defaultConfig(), stages: { value: model } });
    expect(rules.stages.examples.length).toBeGreaterThan(5);
    expect(checkStageExamples(rules).map((f) => `${f.example.file}:${f.example.line} expected ${f.example.stage}, got ${f.got}`)).toEqual([]);
  });

  it('says where a failing example is, and what placed it instead', () => {
    const rules = loadRuleSet(defaultConfig());
    const wrong = { ...rules, stages: { ...rules.stages, examples: [{ text: 'I use it every day.', stage: 'purchase', file: 'journey.yaml', line: 9 }] } };
    expect(checkStageExamples(wrong).map((f) => [f.example.line, f.got])).toEqual([[9, 'use: sentence has phrase "every day"']]);
  });
});
