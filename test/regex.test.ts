import { describe, expect, it } from 'vitest';
import { contentWords } from '../src/rules/find.js';
import { MatcherIndex } from '../src/rules/index.js';
import { LiteralScan } from '../src/rules/literalScan.js';
import { regexMatcher } from '../src/rules/matchers.js';
import { findPattern } from '../src/rules/patternMatch.js';
import { PatternSyntaxError } from '../src/rules/syntaxError.js';
import fc from 'fast-check';
import { RE2JS } from 're2js';
import { REGEX_INPUT_LIMIT } from '../src/rules/regex.js';
import { mayMatchText, requiredLiterals } from '../src/rules/regexPrefilter.js';
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

describe('regex: the words a regex cannot do without, checked before the engine runs', () => {
  it('reads plain words and plain choices at the top level, and nothing that a quantifier makes optional', () => {
    expect(requiredLiterals('\\b(dollars|bucks|quid)\\s(a|per)\\s(month|week)\\b')).toEqual([
      ['dollars', 'bucks', 'quid'],
      ['a', 'per'],
      ['month', 'week'],
    ]);
    expect(requiredLiterals('\\$\\d+(\\.\\d\\d)?\\s(a|per) Month')).toEqual([['a', 'per'], [' month']]);
    expect(requiredLiterals('colou?r')).toEqual([['colo'], ['r']]);
    expect(requiredLiterals('go+d')).toEqual([['go'], ['d']]);
    expect(requiredLiterals('(?:re)?(do|type)')).toEqual([['do', 'type']]);
    // a class: nothing is required of it
    expect(requiredLiterals('[a-z]+ing')).toEqual([['ing']]);
    // an escape with an argument is one item, whatever follows it
    expect(requiredLiterals('\\x41bc')).toEqual([['bc']]);
    expect(requiredLiterals('foo\\040bar')).toEqual([['foo'], ['bar']]);
    expect(requiredLiterals('\\pLx')).toEqual([['x']]);
    // a quantifier after a flag group applies to what came before it
    expect(requiredLiterals('abc(?i)?')).toEqual([]);
    expect(requiredLiterals('a{0,2}b{01}c')).toEqual([['b'], ['c']]);
  });

  it('reads a choice of anything else part by part: one literal each part cannot do without', () => {
    // each part brings its group whose shortest word is longest: the one least likely in any sentence
    expect(requiredLiterals('abc|def')).toEqual([['abc', 'def']]);
    expect(requiredLiterals('^\\W*(yes|honestly,? (yes|yeah))\\b')).toEqual([['yes', 'honestly']]);
    expect(requiredLiterals('\\bmy (own )?(skills?|memory|critical thinking)( \\w+){0,2} (get(ting)? worse|declin\\w*|go(ing)? rusty)')).toEqual([
      ['my '],
      ['skill', 'memory', 'critical thinking'],
      [' worse', 'declin', ' rusty'],
    ]);
    // a part with no literal of its own: the choice needs nothing
    expect(requiredLiterals('(abc|\\w+)x')).toEqual([['x']]);
    expect(requiredLiterals('abc|[a-z]')).toEqual([]);
    expect(requiredLiterals('(a|)b')).toEqual([['b']]);
  });

  it('never turns away a sentence the regex matches, whatever the regex and the sentence', () => {
    const piece = fc.oneof(
      fc.constantFrom('a', 'b', 'k', 's', 'ab', 'ks', ' ', 'é', 'σ', '\\b', '\\s', '\\w', '\\W', '.', '[ab]', '[^k]', '[]a]', '^', '$', '\\.', '-'),
      // escapes with an argument, flag groups, quoting
      fc.constantFrom('\\x41', '\\x{61}', '\\101', '\\040', '\\0', '\\pL', '\\PL', '\\p{Greek}', '(?i)', '(?-i)', '(?s)', '\\Qa.\\E', '[[:alpha:]]'),
      fc.array(fc.constantFrom('a', 'bk', 'S', 's a', ''), { minLength: 1, maxLength: 3 }).map((choices) => `(${choices.join('|')})`),
      fc.array(fc.constantFrom('a', 'b', 'ks'), { minLength: 1, maxLength: 2 }).map((choices) => `(?:${choices.join('|')})`),
      // choices that are not plain words: nested groups, classes, quantifiers, empty parts
      fc
        .array(fc.constantFrom('a(b|k)', 'ks?', 'b[ak]', '(?:s|a)b+', 'k\\w*', '\\b', 'a{0,1}s', '', 's a'), { minLength: 1, maxLength: 3 })
        .map((choices) => `(${choices.join('|')})`),
    );
    const quantifier = fc.constantFrom('', '', '?', '*', '+', '{0,2}', '{2}', '{1,}', '??', '+?');
    const regex = fc
      .array(fc.tuple(piece, quantifier), { minLength: 1, maxLength: 6 })
      .chain((parts) => fc.constantFrom('', '|a').map((tail) => parts.map(([p, q]) => p + q).join('') + tail));
    // the letters RE2 folds onto "k" and "s" (the Kelvin sign, the long s), capitals, Greek with its final sigma
    // sentences made of the regexes' own letters, so that many match and the check is put to work
    const text = fc
      .array(fc.constantFrom('a', 'A', 'b', 'B', 'k', 'K', '\u212a', 's', 'S', 'ſ', ' ', '.', 'é', 'É', 'σ', 'Σ', 'ς', 'ab', 'ks', 's a', 'bk', '1'), { maxLength: 8 })
      .map((units) => units.join(''));
    fc.assert(
      fc.property(regex, text, (source, sentence) => {
        let engine: RE2JS;
        try {
          engine = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
        } catch {
          return; // not a regex RE2 takes: a rule file is refused before it runs
        }
        if (engine.matcher(sentence).find()) expect(mayMatchText(requiredLiterals(source), sentence), `${source} on "${sentence}"`).toBe(true);
      }),
      { numRuns: 5000 },
    );
  });

  it('keeps a regex rule out of the candidates of a sentence that lacks the words it cannot match without', () => {
    const index = new MatcherIndex([{ item: 'cost', matchers: [regexMatcher('\\b(dollars|bucks) a month\\b')] }]);
    const candidates = (text: string, withText = true) => {
      const sentence = sentenceOf(text);
      return index.candidates(contentWords(sentence.tokens), withText ? sentence.text : undefined).map(({ item }) => item);
    };
    expect(candidates('It costs me ten euros a month.')).toEqual([]);
    expect(candidates('It costs me ten bucks a month.')).toEqual(['cost']);
    // the literals are a filter, not the match: a sentence holding them apart is still tried, and the regex decides
    expect(candidates('Bucks, not dollars, a month ago.')).toEqual(['cost']);
    // asked without the text (a caller that has only the words), the regex is left to findPattern
    expect(candidates('It costs me ten euros a month.', false)).toEqual(['cost']);
  });

  it('finds in one pass every literal a text holds, overlapping and nested ones too, as a search for each would', () => {
    // few letters, so literals overlap, nest and share prefixes and suffixes; text with characters no literal holds
    const literal = fc.array(fc.constantFrom('a', 'b', 'c', ' '), { minLength: 1, maxLength: 5 }).map((chars) => chars.join(''));
    const text = fc.array(fc.constantFrom('a', 'b', 'c', ' ', 'é', 'ab', 'ca'), { maxLength: 20 }).map((units) => units.join(''));
    fc.assert(
      fc.property(fc.uniqueArray(literal, { minLength: 1, maxLength: 12 }), fc.array(text, { minLength: 1, maxLength: 3 }), (literals, texts) => {
        const scan = new LiteralScan(literals);
        for (const sentence of texts) {
          scan.scan(sentence);
          literals.forEach((lit, id) => expect(scan.holds(id), `"${lit}" in "${sentence}"`).toBe(sentence.includes(lit)));
        }
      }),
      { numRuns: 2000 },
    );
  });

  it('still answers after four billion scans, when its 32-bit marks would wrap (a long watch session)', () => {
    const scan = new LiteralScan(['ab']);
    (scan as unknown as { stamp: number }).stamp = 0xffffffff - 1;
    const held = (text: string) => {
      scan.scan(text);
      return scan.holds(0);
    };
    expect([held('xab'), held('zz'), held('ab'), held('b')]).toEqual([true, false, true, false]);
  });
});
