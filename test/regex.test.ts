import { describe, expect, it } from 'vitest';
import { contentWords } from '../src/extract/match.js';
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

  it('refuses nested quantifiers, which backtrack exponentially', () => {
    expect(refusal('(\\w+\\s?)+$')).toMatch(/^nested quantifier in "\(\\w\+\\s\?\)\+": a repeated group that itself repeats can take exponential time/);
    expect(refusal('(a*)*b')).toMatch(/^nested quantifier/);
    expect(refusal('((ab)+c)+')).toMatch(/^nested quantifier/);
  });

  it('refuses repeated choices that can start alike', () => {
    expect(refusal('(a|ab)+c')).toMatch(/^ambiguous alternation under a quantifier in "\(a\|ab\)\+"/);
    expect(refusal('(?:\\w|\\d)*x')).toMatch(/^ambiguous alternation/);
    expect(refusal('(?:\\w|\\s)*x')).toBe('accepted');
    expect(refusal('(?:very |really )+annoying')).toBe('accepted');
    expect(refusal('(yes|no){1}')).toBe('accepted');
  });

  it('refuses two repetitions of the same characters with nothing required between them', () => {
    expect(refusal('\\w+\\s*\\w+!')).toMatch(/^"\\w\+" and "\\w\+" can match the same characters with nothing required between them/);
    expect(refusal('.*.*done')).toMatch(/^"\.\*" and "\.\*" can match the same characters/);
    expect(refusal('\\d+ (hours|days)')).toBe('accepted');
    expect(refusal('[a-z]+\\d+')).toBe('accepted');
  });

  it('refuses back-references, invalid syntax and regexes that match an empty sentence', () => {
    expect(refusal('(\\w+) \\1')).toMatch(/^back-reference "\\1" is not allowed/);
    expect(refusal('(unclosed')).toMatch(/^not a valid regular expression: Unterminated group/);
    expect(refusal('x*')).toMatch(/matches an empty sentence/);
  });

  it('reads at most REGEX_INPUT_LIMIT characters of a sentence', () => {
    const long = `${'word '.repeat(REGEX_INPUT_LIMIT / 5)}needle here.`;
    expect(matchText('needle', long)).toBeUndefined();
    expect(matchText('needle', 'The needle here.')).toBe('needle');
  });

  it('a polynomial regex on a long near-miss sentence stays fast', () => {
    const started = Date.now();
    expect(matchText(".*x.*y.*z", "x".repeat(5000))).toBeUndefined();
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe('regex rules in worker threads', () => {
  it('survive the copy a worker receives (structured clone) and still match', () => {
    const matcher = structuredClone(regexMatcher('\\$\\d+ (a|per) month'));
    const sentence = sentenceOf('It went up to $30 a month.');
    expect(findPattern(matcher.pattern, contentWords(sentence.tokens), sentence.text)).toBeDefined();
  });
});
