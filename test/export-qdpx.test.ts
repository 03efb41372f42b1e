import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { main } from '../src/cli.js';
import { sentenceHash } from '../src/extract/ids.js';
import { codePointIndex } from '../src/write/qdpx/source.js';
import { guidOf } from '../src/write/qdpx/xml.js';
import { FIXTURES, folderOf, MEALS, MEALS_INTERVIEW, ROOT } from './helpers.js';

const SCHEMA = path.join(FIXTURES, 'refi-qda', 'Project.xsd');
const XMLLINT = (() => {
  try {
    execFileSync('xmllint', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
})();
const ON_CI = Boolean(process.env.CI);
if (!XMLLINT && !ON_CI) console.warn('export-qdpx.test.ts: schema validation skipped: no xmllint (apt-get install libxml2-utils)');

/** `jobmap export <args>`, quiet, with no parse cache; fails the test on a non-zero exit. */
async function jobmap(...args: string[]): Promise<void> {
  let errors = '';
  const code = await main(['node', 'jobmap', 'export', ...args, '-q', '--no-cache'], { out: () => undefined, err: (t) => (errors += t) });
  expect(code, errors).toBe(0);
}

interface Exported {
  entries: string[];
  qde: string;
  texts: Map<string, string>;
  /** the YAML findings of the run, by id */
  findings: Map<string, { id: string; quote: string; category: string; candidate_job?: string; review?: string }>;
}

async function exportFolder(folder: string, extra: string[] = []): Promise<Exported & { bytes: Buffer; dir: string }> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jobmap-qdpx-'));
  const file = path.join(dir, 'study.qdpx');
  await jobmap('qdpx', folder, '--out', path.join(dir, 'out'), '--to', file, ...extra);
  const bytes = readFileSync(file);
  const archive = await JSZip.loadAsync(bytes);
  const entries = Object.keys(archive.files);
  const texts = new Map<string, string>();
  for (const name of entries.filter((n) => n.startsWith('sources/'))) texts.set(name.slice('sources/'.length), await archive.file(name)!.async('string'));
  const findings = new Map<string, Exported['findings'] extends Map<string, infer V> ? V : never>();
  const transcripts = path.join(dir, 'out', 'transcripts');
  for (const name of execFileSync('ls', [transcripts], { encoding: 'utf8' }).split('\n').filter(Boolean)) {
    for (const finding of parse(readFileSync(path.join(transcripts, name), 'utf8')).findings ?? []) findings.set(finding.id, finding);
  }
  return { bytes, dir, entries, qde: await archive.file('project.qde')!.async('string'), texts, findings };
}

/** Every coded selection: the finding it codes, its characters, and the file its text is in. */
function selectionsOf(qde: string): { id: string; start: number; end: number; text: string; codes: string[] }[] {
  const selections = [];
  for (const source of qde.matchAll(/<TextSource [^>]*plainTextPath="internal:\/\/([^"]+)"[^>]*>([\s\S]*?)<\/TextSource>/g)) {
    for (const selection of source[2]!.matchAll(/<PlainTextSelection [^>]*name="([^"]+)" startPosition="(\d+)" endPosition="(\d+)"[^>]*>([\s\S]*?)<\/PlainTextSelection>/g)) {
      const codes = [...selection[4]!.matchAll(/<CodeRef targetGUID="([^"]+)"/g)].map((m) => m[1]!);
      selections.push({ id: selection[1]!, start: Number(selection[2]), end: Number(selection[3]), text: source[1]!, codes });
    }
  }
  return selections;
}

/** Cuts [start, end) characters (code points, as REFI-QDA counts) out of a text. */
function cut(text: string, start: number, end: number): string {
  return Array.from(text).slice(start, end).join('');
}

function validate(dir: string, qde: string): void {
  const file = path.join(dir, 'project.qde');
  writeFileSync(file, qde);
  // xmllint exits non-zero and names the element when the file does not validate
  execFileSync('xmllint', ['--noout', '--schema', SCHEMA, file], { stdio: 'pipe' });
}

describe('jobmap export qdpx: a REFI-QDA project of the samples', { timeout: 120_000 }, () => {
  let first: Awaited<ReturnType<typeof exportFolder>>;
  beforeAll(async () => {
    first = await exportFolder(path.join(ROOT, 'samples'));
  });

  it('is a zip of project.qde first, then one plain-text source per transcript', () => {
    expect(first.entries[0]).toBe('project.qde');
    expect(first.entries.filter((e) => e.startsWith('sources/'))).toHaveLength(16);
    expect(first.qde).toContain('<Project xmlns="urn:QDA-XML:project:1.0" name="samples"');
  });

  it.skipIf(!XMLLINT && !ON_CI)('validates against the QDA-XML 1.0 project schema', () => {
    expect(() => validate(first.dir, first.qde)).not.toThrow();
  });

  it('codes every finding the review did not reject on exactly the characters of its sentence', () => {
    const selections = selectionsOf(first.qde);
    expect(selections.length).toBe([...first.findings.values()].filter((f) => f.review !== 'rejected').length);
    for (const selection of selections) {
      const text = first.texts.get(selection.text)!;
      const finding = first.findings.get(selection.id)!;
      // the YAML quote writes each whitespace character as one space; the source keeps the line breaks
      expect(cut(text, selection.start, selection.end).replace(/\s/g, ' '), selection.id).toBe(finding.quote);
    }
  });

  it('codes a job finding with its candidate job too, under Jobs > stage in the codebook', () => {
    const selections = new Map(selectionsOf(first.qde).map((s) => [s.id, s]));
    const jobFindings = [...first.findings].filter(([, f]) => f.candidate_job);
    expect(jobFindings.length).toBeGreaterThan(20);
    for (const [id, finding] of jobFindings) expect(selections.get(id)!.codes).toContain(guidOf('job', finding.candidate_job!));
    expect(first.qde).toMatch(/<Code guid="[^"]+" name="Jobs" isCodable="false">\s*<Description>[^<]+<\/Description>\s*<Code guid="[^"]+" name="awareness" isCodable="false">/);
  });

  it('refers only to codes, sources and variables it defines', () => {
    const defined = new Set([...first.qde.matchAll(/ guid="([^"]+)"/g)].map((m) => m[1]!));
    const referred = [...first.qde.matchAll(/targetGUID="([^"]+)"/g)].map((m) => m[1]!);
    expect(referred.length).toBeGreaterThan(500);
    expect(referred.filter((guid) => !defined.has(guid))).toEqual([]);
  });

  it('makes each participant and each segment a case, with the attributes as variables', () => {
    expect(first.qde).toMatch(/<Variable guid="[^"]+" name="segment" typeOfVariable="Text"\/>/);
    expect(first.qde).toContain(`<Case guid="${guidOf('participant', '01-budgeting-app-switch')}" name="01-budgeting-app-switch">`);
    const churned = /<Case guid="[^"]+" name="segment: churned">([\s\S]*?)<\/Case>/.exec(first.qde)?.[1] ?? '';
    expect(churned).toContain('<TextValue>churned</TextValue>');
    expect([...churned.matchAll(/<SourceRef /g)]).toHaveLength(4);
  });

  it('writes the same bytes when exported again (GUIDs from ids, fixed zip timestamps)', async () => {
    const again = await exportFolder(path.join(ROOT, 'samples'));
    expect(again.bytes.equals(first.bytes)).toBe(true);
  });
});

describe('jobmap export qdpx: positions count characters', { timeout: 60_000 }, () => {
  it('finds a sentence after emoji and accents where a QDA tool counts it', async () => {
    const folder = folderOf({
      'emoji.txt': [
        'Interviewer: How did it go? 🙂',
        'Participant: Honestly 😅😅 it was a nightmare, the café app kept crashing 💥.',
        'I was so frustrated that I ended up doing the invoices by hand every Friday.',
      ].join('\n'),
    });
    const exported = await exportFolder(folder);
    const selections = selectionsOf(exported.qde);
    expect(selections.length).toBeGreaterThan(0);
    for (const selection of selections) {
      expect(cut(exported.texts.get(selection.text)!, selection.start, selection.end).replace(/\s/g, ' ')).toBe(exported.findings.get(selection.id)!.quote);
    }
    if (XMLLINT) validate(exported.dir, exported.qde);
  });

  it('converts UTF-16 offsets to code points only after surrogate pairs', () => {
    const toCharacters = codePointIndex('a😅b😅c');
    expect([0, 1, 3, 4, 6].map(toCharacters)).toEqual([0, 1, 2, 3, 4]);
    expect(codePointIndex('plain')(4)).toBe(4);
  });
});

describe('jobmap export qdpx: the review in the project', { timeout: 60_000 }, () => {
  it('codes added findings, leaves rejected ones out, and turns review notes into notes (a coding refers to its own)', async () => {
    const folder = folderOf({
      'p1.txt': MEALS_INTERVIEW,
    });
    const reviewFile = path.join(folder, 'review.yaml');
    writeFileSync(
      reviewFile,
      [
        'findings:',
        `  "p1#${sentenceHash(MEALS)}.social": { decision: reject, note: no social cue }`,
        'add:',
        '  - { quote: planning the family meals, category: job, note: "said as \\"go to planning\\"" }',
        '',
      ].join('\n'),
    );
    const exported = await exportFolder(folder, ['--review', reviewFile]);
    const selections = selectionsOf(exported.qde);
    const added = [...exported.findings.values()].find((f) => f.review === 'added')!;
    expect(selections.map((s) => s.id).sort()).toEqual(
      [...exported.findings.values()]
        .filter((f) => f.review !== 'rejected')
        .map((f) => f.id)
        .sort(),
    );
    expect(selections.find((s) => s.id === added.id)!.codes).toEqual([guidOf('code', 'job'), guidOf('job', added.candidate_job!)]);
    const note = guidOf('note', `review of ${added.id}`);
    expect(exported.qde).toContain(
      `<Note guid="${note}" name="review of ${added.id}" creatingUser="${guidOf('user', 'jobmap')}">\n      <PlainTextContent>said as &quot;go to planning&quot;</PlainTextContent>`,
    );
    expect(exported.qde).toMatch(new RegExp(`name="${added.id}"[^>]*>[\\s\\S]*?<NoteRef targetGUID="${note}"/>\\s*</PlainTextSelection>`));
    // the rejected finding is not coded; the reviewer's reason stays, as a note of its own
    expect(exported.qde).toMatch(/<Note guid="[^"]+" name="review of p1#\w+\.social \(rejected\)"[^>]*>\s*<PlainTextContent>no social cue\n\n&quot;Sunday afternoons/);
    if (XMLLINT) validate(exported.dir, exported.qde);
  });
});

describe('jobmap export qdc: the codebook alone', { timeout: 60_000 }, () => {
  it('holds the same codes as the project, in the codebook namespace, and validates as a project codebook', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jobmap-qdc-'));
    const file = path.join(dir, 'codebook.qdc');
    await jobmap('qdc', path.join(ROOT, 'samples'), '--out', path.join(dir, 'out'), '--to', file);
    const qdc = readFileSync(file, 'utf8');
    expect(qdc).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="jobmap">\n {2}<Codes>/);
    expect(qdc).toContain(`<Code guid="${guidOf('code', 'pain/workaround')}" name="workaround" isCodable="true"`);
    // The codebook schema's CodeBook is the project schema's CodeBookType: checked inside a project
    const asProject = qdc
      .replace('<CodeBook xmlns="urn:QDA-XML:codebook:1.0" origin="jobmap">', '<Project xmlns="urn:QDA-XML:project:1.0" name="codebook">\n<CodeBook>')
      .replace('</CodeBook>', '</CodeBook>\n</Project>');
    if (XMLLINT || ON_CI) validate(dir, asProject);
  });
});
