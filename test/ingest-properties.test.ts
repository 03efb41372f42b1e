import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JobmapError } from '../src/errors.js';
import { parseCsv } from '../src/ingest/csv.js';
import { decodeText } from '../src/ingest/decode.js';
import { parseDocx } from '../src/ingest/docx.js';
import type { ParsedSource } from '../src/ingest/format.js';
import { parseTranscript } from '../src/ingest/index.js';
import { parseSpeechJson } from '../src/ingest/json.js';
import { parseSrt } from '../src/ingest/srt.js';
import { parseTextTranscript } from '../src/ingest/text.js';
import { parseVtt } from '../src/ingest/vtt.js';
import { FIXTURES } from './helpers.js';

/** Lines that look like what transcripts hold, including broken ones. */
const line = fc.oneof(
  fc.constantFrom('Interviewer: How did you first hear about it?', 'Q: And then?', 'A: My sister told me.', '**Sam:** Go on?', '---', '# Title', '', 'Note: it was on sale.'),
  fc.tuple(fc.constantFrom('Dana', 'Marcus', 'P1', 'User', 'AI', '**Priya**'), fc.string()).map(([name, text]) => `${name}: ${text}`),
  fc.string(),
);
const document = fc.array(line, { maxLength: 30 }).map((lines) => lines.join('\n'));

describe('ingest: any text is either a transcript or a JobmapError', () => {
  it('never throws anything else, and every turn points at a real line', () => {
    fc.assert(
      fc.property(fc.boolean(), document, (withFrontMatter, body) => {
        const text = withFrontMatter ? `---\ninterviewers: [Dana]\n---\n${body}` : body;
        let transcript;
        try {
          transcript = parseTranscript(text, { id: 't', file: 't.md' });
        } catch (error) {
          expect(error).toBeInstanceOf(JobmapError);
          return;
        }
        const lineCount = text.split('\n').length;
        expect(transcript.turns.length).toBeGreaterThan(0);
        expect(transcript.speakers.some((s) => s.role === 'participant')).toBe(true);
        for (const turn of transcript.turns) {
          for (const span of turn.lines) {
            expect(span.line).toBeGreaterThanOrEqual(1);
            expect(span.line).toBeLessThanOrEqual(lineCount);
            // the turn text at this span is the text found on that source line
            const source = text.split('\n')[span.line - 1]!;
            const piece = turn.text.slice(span.textStart).split('\n')[0]!;
            expect(source.slice(span.column - 1, span.column - 1 + piece.length)).toBe(piece);
          }
        }
      }),
      { numRuns: 300 },
    );
  });
});

/** Any of these parsers, on any text, returns interviews or throws a JobmapError; nothing else. */
function neverThrowsOtherwise(parse: () => unknown): void {
  try {
    parse();
  } catch (error) {
    expect(error).toBeInstanceOf(JobmapError);
  }
}

/** Random edits of a valid file: the broken exports users really have (cut short, a line lost, stray characters). */
function mutated(valid: string) {
  const edit = fc.oneof(
    fc.tuple(fc.constant('cut' as const), fc.nat(), fc.constant('')),
    fc.tuple(fc.constant('insert' as const), fc.nat(), fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom('"', '\n', '-->', ',', '{', '<v ', ':', '\n\n', '""'))),
    fc.tuple(fc.constant('drop-line' as const), fc.nat(), fc.constant('')),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) =>
    edits.reduce((text, [kind, at, piece]) => {
      const i = at % (text.length + 1);
      if (kind === 'cut') return text.slice(0, i);
      if (kind === 'insert') return text.slice(0, i) + piece + text.slice(i);
      const lines = text.split('\n');
      lines.splice(at % Math.max(1, lines.length), 1);
      return lines.join('\n');
    }, valid),
  );
}

const fixture = (name: string) => readFileSync(path.join(FIXTURES, 'formats', name), 'utf8');
const TEXT_PARSERS: [string, (text: string) => unknown, string[]][] = [
  ['WebVTT', (text) => parseVtt(text, 'x.vtt'), ['zoom-accounting-switch.vtt', 'teams-crm-renewal.vtt']],
  ['SubRip', (text) => parseSrt(text, 'x.srt'), ['descript-ebike-purchase.srt', 'whisper-meal-kit.srt']],
  ['Otter text', (text) => parseTextTranscript(text, 'x.txt'), ['otter-project-tool.txt', 'otter-coffee-subscription.txt']],
  ['speech-to-text JSON', (text) => parseSpeechJson(text, 'x.json'), ['whisper-segments.json', 'generic-list.json']],
  ['CSV', (text) => parseCsv(text, 'x.csv', {}), ['interviews.csv', 'survey-export.csv']],
];

describe('ingest: every format parser throws nothing but JobmapError', () => {
  for (const [name, parse, fixtures] of TEXT_PARSERS) {
    it(`${name}: random text`, () => {
      fc.assert(
        fc.property(fc.oneof(fc.string(), fc.string({ unit: 'binary' }), document), (text) => neverThrowsOtherwise(() => parse(text))),
        { numRuns: 200 },
      );
    });
    it(`${name}: mutated real exports, every turn on a line of the file`, () => {
      fc.assert(
        fc.property(
          fc.constantFrom(...fixtures).chain((f) => mutated(fixture(f))),
          (text) =>
            neverThrowsOtherwise(() => {
              const lineCount = text.split('\n').length;
              for (const parsed of [parse(text)].flat() as (ParsedSource | JobmapError)[]) {
                if (parsed instanceof JobmapError) continue;
                for (const span of parsed.turns.flatMap((turn) => turn.lines)) {
                  expect(span.line).toBeGreaterThanOrEqual(1);
                  expect(span.line).toBeLessThanOrEqual(lineCount);
                }
              }
            }),
        ),
        { numRuns: 300 },
      );
    });
  }

  it('CSV: a row that cannot be read is reported alone, as a JobmapError in its place', () => {
    fc.assert(
      fc.property(mutated(fixture('interviews.csv')), (text) =>
        neverThrowsOtherwise(() => {
          for (const row of parseCsv(text, 'x.csv', {})) if (!(row instanceof JobmapError)) expect(row.turns.length).toBeGreaterThan(0);
        }),
      ),
      { numRuns: 200 },
    );
  });

  it('bytes: decoding any bytes gives text or a JobmapError', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 300 }), (bytes) => neverThrowsOtherwise(() => decodeText(bytes, 'x.txt'))),
      { numRuns: 500 },
    );
  });

  it('Word: random and damaged .docx bytes give a transcript or a JobmapError', async () => {
    const valid = new Uint8Array(readFileSync(path.join(FIXTURES, 'formats', 'word-bank-switch.docx')));
    const damaged = fc.tuple(fc.nat(valid.length - 1), fc.integer({ min: 0, max: 255 }), fc.nat(valid.length)).map(([at, byte, cut]) => {
      const copy = valid.slice(0, Math.max(cut, 30));
      copy[at % copy.length] = byte;
      return copy;
    });
    await fc.assert(
      fc.asyncProperty(fc.oneof(fc.uint8Array({ maxLength: 200 }), damaged), async (bytes) => {
        try {
          await parseDocx(bytes, 'x.docx');
        } catch (error) {
          expect(error).toBeInstanceOf(JobmapError);
        }
      }),
      { numRuns: 60 },
    );
  });
});
