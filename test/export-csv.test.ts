import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { FINDING_COLUMNS, toCsv } from '../src/write/csv.js';
import { ROOT } from './helpers.js';

/** An RFC 4180 reader, to read back what the writer wrote: quoted fields may hold commas, doubled quotes and line breaks. */
function readCsv(text: string): string[][] {
  expect(text.startsWith('\ufeff')).toBe(true);
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 1; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      row.push(field);
      field = '';
    } else if (c === '\r' && text[i + 1] === '\n') {
      rows.push([...row, field]);
      row = [];
      field = '';
      i++;
    } else field += c;
  }
  expect(field, 'every record ends with CRLF').toBe('');
  return rows;
}

describe('CSV (RFC 4180, UTF-8 with BOM)', () => {
  it('quotes a field with a comma, a double quote or a line break, doubles its quotes, and ends records with CRLF', () => {
    const csv = toCsv([
      ['quote', 'rules'],
      ['It was slow, really slow.', 'pain.time-cost'],
      ['She said "just export it".', ''],
      ['I kept\ncopying numbers\r\nby hand.', undefined],
      [0.65, 'plain'],
    ]);
    expect(csv).toBe(
      '\ufeffquote,rules\r\n"It was slow, really slow.",pain.time-cost\r\n"She said ""just export it"".",\r\n"I kept\ncopying numbers\r\nby hand.",\r\n0.65,plain\r\n',
    );
    expect(readCsv(csv)[3]).toEqual(['I kept\ncopying numbers\r\nby hand.', '']);
  });
});

describe('jobmap export csv', { timeout: 120_000 }, () => {
  async function exportCsv(): Promise<{ findings: string; jobs: string; yamlFindings: number }> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jobmap-csv-'));
    let errors = '';
    const code = await main(['node', 'jobmap', 'export', 'csv', path.join(ROOT, 'samples'), '--out', path.join(dir, 'out'), '--to', path.join(dir, 'csv'), '-q', '--no-cache'], {
      out: () => undefined,
      err: (t) => (errors += t),
    });
    expect(code, errors).toBe(0);
    const summary = readFileSync(path.join(dir, 'out', 'summary.yaml'), 'utf8');
    return {
      findings: readFileSync(path.join(dir, 'csv', 'findings.csv'), 'utf8'),
      jobs: readFileSync(path.join(dir, 'csv', 'jobs.csv'), 'utf8'),
      yamlFindings: Number(/^findings: (\d+)$/m.exec(summary)?.[1]),
    };
  }

  it('writes one row per finding with its columns, quotes and all, and one per candidate job with its segments; the same bytes every time', async () => {
    const first = await exportCsv();
    const findings = readCsv(first.findings);
    expect(findings[0]).toEqual([...FINDING_COLUMNS]);
    expect(findings.length - 1).toBe(first.yamlFindings);
    expect(findings.every((row) => row.length === FINDING_COLUMNS.length)).toBe(true);
    const quote = FINDING_COLUMNS.indexOf('quote');
    expect(findings.some((row) => row[quote]!.includes(','))).toBe(true);
    const budgeting = findings.find((row) => row[0] === '01-budgeting-app-switch' && row[quote]!.startsWith('I think, what I really want'))!;
    expect(budgeting.slice(0, 2)).toEqual(['01-budgeting-app-switch', 'Participant']);
    expect(budgeting[FINDING_COLUMNS.indexOf('candidate_job')]).toMatch(/^job\./);

    const jobs = readCsv(first.jobs);
    expect(jobs[0]).toEqual(['stage', 'id', 'statement', 'dimension', 'participants', 'mentions', 'review', 'participants: churned', 'participants: engaged', 'participants: new']);
    expect(jobs.length).toBeGreaterThan(20);
    expect(jobs.slice(1).every((row) => Number(row[4]) >= Number(row[7]) + Number(row[8]) + Number(row[9]))).toBe(true);

    const again = await exportCsv();
    expect(again.findings).toBe(first.findings);
    expect(again.jobs).toBe(first.jobs);
  });
});
