import { describe, expect, it } from 'vitest';
import { JobmapError } from '../src/errors.js';
import { decodeText, detectEncoding } from '../src/ingest/decode.js';
import { transcriptId } from '../src/ingest/index.js';
import { transcriptOf } from './helpers.js';

describe('ingest: speaker-labelled dialogue', () => {
  it('reads `Name: text` turns with known labels and keeps line numbers', () => {
    const t = transcriptOf(
      [
        'Interviewer: Take me back to when you first started looking.',
        'Participant: So, um, it was January. I was drowning in receipts',
        'and the spreadsheet kept breaking.',
        '',
        'Interviewer: What happened next?',
        'Participant: My sister told me about Pennywise.',
      ].join('\n'),
    );
    expect(t.turns.map((turn) => [turn.speaker, turn.role])).toEqual([
      ['Interviewer', 'interviewer'],
      ['Participant', 'participant'],
      ['Interviewer', 'interviewer'],
      ['Participant', 'participant'],
    ]);
    expect(t.turns[1]!.text).toBe('So, um, it was January. I was drowning in receipts\nand the spreadsheet kept breaking.');
    expect(t.turns[1]!.lines.map((l) => l.line)).toEqual([2, 3]);
    expect(t.turns[3]!.lines[0]).toMatchObject({ line: 6, column: 14 });
  });

  it('reads Q:/A: and **Name:** labels', () => {
    const qa = transcriptOf('Q: Why did you cancel?\nA: Honestly the boxes piled up.\nQ: And then?\nA: I paused it.');
    expect(qa.speakers).toEqual([
      { name: 'Q', role: 'interviewer', reason: 'known label "Q"' },
      { name: 'A', role: 'participant', reason: 'known label "A"' },
    ]);
    const bold = transcriptOf('**Sam:** How did you hear about it?\n\n**Priya:** A podcast ad, weirdly.\n\n**Sam:** Go on?\n\n**Priya:** I signed up that night.', 'p.md');
    expect(bold.turns.map((turn) => turn.speaker)).toEqual(['Sam', 'Priya', 'Sam', 'Priya']);
    expect(bold.turns[1]!.text).toBe('A podcast ad, weirdly.');
  });

  it('reads labels after a timestamp', () => {
    const t = transcriptOf('[00:00:05] Interviewer: Why switch?\n[00:00:09] Participant: The fees, honestly.');
    expect(t.turns.map((turn) => [turn.speaker, turn.text, turn.lines[0]!.column])).toEqual([
      ['Interviewer', 'Why switch?', 25],
      ['Participant', 'The fees, honestly.', 25],
    ]);
  });

  it('takes interviewers from front matter and keeps the metadata', () => {
    const t = transcriptOf(
      ['---', 'participant: P04', 'segment: lapsed', 'interviewers: [Sam]', '---', 'Sam: Tell me about that week.', 'Priya: It was chaos, honestly.'].join('\n'),
      'p04.md',
    );
    expect(t.metadata).toMatchObject({ participant: 'P04', segment: 'lapsed', interviewers: ['Sam'] });
    expect(t.speakers.map((s) => [s.name, s.role, s.reason])).toEqual([
      ['Sam', 'interviewer', 'front matter'],
      ['Priya', 'participant', 'front matter'],
    ]);
    expect(t.turns[1]!.lines[0]!.line).toBe(7);
  });

  it('reads known role labels in lower case', () => {
    const t = transcriptOf('interviewer: Why?\nparticipant: The fees.');
    expect(t.speakers.map((s) => [s.name, s.role])).toEqual([
      ['interviewer', 'interviewer'],
      ['participant', 'participant'],
    ]);
  });

  it('falls back to labels and questions when front matter names nobody who speaks', () => {
    const t = transcriptOf('---\ninterviewers: [Sam]\n---\nSam Lee: Why did you switch?\nPriya: The fees.\nSam Lee: And then?\nPriya: I cancelled.', 'x.md');
    expect(t.speakers.map((s) => [s.name, s.role, s.reason])).toEqual([
      ['Sam Lee', 'interviewer', 'asks the most questions'],
      ['Priya', 'participant', 'asks fewer questions'],
    ]);
  });

  it('guesses the interviewer as the one who asks the questions', () => {
    const t = transcriptOf(
      [
        'Dana: What made you look for something new?',
        'Marcus: The old tool lost two weeks of notes.',
        'Dana: How did that feel?',
        'Marcus: Awful. I had to rebuild it from email.',
        'Dana: And who decided on the new one?',
        'Marcus: My manager did, in the end.',
      ].join('\n'),
    );
    expect(t.speakers.find((s) => s.name === 'Dana')).toMatchObject({ role: 'interviewer', reason: 'asks the most questions' });
    expect(t.speakers.find((s) => s.name === 'Marcus')?.role).toBe('participant');
  });

  it('keeps a colon inside an answer as text when the label is not a speaker', () => {
    const t = transcriptOf('Interviewer: And the price?\nParticipant: Two things.\nNote: it was on sale.\nInterviewer: Right?');
    expect(t.turns[1]!.text).toBe('Two things.\nNote: it was on sale.');
  });

  it('reads a header block above the dialogue as metadata (the corpus layout)', () => {
    const t = transcriptOf('# Dialog 00263\n\n**Transcript ID:** work_0496\n\n---\n\nAssistant: Hi there!\n\nUser: Hello.\n', '00263.md');
    expect(t.metadata).toEqual({ transcript_id: 'work_0496' });
    expect(t.speakers.map((s) => s.role)).toEqual(['interviewer', 'participant']);
    expect(t.turns[1]!.lines[0]!.line).toBe(9);
  });

  it('reads an unlabelled file as one participant speaking', () => {
    const t = transcriptOf('I bought the mattress after my back went.\nIt was a relief.');
    expect(t.turns).toHaveLength(1);
    expect(t.speakers).toEqual([{ name: 'Participant', role: 'participant', reason: 'known label "Participant"' }]);
  });

  it('rejects broken front matter with the file and line', () => {
    const error = catchError(() => transcriptOf('---\nparticipant: [P04\n---\nQ: hi?\nA: yes', 'bad.md'));
    expect(error).toBeInstanceOf(JobmapError);
    expect((error as JobmapError).format()).toMatch(/^bad\.md:2: front matter is not valid YAML/);
  });
});

/** Text as UTF-16 bytes, little or big endian, with or without a byte-order mark. */
function utf16(text: string, endian: 'le' | 'be', bom: boolean): Uint8Array {
  const units = [...(bom ? '\uFEFF' : ''), ...text].flatMap((c) => [...c].map((_, i) => c.charCodeAt(i)));
  const bytes = new Uint8Array(units.length * 2);
  units.forEach((unit, i) => {
    bytes[i * 2 + (endian === 'le' ? 0 : 1)] = unit & 0xff;
    bytes[i * 2 + (endian === 'le' ? 1 : 0)] = unit >> 8;
  });
  return bytes;
}

describe('ingest: bytes and names', () => {
  const TEXT = 'Interviewer: Why did you switch?\r\nParticipant: The fees, honestly. Caf\u00e9 prices \u2014 \u201cnever again\u201d.\r\n';
  const EXPECTED = 'Interviewer: Why did you switch?\nParticipant: The fees, honestly. Caf\u00e9 prices \u2014 \u201cnever again\u201d.\n';

  it('reads UTF-8 with and without a BOM, and CRLF line ends', () => {
    expect(decodeText(new TextEncoder().encode('\uFEFFQ: hi\r\nA: yo'), 'a.txt')).toBe('Q: hi\nA: yo');
    expect(decodeText(new TextEncoder().encode(TEXT), 'a.txt')).toBe(EXPECTED);
  });

  it('reads UTF-16 (Teams, Word) little and big endian, with a BOM or by its zero bytes', () => {
    for (const endian of ['le', 'be'] as const) {
      for (const bom of [true, false]) {
        const bytes = utf16(TEXT, endian, bom);
        expect(detectEncoding(bytes)).toBe(`utf-16${endian}`);
        expect(decodeText(bytes, 'teams.vtt')).toBe(EXPECTED);
      }
    }
  });

  it('refuses empty and binary files, and UTF-16 that cannot be decoded', () => {
    expect(() => decodeText(new Uint8Array(), 'x.txt')).toThrow(/empty/);
    expect(() => decodeText(new Uint8Array([81, 0, 1, 2]), 'x.txt')).toThrow(/binary/);
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]);
    expect(() => decodeText(png, 'photo.txt')).toThrow(/binary/);
    const controls = new Uint8Array(200).map((_, i) => (i % 3 === 0 ? 1 : 65));
    expect(() => decodeText(controls, 'x.txt')).toThrow(/binary/);
    const odd = utf16('Q: hi there, how are you', 'le', true).subarray(0, 21);
    expect(() => decodeText(odd, 'odd.txt')).toThrow(/looks like UTF-16LE text but cannot be read as it \(its length is odd\)/);
  });

  it('reports text in another encoding (Windows-1252, Latin-1) with the line, instead of garbling it', () => {
    const latin1 = new Uint8Array([...new TextEncoder().encode('Q: ok\nA: caf'), 0xe9, 10]);
    const error = catchError(() => decodeText(latin1, 'latin.txt')) as JobmapError;
    expect(error.format()).toBe('latin.txt:2: the file is not valid UTF-8 text (it may be Windows-1252 or Latin-1); save it as UTF-8 and run again');
  });

  it('makes file-safe ids from paths', () => {
    expect(transcriptId('interviews/P01 Dana.md')).toBe('interviews--P01-Dana');
    expect(transcriptId('../../etc/passwd.txt')).toBe('etc--passwd');
    // CSV row ids go through the same function, keeping their dots
    for (const row of ['../../x', '/etc/passwd', '..', '.hidden', 'a/../../b', 'C:\\Windows\\x', '', '\u0000']) {
      const id = transcriptId(row, true);
      expect(id).toMatch(/^[\p{L}\p{N}_][\p{L}\p{N}._-]*$/u);
      expect(id).not.toContain('..');
    }
  });
});

function catchError(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}
