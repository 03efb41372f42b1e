import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { contentWords } from '../src/rules/find.js';
import { compilePattern } from '../src/rules/patternCompile.js';
import { findPattern } from '../src/rules/patternMatch.js';
import { PatternSyntaxError } from '../src/rules/syntaxError.js';
import { phraseMatcher, wordMatcher } from '../src/rules/matchers.js';
import { sentenceOf } from './helpers.js';

function matchText(source: string, sentence: string): string | undefined {
  const s = sentenceOf(sentence);
  const words = contentWords(s.tokens);
  const span = findPattern(compilePattern(source), words);
  return span && s.text.slice(words[span.start]!.start, words[span.end - 1]!.end);
}

describe('pattern syntax (a compromise-style subset on wink tokens)', () => {
  it('matches words, choices and parts of speech', () => {
    expect(matchText('(i|we) (was|were) trying to #Verb', 'So we were trying to find a cheaper plan.')).toBe('we were trying to find');
    expect(matchText('(i|we) (was|were) trying to #Verb', 'They were trying to find a plan.')).toBeUndefined();
  });

  it('mixes words and parts of speech in one choice', () => {
    expect(matchText('(it|#Noun) lets (me|us)', 'The template lets us send quotes.')).toBe('template lets us');
    expect(matchText('(it|#Noun) lets (me|us)', 'It lets me relax.')).toBe('It lets me');
    expect(matchText('(it|#Noun) lets (me|us)', 'She lets us in.')).toBeUndefined();
  });

  it('matches any inflection with {lemma} and plain words by lemma', () => {
    expect(matchText('{struggle} with', 'I really struggled with the setup.')).toBe('struggled with');
    expect(matchText('try to', 'I tried to cancel twice.')).toBe('tried to');
  });

  it('spells contractions either way', () => {
    expect(matchText("couldn't find", 'I could not find the button.')).toBe('could not find');
    expect(matchText('could not find', "I couldn't find the button.")).toBe("couldn't find");
    expect(matchText("i'm", 'Honestly I am done.')).toBe('I am');
  });

  it("reads contractions typed without the apostrophe as the apostrophe's form, in the text and in a rule", () => {
    expect(matchText("doesn't really concern", 'It doesnt really concern me.')).toBe('doesnt really concern');
    expect(matchText('doesnt really concern', "It doesn't really concern me.")).toBe("doesn't really concern");
    expect(matchText("don't know", 'I dont know yet.')).toBe('dont know');
    expect(matchText("can't see", 'I cant see why.')).toBe('cant see');
    expect(matchText('did not like', 'I didnt like it.')).toBe('didnt like');
    expect(matchText("i've seen", 'Well ive seen it before.')).toBe('ive seen');
    expect(matchText("you're right", 'Youre right about that.')).toBe('Youre right');
    // words that only look like one: "were", "well", "ill", "want" stay themselves
    expect(matchText('we are', 'We were fine.')).toBeUndefined();
    expect(matchText('we will', 'Well, it went well.')).toBeUndefined();
    expect(matchText('i will', 'I felt ill.')).toBeUndefined();
  });

  it('reads words that name properties of every object ("constructor", "toString") as the words they are', () => {
    const sentence = sentenceOf('The constructor (constructor) calls toString.');
    expect(sentence.tokens.map((t) => t.norm)).toEqual(['the', 'constructor', '(', 'constructor', ')', 'calls', 'tostring', '.']);
    expect(matchText('the constructor calls', 'The constructor calls it.')).toBe('The constructor calls');
  });

  it('negates what follows a typed "hasnt" wink leaves whole, as wink does after "hasn\'t"', () => {
    const typed = sentenceOf('It hasnt helped much, sadly.');
    expect(typed.tokens.map((t) => t.norm)).toEqual(['it', 'has', 'not', 'helped', 'much', ',', 'sadly', '.']);
    expect(typed.tokens.filter((t) => t.negated).map((t) => t.text)).toEqual(['helped', 'much']);
  });

  it('reads "it\'s" and "that\'s" as the verb the parse sees, and a possessive \'s as written', () => {
    expect(matchText("it's so frustrating", "It's so frustrating when it forgets.")).toBe("It's so frustrating");
    expect(matchText("that's when i", "That's when I switched.")).toBe("That's when I");
    expect(matchText("it's so frustrating", 'It is so frustrating.')).toBe('It is so frustrating');
    expect(matchText("the client's brief", "The client's brief was vague.")).toBe("The client's brief");
  });

  it('supports optional words, wildcards, gaps and a sentence start', () => {
    expect(matchText('it (was|is) really? hard', 'It was hard to find.')).toBe('It was hard');
    expect(matchText('it (was|is) really? hard', 'It was really hard to find.')).toBe('It was really hard');
    expect(matchText('if * (could|would)', 'If the app just could sync, great.')).toBe('If the app just could');
    expect(matchText('^so when', 'So when the bill came I panicked.')).toBe('So when');
    expect(matchText('^when', 'So when the bill came I panicked.')).toBeUndefined();
    // the ends of the sentence are places, not words: a choice of one is refused, saying what to write instead
    expect(() => compilePattern('gave me the idea (to|for|$)')).toThrow(/"\$" cannot be one of the choices in "\(to\|for\|\$\)".*write the pattern twice/);
    expect(() => compilePattern('(^|so) when')).toThrow(/"\^" cannot be one of the choices/);
    // regex syntax in a pattern is refused at the backslash, not read as a word that never matches
    expect(() => compilePattern('not to (\\w)? trust')).toThrow(/"\\" is regular-expression syntax.*`regex:`/);
    // a choice with a space in it right after the anchor is one choice, as anywhere else
    expect(matchText('^(so|and so) i asked', 'And so I asked it for a plan.')).toBe('And so I asked');
    expect(matchText('^(so|and so) i asked', 'Then I asked it, and so I asked again.')).toBeUndefined();
    expect(matchText('^(so|and so)? i asked', 'I asked it for a plan.')).toBe('I asked');
    expect(matchText('the . came', 'When the bill came.')).toBe('the bill came');
    expect(matchText('for now $', 'That works for now.')).toBe('for now');
    expect(matchText('for now $', 'For now it works.')).toBeUndefined();
  });

  it('skips punctuation between words', () => {
    expect(matchText('honestly it was a relief', 'Honestly, it was a relief.')).toBe('Honestly, it was a relief');
  });

  it('explains bad syntax with the offset', () => {
    expect(() => compilePattern('(i|we was trying')).toThrow(PatternSyntaxError);
    expect(() => compilePattern('#Verbish')).toThrow(/unknown tag "#Verbish"; use one of #Verb/);
    expect(() => compilePattern('(a||b)')).toThrow(/empty choice/);
    expect(() => compilePattern('really? *')).toThrow(/match everything/);
    expect(() => compilePattern('i was #Nope')).toThrow(expect.objectContaining({ offset: 6 }));
  });

  it('never throws anything but a PatternSyntaxError, whatever the input', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('(', ')', '|', '{', '}', '#', '?', '*', '.', '^', 'a', 'Verb', ' ', "'") }), (source) => {
        try {
          const pattern = compilePattern(source);
          findPattern(pattern, contentWords(sentenceOf('a verb was here').tokens));
        } catch (error) {
          expect(error).toBeInstanceOf(PatternSyntaxError);
        }
      }),
    );
  });
});

describe('words and phrases', () => {
  it('a word matches every inflection through its stem', () => {
    const words = (text: string) => contentWords(sentenceOf(text).tokens);
    const frustrate = wordMatcher('frustrate');
    for (const text of ['I was frustrated.', 'It was so frustrating.', 'The frustration built up.']) {
      expect(findPattern(frustrate.pattern, words(text)), text).toBeDefined();
    }
    expect(findPattern(frustrate.pattern, words('It was fine.'))).toBeUndefined();
  });

  it('a word does not hit unrelated words that happen to share its stem', () => {
    const words = (text: string) => contentWords(sentenceOf(text).tokens);
    expect(findPattern(wordMatcher('generic').pattern, words('I generally check it twice.'))).toBeUndefined();
    expect(findPattern(wordMatcher('productive').pattern, words('The product is fine.'))).toBeUndefined();
    expect(findPattern(wordMatcher('worry').pattern, words('I was worried sick.'))).toBeDefined();
    expect(findPattern(wordMatcher('find').pattern, words('I found it.'))).toBeDefined();
  });

  it('a word does not hit the person or thing that does it, which shares its stem ("manage" and "manager")', () => {
    const words = (text: string) => contentWords(sentenceOf(text).tokens);
    const agents: [string, string][] = [
      ['manage', 'My manager approves the budget.'],
      ['manage', 'The managers meet on Fridays.'],
      ['design', 'We hired a designer for the logo.'],
      ['plan', 'She is a wedding planner.'],
      ['edit', 'The editor sent it back.'],
      ['coordinate', 'I work as a Shared Service Coordinator.'],
    ];
    for (const [word, sentence] of agents) expect(findPattern(wordMatcher(word).pattern, words(sentence)), `${word} in "${sentence}"`).toBeUndefined();
    const forms: [string, string][] = [
      ['manage', 'I managed the whole project.'],
      ['manage', 'Managing the team takes time.'],
      ['design', 'It designs the layout for me.'],
      ['plan', 'I was planning the lessons.'],
      ['edit', 'I edited the draft twice.'],
      ['coordinate', 'I coordinate the volunteers.'],
    ];
    for (const [word, sentence] of forms) expect(findPattern(wordMatcher(word).pattern, words(sentence)), `${word} in "${sentence}"`).toBeDefined();
  });

  it('a phrase is literal: no syntax, punctuation ignored', () => {
    const phrase = phraseMatcher('waste of time (honestly)');
    expect(phrase.pattern.elements).toHaveLength(4);
    expect(findPattern(phrase.pattern, contentWords(sentenceOf('It was a waste of time honestly.').tokens))).toBeDefined();
  });
});
