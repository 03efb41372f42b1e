import type { FindingDecision } from '../../review/file.js';
import type { Rule, StageModel } from '../../rules/types.js';
import type { ClassifiedFinding, Metadata, TranscriptFindings } from '../../types.js';
import type { JobMap } from '../../jobMapTypes.js';
import { candidateJobOfFindings } from '../index.js';
import { buildCodebook, type Codebook } from './codebook.js';
import { sourceText } from './source.js';
import { guidOf, printXml, type XmlElement } from './xml.js';
import { zip, type ZipEntry } from '../zip.js';

export interface QdpxInput {
  /** the project's name in the QDA tool (the input folder's name) */
  name: string;
  /** `jobmap <version>`: who made the file */
  origin: string;
  /** the run's results; each must carry its turns (RunOptions.keepTurns) */
  results: TranscriptFindings[];
  jobMap: JobMap;
  rules: Rule[];
  stages: StageModel;
  findingDecisions: Map<string, FindingDecision>;
}

const PROJECT_NAMESPACE = 'urn:QDA-XML:project:1.0';
const CODEBOOK_NAMESPACE = 'urn:QDA-XML:codebook:1.0';

/**
 * A REFI-QDA project (QDA-XML 1.0): `project.qde` and one plain-text file per
 * transcript under `sources/`, zipped with fixed timestamps. Rejected findings
 * are left out: the researcher said they are not what their code says.
 */
export function qdpx(input: QdpxInput): Buffer {
  const { project, sources } = projectOf(input);
  return zip([{ name: 'project.qde', data: Buffer.from(printXml(project), 'utf8') }, ...sources]);
}

/** The codebook alone, as a REFI-QDA codebook exchange file (`.qdc`). */
export function qdc(input: Omit<QdpxInput, 'findingDecisions'>): string {
  const codebook = buildCodebook(input);
  return printXml({ name: 'CodeBook', attributes: { xmlns: CODEBOOK_NAMESPACE, origin: input.origin }, children: [{ name: 'Codes', children: codebook.codes }] });
}

const USER = guidOf('user', 'jobmap');

export function projectOf(input: QdpxInput): { project: XmlElement; sources: ZipEntry[] } {
  const notes = new Notes();
  const jobNotes = new Map<string, string>();
  for (const stage of input.jobMap.stages) {
    for (const job of stage.jobs) if (job.review?.note) jobNotes.set(job.id, notes.add(`review of ${job.id}`, job.review.note));
  }
  const codebook = buildCodebook({ ...input, jobNotes });
  const jobOf = candidateJobOfFindings(input.jobMap);
  const sources: ZipEntry[] = [];
  const textSources = input.results.map((result) => {
    const guid = guidOf('source', result.transcript.id);
    const text = sourceText(result.turns ?? []);
    sources.push({ name: `sources/${guid}.txt`, data: Buffer.from(text.text, 'utf8') });
    const rejected = (finding: ClassifiedFinding) => input.findingDecisions.get(finding.id)?.kind === 'reject';
    const selections = result.findings
      .filter((finding) => !rejected(finding))
      .map((finding) => selectionOf(finding, text.rangeOf(finding), codebook, jobOf.get(finding.id), noteOf(finding, input.findingDecisions, notes)));
    // a rejected finding is not coded, but why the reviewer rejected it is kept, with the sentence it was about
    for (const finding of result.findings.filter(rejected)) {
      const note = input.findingDecisions.get(finding.id)!.note;
      if (note) notes.add(`review of ${finding.id} (rejected)`, `${note}\n\n"${finding.sentence}" (${finding.evidence.file}:${finding.evidence.line})`);
    }
    return {
      name: 'TextSource',
      attributes: { guid, name: result.transcript.id, plainTextPath: `internal://${guid}.txt`, creatingUser: USER },
      children: [{ name: 'Description', text: `${result.transcript.file}, read by jobmap` }, ...selections],
    };
  });
  const variables = variablesOf(input.results);
  const project: XmlElement = {
    name: 'Project',
    attributes: { xmlns: PROJECT_NAMESPACE, name: input.name, origin: input.origin, creatingUserGUID: USER },
    children: [
      { name: 'Users', children: [{ name: 'User', attributes: { guid: USER, name: 'jobmap' } }] },
      { name: 'CodeBook', children: [{ name: 'Codes', children: codebook.codes }] },
      variables.length ? { name: 'Variables', children: variables.map(({ name, guid }) => ({ name: 'Variable', attributes: { guid, name, typeOfVariable: 'Text' } })) } : undefined,
      { name: 'Cases', children: casesOf(input.results, input.jobMap.segments?.by) },
      { name: 'Sources', children: textSources },
      notes.element(),
      { name: 'Description', text: `Findings and candidate jobs from jobmap's rules (${input.jobMap.model} stages), with the researcher's review decisions.` },
    ],
  };
  return { project, sources };
}

function selectionOf(finding: ClassifiedFinding, [start, end]: [number, number], codebook: Codebook, job: string | undefined, note: string | undefined): XmlElement {
  const coding = (code: string, kind: string): XmlElement => ({
    name: 'Coding',
    attributes: { guid: guidOf(kind, finding.id), creatingUser: USER },
    children: [{ name: 'CodeRef', attributes: { targetGUID: code } }],
  });
  return {
    name: 'PlainTextSelection',
    attributes: { guid: guidOf('selection', finding.id), name: finding.id, startPosition: start, endPosition: end, creatingUser: USER },
    children: [
      { name: 'Description', text: selectionDescription(finding) },
      coding(codebook.codeOf(finding.category, finding.subtype), 'coding'),
      job ? coding(codebook.jobCode(job), 'job coding') : undefined,
      note ? { name: 'NoteRef', attributes: { targetGUID: note } } : undefined,
    ],
  };
}

/** What jobmap knows about the coding beyond its code: stage, statement, rules, confidence. */
function selectionDescription(finding: ClassifiedFinding): string {
  const made = finding.rules.length ? `rules ${finding.rules.join(', ')}, confidence ${finding.confidence}` : 'added by review';
  return [
    `${finding.category}${finding.subtype ? ` (${finding.subtype})` : ''}, stage ${finding.stage}: ${finding.stageBecause}`,
    ...(finding.statement ? [`statement: ${finding.statement}`] : []),
    made,
  ].join('\n');
}

function noteOf(finding: ClassifiedFinding, decisions: Map<string, FindingDecision>, notes: Notes): string | undefined {
  const decision = decisions.get(finding.id);
  return decision?.note ? notes.add(`review of ${finding.id}`, decision.note) : undefined;
}

/** Review notes, each a REFI-QDA note that the coding or code it is about refers to. */
class Notes {
  private readonly notes: XmlElement[] = [];

  add(name: string, text: string): string {
    const guid = guidOf('note', name);
    this.notes.push({ name: 'Note', attributes: { guid, name, creatingUser: USER }, children: [{ name: 'PlainTextContent', text }] });
    return guid;
  }

  element(): XmlElement | undefined {
    return this.notes.length ? { name: 'Notes', children: this.notes } : undefined;
  }
}

/** Every attribute any transcript has (front matter, CSV columns, participants.yaml), as a text variable. */
function variablesOf(results: TranscriptFindings[]): { name: string; guid: string }[] {
  const names = [...new Set(results.flatMap((r) => Object.keys(r.transcript.metadata)))].sort();
  return names.map((name) => ({ name, guid: guidOf('variable', name) }));
}

function variableValues(metadata: Metadata): XmlElement[] {
  return Object.keys(metadata)
    .sort()
    .map((name) => ({
      name: 'VariableValue',
      children: [
        { name: 'VariableRef', attributes: { targetGUID: guidOf('variable', name) } },
        { name: 'TextValue', text: textOf(metadata[name]!) },
      ],
    }));
}

function textOf(value: Metadata[string]): string {
  return Array.isArray(value) ? value.join(', ') : String(value);
}

/** One case per participant (a transcript, with its attributes), one per segment (its participants' transcripts). */
function casesOf(results: TranscriptFindings[], segmentBy: string | undefined): XmlElement[] {
  const participants = results.map((result): XmlElement => ({
    name: 'Case',
    attributes: { guid: guidOf('participant', result.transcript.id), name: result.transcript.id },
    children: [...variableValues(result.transcript.metadata), { name: 'SourceRef', attributes: { targetGUID: guidOf('source', result.transcript.id) } }],
  }));
  if (!segmentBy) return participants;
  const bySegment = new Map<string, string[]>();
  for (const result of results) {
    const value = result.transcript.metadata[segmentBy];
    if (value === undefined) continue;
    const segment = textOf(value);
    bySegment.set(segment, [...(bySegment.get(segment) ?? []), result.transcript.id]);
  }
  const segments = [...bySegment]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([segment, ids]): XmlElement => ({
      name: 'Case',
      attributes: { guid: guidOf('segment', segment), name: `${segmentBy}: ${segment}` },
      children: [
        {
          name: 'VariableValue',
          children: [
            { name: 'VariableRef', attributes: { targetGUID: guidOf('variable', segmentBy) } },
            { name: 'TextValue', text: segment },
          ],
        },
        ...ids.map((id) => ({ name: 'SourceRef', attributes: { targetGUID: guidOf('source', id) } })),
      ],
    }));
  return [...participants, ...segments];
}
