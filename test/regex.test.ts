import { describe, expect, it } from 'vitest';
import { contentWords } from '../src/rules/find.js';
import { regexMatcher } from '../src/rules/matchers.js';
import { findPattern } from '../src/rules/pattern.js';
import { PatternSyntaxError } from '../src/rules/syntaxError.js';
import { REGEX_INPUT_LIMIT } from '../src/rules/regex.js';
import { sentenceOf } from './helpers.js';

function matchText(source: string, text: string): string | undefined {
  const sentence = sentenceOf(text);
  const words = contentWords(sentence.tokens);
  const span = findPattern(regexMatcher(source).pattern, words, sentence.text);
  return span && sentence.text.slice(words[span.start]!.start, words[span.end - 1]!.end);
}

function refusal(source: string): string {
  try {
    regexMatcher(source);
  } catch (error) {
    if (error instanceof PatternSyntaxError) return error.message;
    throw error;
  }
  return 'accepted';
}

describe('regex: the escape hatch', () => {
  it('matches the sentence text, case-insensitively, and reports the words it covers', () => {
    expect(matchText('\\$\\d+(\\.\\d\\d)? (a|per) month', 'It went up to $30 a month overnight.')).toBe('30 a month');
    expect(matchText('re-?(enter|type)', 'I had to RE-TYPE the whole address.')).toBe('RE-TYPE');
    expect(matchText('\\bv\\d+\\b', 'Version two was fine.')).toBeUndefined();
  });

  it('runs regexes that backtrack in JavaScript in linear time: nested quantifiers, ambiguous choices', () => {
    for (const source of ['(\\w?\\w)+$', '(a?b|b)+$', '(\\w+\\s?)+$', '(a|ab)+c', '\\w+\\s*\\w+!', '.*.*done']) expect(refusal(source)).toBe('accepted');
    const word = 'b'.repeat(REGEX_INPUT_LIMIT - 1) + '!';
    expect(matchText('(\\w?\\w)+$', word)).toBeUndefined();
    expect(matchText('(a?b|b)+$', word)).toBeUndefined();
    expect(matchText('(\\w+\\s?)+$', 'I keep typing the same words again and again.')).toBeUndefined();
    expect(matchText('(very |really )+annoying', 'It was really very annoying.')).toBe('really very annoying');
  });

  it('names what the engine cannot run: back-references and lookaround; refuses invalid syntax and regexes that match an empty sentence', () => {
    expect(refusal('(\\w+) \\1')).toMatch(/^a back-reference \("\\1", "\\k<name>"\) is not supported: rule regexes run on a linear-time engine \(RE2\)/);
    expect(refusal('(?<word>\\w+) \\k<word>')).toMatch(/^a back-reference/);
    expect(refusal('price(?= went up)')).toMatch(/^lookaround \("\(\?=", "\(\?!", "\(\?<=", "\(\?<!"\) is not supported/);
    expect(refusal('(?<!not )happy')).toMatch(/^lookaround/);
    expect(refusal('a\\\\1')).toBe('accepted');
    expect(refusal('(unclosed')).toMatch(/^not a valid regular expression \(RE2 syntax\): missing closing \)/);
    expect(refusal('x*')).toMatch(/matches an empty sentence/);
  });

  it('reads at most REGEX_INPUT_LIMIT characters of a sentence', () => {
    const long = `${'word '.repeat(REGEX_INPUT_LIMIT / 5)}needle here.`;
    expect(matchText('needle', long)).toBeUndefined();
    expect(matchText('needle', 'The needle here.')).toBe('needle');
  });

  it('a polynomial regex on a long near-miss sentence answers (RE2 matches in linear time; no clock is read here)', () => {
    expect(matchText('.*x.*y.*z', 'x'.repeat(5000))).toBeUndefined();
    expect(matchText('.*x.*y.*z', `${'x'.repeat(500)} y z`)).toBeDefined();
  });
});

describe('regex rules in worker threads', () => {
  it('survive the copy a worker receives (structured clone) and still match', () => {
    const matcher = structuredClone(regexMatcher('\\$\\d+ (a|per) month'));
    const sentence = sentenceOf('It went up to $30 a month.');
    expect(findPattern(matcher.pattern, contentWords(sentence.tokens), sentence.text)).toBeDefined();
  });
});
