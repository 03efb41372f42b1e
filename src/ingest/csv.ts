import { JobmapError } from '../errors.js';
import type { Metadata } from '../types.js';
import type { IngestOptions, ParsedSource } from './format.js';
import { parseTextTranscript } from './text.js';

/** A field's value and where it starts in the file (the first character of the value, inside any quote). */
export interface CsvField {
  value: string;
  line: number;
  column: number;
}

const TEXT_COLUMNS = ['text', 'transcript', 'transcript_text', 'content', 'body', 'dialogue', 'conversation'];
const ID_COLUMNS = ['transcript_id', 'id', 'interview_id', 'participant_id', 'participant', 'respondent_id', 'session_id'];

/**
 * A spreadsheet of interviews, one per row: the text column is read as a text
 * transcript that starts where the field starts in the file, so evidence
 * points at the CSV's own lines. A row that cannot be read is reported alone.
 */
export function parseCsv(text: string, file: string, options: Pick<IngestOptions, 'csvText' | 'csvId'>): (ParsedSource | JobmapError)[] {
  const records = readCsv(text, file, file.toLowerCase().endsWith('.tsv') ? '\t' : undefined).filter((r) => r.some((f) => f.value.trim() !== ''));
  const header = records.shift();
  if (!header) throw new JobmapError('the CSV has no header row', file, 1);
  const names = header.map((f) => f.value.trim());
  const textAt = column(names, options.csvText, TEXT_COLUMNS, '--csv-text', file, true)!;
  const idAt = column(names, options.csvId, ID_COLUMNS, '--csv-id', file, false);
  if (records.length === 0) throw new JobmapError('the CSV has a header but no rows', file, 1);

  return records.map((record, row) => {
    const key = (idAt === undefined ? '' : record[idAt]?.value.trim()) || `row-${row + 1}`;
    const field = record[textAt];
    const line = field?.line ?? record[0]!.line;
    if (!field || field.value.trim() === '') return new JobmapError(`row "${key}": the "${names[textAt]}" column is empty`, file, line);
    try {
      const parsed = parseTextTranscript(field.value, file, { line: field.line, column: field.column });
      return { ...parsed, key, metadata: { ...rowMetadata(names, record, [textAt]), ...parsed.metadata } };
    } catch (error) {
      if (!(error instanceof JobmapError)) throw error;
      const within = error.line === undefined ? line : field.line + error.line - 1;
      return new JobmapError(`row "${key}": ${error.message}`, file, within);
    }
  });
}

function column(names: string[], wanted: string | undefined, defaults: string[], flag: string, file: string, required: boolean): number | undefined {
  const lower = names.map((name) => name.toLowerCase());
  if (wanted !== undefined) {
    const at = lower.indexOf(wanted.toLowerCase());
    if (at < 0) throw new JobmapError(`no column "${wanted}" (from ${flag}); the columns are: ${names.join(', ')}`, file, 1);
    return at;
  }
  const at = lower.findIndex((name) => defaults.includes(name));
  if (at < 0 && required) {
    throw new JobmapError(`no interview text column (looked for ${defaults.join(', ')}); the columns are: ${names.join(', ')}; name it with ${flag}`, file, 1);
  }
  return at < 0 ? undefined : at;
}

/** The row's other short columns (participant, segment, date...) as metadata. */
function rowMetadata(names: string[], record: CsvField[], skip: number[]): Metadata {
  const metadata: Metadata = {};
  names.forEach((name, i) => {
    const value = record[i]?.value.trim();
    if (!skip.includes(i) && name && value && value.length <= 200) metadata[name] = value;
  });
  return metadata;
}

/**
 * RFC 4180 records with the position of every field. Quoted fields may hold
 * delimiters, newlines and doubled quotes; a quote that never closes is an
 * error at the line where it opened, and so is one followed by text (the next
 * row's quote closed it). Stray quotes inside unquoted fields are kept as
 * text, as spreadsheets write them.
 */
export function readCsv(text: string, file: string, delimiter = sniffDelimiter(text)): CsvField[][] {
  const records: CsvField[][] = [];
  let record: CsvField[] = [];
  let line = 1;
  let column = 1;
  let i = 0;
  const n = text.length;
  while (i <= n) {
    // at the start of a field
    let value = '';
    const quoted = text[i] === '"';
    const field = { line, column: column + (quoted ? 1 : 0) };
    if (quoted) {
      i++;
      column++;
      for (;;) {
        if (i >= n) throw new JobmapError('a quoted field opened here is never closed (a missing ")', file, field.line);
        const c = text[i]!;
        if (c === '"' && text[i + 1] === '"') {
          value += '"';
          i += 2;
          column += 2;
        } else if (c === '"') {
          i++;
          column++;
          if (i < n && !isFieldEnd(text[i]!, delimiter)) throw unclosedQuote(file, field.line, line);
          break;
        } else {
          value += c;
          i++;
          if (c === '\n') {
            line++;
            column = 1;
          } else column++;
        }
      }
    }
    // unquoted text, or anything after a closing quote, up to the delimiter or the end of the line
    while (i < n && text[i] !== delimiter && text[i] !== '\n') {
      value += text[i];
      i++;
      column++;
    }
    record.push({ value, ...field });
    if (i < n && text[i] === delimiter) {
      i++;
      column++;
      continue;
    }
    records.push(record);
    record = [];
    i++;
    line++;
    column = 1;
  }
  // a file ending in a newline has no last, empty record
  const last = records.at(-1);
  if (last && last.length === 1 && last[0]!.value === '' && text.endsWith('\n')) records.pop();
  return records;
}

/** After a closing quote RFC 4180 allows only the end of the field. */
function isFieldEnd(c: string, delimiter: string): boolean {
  return c === delimiter || c === '\n' || c === '\r';
}

/**
 * Text right after a closing quote: the quote that closed is most likely the
 * next row's opening one, and the field opened at `opened` never closed; read
 * on, it would swallow the rows between without a word.
 */
function unclosedQuote(file: string, opened: number, closed: number): JobmapError {
  const where = opened === closed ? '' : ` (it runs on to line ${closed}, swallowing the rows between)`;
  return new JobmapError(`a quoted field opened here is not closed where its field ends${where}; a closing " is missing, or a " inside it should be written ""`, file, opened);
}

/** Comma unless the header line has more semicolons or tabs (European Excel, TSV saved as .csv). */
function sniffDelimiter(text: string): string {
  const header = text.slice(0, text.indexOf('\n') >>> 0);
  const count = (c: string) => header.split(c).length - 1;
  return [',', ';', '\t'].reduce((best, c) => (count(c) > count(best) ? c : best), ',');
}
