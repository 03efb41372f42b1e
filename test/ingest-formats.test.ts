import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { JobmapError } from '../src/errors.js';
import { decodeEntities } from '../src/ingest/cues.js';
import { DEFAULT_INGEST_OPTIONS, readTranscripts, type IngestOptions } from '../src/ingest/index.js';
import type { Transcript } from '../src/types.js';
import { FIXTURES } from './helpers.js';

const FORMATS = path.join(FIXTURES, 'formats');

async function read(file: string, options: Partial<IngestOptions> = {}) {
  return readTranscripts({ id: file.replace(/\.\w+$/, ''), file, absolutePath: path.join(FORMATS, file) }, { ...DEFAULT_INGEST_OPTIONS, ...options });
}

async function one(file: string): Promise<Transcript> {
  const { transcripts, skipped } = await read(file);
  expect(skipped).toEqual([]);
  expect(transcripts).toHaveLength(1);
  return transcripts[0]!;
}

async function failure(file: string, options: Partial<IngestOptions> = {}): Promise<string> {
  try {
    await read(file, options);
  } catch (error) {
    expect(error).toBeInstanceOf(JobmapError);
    return (error as JobmapError).format();
  }
  throw new Error(`expected ${file} to fail`);
}

/** speaker, role, first words, and the line and time of the turn's first stretch */
function turns(t: Transcript) {
  return t.turns.map((turn) => [turn.speaker, turn.role, turn.text.split(' ').slice(0, 3).join(' '), turn.lines[0]!.line, turn.lines[0]!.time]);
}

/** speaker, role, and the line and time where each turn starts */
function turnsAt(t: Transcript) {
  return t.turns.map((turn) => [turn.speaker, turn.role, turn.lines[0]!.line, turn.lines[0]!.time]);
}

describe('ingest: WebVTT', () => {
  it("reads Zoom cues (`Name: text`), merges one speaker's cues into a turn and keeps each cue's time", async () => {
    const t = await one('zoom-accounting-switch.vtt');
    expect(turns(t).slice(0, 3)).toEqual([
      ['Dana Whitfield', 'interviewer', 'Thanks for making', 5, '00:00:02'],
      ['Marcus Hale', 'participant', 'Yeah, so, it', 9, '00:00:08'],
      ['Dana Whitfield', 'interviewer', 'What did you', 17, '00:00:20'],
    ]);
    const answer = t.turns[1]!;
    expect(answer.text).toBe(
      'Yeah, so, it was right after tax season last year. I was trying to reconcile three months of receipts\nand the old software just kept crashing on the bank import. It was a nightmare, honestly.',
    );
    expect(answer.lines.map((l) => [l.line, l.column, l.time])).toEqual([
      [9, 14, '00:00:08'],
      [13, 14, '00:00:13'],
    ]);
  });

  it('reads Teams voice tags, entities and multi-line cues', async () => {
    const t = await one('teams-crm-renewal.vtt');
    expect(t.speakers.map((s) => [s.name, s.role])).toEqual([
      ['Priya Raman', 'interviewer'],
      ["Tom's Laptop", 'participant'],
    ]);
    expect(t.turns[1]!.text).toBe("Right, so the price went up by forty percent overnight\nand my sales manager said we can't justify that for six people.");
    expect(t.turns[3]!.lines.map((l) => [l.line, l.time])).toEqual([
      [23, '00:00:20'],
      [24, '00:00:20'],
    ]);
    expect(t.turns.at(-1)!.text).toContain('one afternoon & nobody');
  });

  it('decodes the entities subtitle writers use and leaves unknown ones as written', () => {
    expect(decodeEntities('Q&amp;A &#8217;24 &lt;draft&gt;')).toBe('Q&A \u201924 <draft>');
    expect(decodeEntities('&constructor; &toString; &nope;')).toBe('&constructor; &toString; &nope;');
  });

  it('stops at a broken cue with its line, rather than drop what was said', async () => {
    expect(await failure('broken-cue.vtt')).toBe('broken-cue.vtt:8: broken cue timing "00:00:05.000 -> 00:00:09.000"; expected "00:00:01.000 --> 00:00:04.000"');
  });
});

describe('ingest: SubRip', () => {
  it('reads labelled cues from Descript', async () => {
    const t = await one('descript-ebike-purchase.srt');
    expect(turns(t).slice(0, 2)).toEqual([
      ['Interviewer', 'interviewer', 'When did you', 3, '00:00:00'],
      ['Leah', 'participant', 'Last spring. My', 7, '00:00:05'],
    ]);
    expect(t.turns[1]!.text.split('\n')).toHaveLength(3);
  });

  it('reads unlabelled Whisper subtitles as one participant speaking', async () => {
    const t = await one('whisper-meal-kit.srt');
    expect(t.speakers).toEqual([{ name: 'Participant', role: 'participant', reason: 'known label "Participant"' }]);
    expect(t.turns[0]!.lines.map((l) => l.time)).toEqual(['00:00:00', '00:00:03', '00:00:08', '00:00:13', '00:00:19']);
  });

  it('names the line of a cue without timing', async () => {
    expect(await failure('broken.srt')).toMatch(/^broken\.srt:6: broken cue: expected a number, then a timing line/);
  });
});

describe('ingest: Otter.ai text export', () => {
  it('reads `Name  0:05` speaker lines, merges consecutive blocks and drops the Otter footer', async () => {
    const t = await one('otter-project-tool.txt');
    expect(turns(t)).toEqual([
      ['Sam Okafor', 'interviewer', "Okay, we're recording.", 2, '00:00:04'],
      ['Jess Moreno', 'participant', 'Sure. So we', 5, '00:00:12'],
      ['Sam Okafor', 'interviewer', 'What was the', 11, '00:00:40'],
      ['Jess Moreno', 'participant', 'We missed a', 14, '00:00:44'],
      ['Sam Okafor', 'interviewer', 'How did you', 17, '00:01:02'],
      ['Jess Moreno', 'participant', 'I wanted to', 20, '00:01:05'],
    ]);
    expect(t.turns[1]!.lines.map((l) => l.time)).toEqual(['00:00:12', '00:00:31']);
    expect(t.turns.at(-1)!.text).not.toContain('otter.ai');
  });

  it('reads hours and known labels among speaker names', async () => {
    const t = await one('otter-coffee-subscription.txt');
    expect(t.speakers.map((s) => [s.name, s.role])).toEqual([
      ['Unknown Speaker', 'participant'],
      ['Interviewer', 'interviewer'],
      ['Ravi', 'participant'],
    ]);
    expect(t.turns.at(-1)!.lines[0]!.time).toBe('01:02:15');
  });
});

describe('ingest: Word .docx', () => {
  it('reads labelled paragraphs; a header line naming a speaker decides roles; lines are paragraphs', async () => {
    const t = await one('word-bank-switch.docx');
    expect(t.metadata).toMatchObject({ interviewer: 'Sam', participant: 'Alex, small business owner' });
    expect(t.speakers.map((s) => [s.name, s.role])).toEqual([
      ['Sam', 'interviewer'],
      ['Alex', 'participant'],
    ]);
    expect(t.turns.slice(1, 3).map((turn) => [turn.speaker, turn.lines[0]!.line, turn.lines[0]!.column])).toEqual([
      ['Alex', 6, 7],
      ['Alex', 7, 7],
    ]);
  });

  it('reads a Teams transcript saved as Word (speaker and time on one line, then the text)', async () => {
    const t = await one('teams-standing-desk.docx');
    expect(t.speakers.map((s) => [s.name, s.role])).toEqual([
      ['Nora Kim', 'interviewer'],
      ['Ben Adler', 'participant'],
    ]);
    expect(t.turns[1]!.lines.map((l) => l.time)).toEqual(['00:00:09', '00:00:21']);
  });

  it('refuses a damaged document with a clear reason', async () => {
    expect(await failure('not-really.docx')).toMatch(/^not-really\.docx: cannot open this Word document; it is damaged or not a \.docx/);
  });
});

describe('ingest: CSV of many interviews', () => {
  it("reads one transcript per row, ids from the id column, evidence on the CSV's own lines", async () => {
    const { transcripts, skipped } = await read('interviews.csv');
    expect(skipped).toEqual([]);
    expect(transcripts.map((t) => [t.id, t.file, t.metadata])).toEqual([
      ['interviews--P01', 'interviews.csv', { transcript_id: 'P01', segment: 'switcher' }],
      ['interviews--P02', 'interviews.csv', { transcript_id: 'P02', segment: 'lapsed' }],
    ]);
    const [p01, p02] = transcripts;
    expect(p01!.turns[0]!.lines[0]).toMatchObject({ line: 2, column: 28 });
    expect(p01!.turns[3]!.text).toBe('A coworker told me about it. I wanted to stop paying for "premium" features I never used.');
    expect(p02!.turns.map((turn) => turn.lines[0]!.line)).toEqual([6, 7, 9, 10]);
  });

  it('takes the columns from options, sniffs the delimiter and keeps row ids inside the output folder', async () => {
    const { transcripts } = await read('survey-export.csv', { csvText: 'Open answer', csvId: 'respondent' });
    expect(transcripts.map((t) => [t.id, t.metadata.Country])).toEqual([
      ['survey-export--r-17', 'DE'],
      ['survey-export--escape', 'FR'],
    ]);
    expect(transcripts[0]!.turns[0]!.text).toContain('standing desk');
  });

  it('names the columns it found when the text column is missing', async () => {
    expect(await failure('missing-column.csv')).toBe(
      'missing-column.csv:1: no interview text column (looked for text, transcript, transcript_text, content, body, dialogue, conversation); the columns are: id, notes; name it with --csv-text',
    );
    expect(await failure('interviews.csv', { csvText: 'answer' })).toBe('interviews.csv:1: no column "answer" (from --csv-text); the columns are: transcript_id, segment, text');
  });
});

describe('ingest: speech-to-text JSON', () => {
  it('reads Whisper segments with diarised speakers, each on its own line', async () => {
    const t = await one('whisper-segments.json');
    expect(t.speakers.map((s) => [s.name, s.role])).toEqual([
      ['SPEAKER_00', 'interviewer'],
      ['SPEAKER_01', 'participant'],
    ]);
    expect(t.turns[1]).toMatchObject({
      text: 'So I had been using the same one for years, but the browser extension kept logging me out.\nIt was really annoying, especially at work.',
      lines: [
        { line: 6, time: '00:00:04' },
        { line: 7, time: '00:00:09' },
      ],
    });
    const source = (await import('node:fs')).readFileSync(path.join(FORMATS, 'whisper-segments.json'), 'utf8').split('\n');
    const span = t.turns[1]!.lines[0]!;
    expect(source[span.line - 1]!.slice(span.column - 1)).toMatch(/^So I had been/);
  });

  it('reads a generic list of {speaker, start, text}', async () => {
    const t = await one('generic-list.json');
    expect(turnsAt(t)).toEqual([
      ['Interviewer', 'interviewer', 2, '00:00:01'],
      ['Participant', 'participant', 3, '00:00:05'],
      ['Interviewer', 'interviewer', 5, '00:00:15'],
      ['Participant', 'participant', 6, '00:00:19'],
    ]);
  });

  it('names the line of a segment without text', async () => {
    expect(await failure('no-text.json')).toBe('no-text.json:4: a segment has no "text"');
  });
});

describe('ingest: encodings as exports come', () => {
  const ENCODINGS = path.join(FIXTURES, 'encodings');
  const readEncoded = (file: string) => readTranscripts({ id: file.replace(/\.\w+$/, ''), file, absolutePath: path.join(ENCODINGS, file) }, DEFAULT_INGEST_OPTIONS);

  it('reads a Teams VTT in UTF-16 LE with a BOM and CRLF like its UTF-8 original', async () => {
    const [utf16] = (await readEncoded('teams-utf16le-bom.vtt')).transcripts;
    const utf8 = await one('teams-crm-renewal.vtt');
    expect(utf16!.turns).toEqual(utf8.turns);
  });

  it('reads an Otter export in UTF-16 BE without a BOM', async () => {
    const [t] = (await readEncoded('otter-utf16be-no-bom.txt')).transcripts;
    expect(t!.turns).toEqual((await one('otter-coffee-subscription.txt')).turns);
  });

  it('reads UTF-8 with a BOM and CRLF, front matter and accents intact', async () => {
    const [t] = (await readEncoded('notes-utf8-bom-crlf.md')).transcripts;
    expect(t!.metadata).toMatchObject({ participant: 'P07' });
    expect(t!.speakers.map((s) => [s.name, s.role])).toEqual([
      ['Sam', 'interviewer'],
      ['Renée', 'participant'],
    ]);
    expect(t!.turns[3]!.text).toBe("My café's accountant recommended it. I wanted to see every account in one place.");
  });

  it('refuses a Windows-1252 CSV with the line of the first accent, rather than garble it', async () => {
    await expect(readEncoded('survey-windows-1252.csv')).rejects.toThrow(JobmapError);
    const error = await readEncoded('survey-windows-1252.csv').catch((e: JobmapError) => e.format());
    expect(error).toBe('survey-windows-1252.csv:5: the file is not valid UTF-8 text (it may be Windows-1252 or Latin-1); save it as UTF-8 and run again');
  });
});

describe('ingest: more exports seen in the wild', () => {
  it("reads Zoom's saved captions (`[Name] 18:02:11`, then the text)", async () => {
    const t = await one('zoom-saved-captions-gym.txt');
    expect(turnsAt(t)).toEqual([
      ['Noor Haddad', 'interviewer', 2, '18:02:11'],
      ['Walt Brenner', 'participant', 4, '18:02:16'],
      ['Noor Haddad', 'interviewer', 8, '18:02:27'],
      ['Walt Brenner', 'participant', 10, '18:02:30'],
    ]);
  });

  it("reads AssemblyAI's utterances, whose times are in milliseconds", async () => {
    const t = await one('assemblyai-utterances.json');
    expect(t.turns.map((turn) => [turn.speaker, turn.lines[0]!.time])).toEqual([
      ['A', '00:00:01'],
      ['B', '00:00:04'],
      ['A', '00:00:12'],
      ['B', '00:00:14'],
    ]);
  });
});
