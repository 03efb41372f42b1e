import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { segmentTranscript } from '../src/segment/index.js';
import { segmentedOf, sentenceOf } from './helpers.js';
import type { Transcript } from '../src/types.js';

describe('segment: sentences and tokens', () => {
  it('splits a turn into sentences with their line and column', () => {
    const { sentences } = segmentedOf('Interviewer: Why?\nParticipant: Honestly? It was a mess. We kept losing receipts,\nso I gave up.\n\nThen my sister called.');
    expect(sentences.map((s) => [s.text.replace('\n', ' '), s.role, s.location.line, s.location.column])).toEqual([
      ['Why?', 'interviewer', 1, 14],
      ['Honestly?', 'participant', 2, 14],
      ['It was a mess.', 'participant', 2, 24],
      ['We kept losing receipts, so I gave up.', 'participant', 2, 39],
      ['Then my sister called.', 'participant', 5, 1],
    ]);
  });

  it('parses a sentence the same whatever was read before it', () => {
    // wink learns "AI's." at a sentence end as one word and would then read "AI's role" as "AI is role":
    // interviews read earlier in the same thread must not change how this one is read
    const probe = "It changed our understanding of AI's role, and 250 buildings' worth of data.";
    const tokens = () => sentenceOf(probe).tokens.map((t) => `${t.text}/${t.pos}/${t.norm}`);
    const first = tokens();
    segmentedOf("Participant: Both mine and the AI's. We had about 250. It's the model's answer, not one's own.");
    expect(tokens()).toEqual(first);
    expect(first.slice(5, 8)).toEqual(['AI/PROPN/ai', "'s/PART/'s", 'role/NOUN/role']);
    expect(first).toContain('250/NUM/250');
    // after a pronoun the 's is the verb, which wink reads itself
    expect(sentenceOf("It's what's wrong.").tokens.map((t) => t.norm)).toEqual(['it', 'is', 'what', 'is', 'wrong', '.']);
  });

  it('gives lemmas, stems, parts of speech and negation scope', () => {
    const tokens = sentenceOf("I wasn't frustrated, I tried twice.").tokens;
    expect(tokens.map((t) => [t.text, t.norm, t.lemma, t.pos, t.negated])).toEqual([
      ['I', 'i', 'i', 'PRON', false],
      ['was', 'was', 'be', 'AUX', false],
      ["n't", 'not', 'not', 'PART', false],
      ['frustrated', 'frustrated', 'frustrated', 'ADJ', true],
      [',', ',', ',', 'PUNCT', false],
      ['I', 'i', 'i', 'PRON', false],
      ['tried', 'tried', 'try', 'VERB', false],
      ['twice', 'twice', 'twice', 'ADV', false],
      ['.', '.', '.', 'PUNCT', false],
    ]);
    expect(tokens[3]!.stem).toBe('frustrat');
  });

  it('splits "I\'m" and reads a verb "\'s" as "is"', () => {
    expect(sentenceOf("I'm sure it's fine.").tokens.map((t) => t.norm)).toEqual(['i', 'am', 'sure', 'it', 'is', 'fine', '.']);
  });

  it('gives a word wink reads as an abbreviation its own full stop where a sentence ends ("hit or miss.")', () => {
    const words = (text: string) => sentenceOf(text).tokens.map((t) => t.norm);
    expect(words('Honestly it was pretty hit or miss.')).toEqual(['honestly', 'it', 'was', 'pretty', 'hit', 'or', 'miss', '.']);
    expect(words('It was hit and miss. I kept trying.').slice(4, 7)).toEqual(['miss', '.', 'i']);
    // a title before a name keeps its stop inside no word either, and "e.g." stays whole
    expect(words('I wrote to Miss. Smith, e.g. about the invoices.')).toEqual(expect.arrayContaining(['miss', '.', 'smith', 'e.g.']));
  });

  it('keeps a word with an apostrophe-s inside it as written ("A\'s0"): the possessive mask never shows', () => {
    const tokens = sentenceOf("Model A's0 run was odd.").tokens;
    expect(tokens.map((t) => t.text)).toContain("A's0");
    expect(tokens.some((t) => t.text.includes('xs'))).toBe(false);
  });

  it('keeps exact offsets for any text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 200 }), fc.string({ maxLength: 60 }), (a, b) => {
        const text = `${a}\n${b}`;
        const transcript: Transcript = {
          id: 't',
          file: 't.txt',
          metadata: {},
          speakers: [],
          turns: [
            {
              index: 0,
              speaker: 'P',
              role: 'participant',
              text,
              lines: [
                { textStart: 0, line: 1, column: 1 },
                { textStart: a.length + 1, line: 2, column: 1 },
              ],
            },
          ],
        };
        for (const sentence of segmentTranscript(transcript).sentences) {
          expect(text.slice(sentence.start, sentence.start + sentence.text.length)).toBe(sentence.text);
          for (const token of sentence.tokens) expect(sentence.text.slice(token.start, token.end)).toBe(token.text);
          expect(sentence.location.line).toBe(sentence.start > a.length ? 2 : 1);
        }
      }),
      { numRuns: 300 },
    );
  });
});
