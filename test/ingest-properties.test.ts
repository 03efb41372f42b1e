import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JobmapError } from '../src/errors.js';
import { parseTranscript } from '../src/ingest/index.js';

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
