import { readFile } from 'node:fs/promises';
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { JobmapError, JobmapErrors } from '../errors.js';
import { errorMessage, placeAt, type JobmapMessage } from '../core/message.js';
import { CATEGORIES, type Category } from '../categories.js';

/** One decision on a candidate job. */
export type JobDecision =
  | { kind: 'accept' | 'reject'; note?: string; line: number }
  | { kind: 'rename'; name: string; note?: string; line: number }
  | { kind: 'merge'; into: string; note?: string; line: number };

/** One decision on a finding; `add` is a finding the review added where the rules found none. */
export interface FindingDecision {
  kind: 'accept' | 'reject' | 'add';
  note?: string;
  line: number;
}

/**
 * A finding the rules missed, as the reviewer wrote it under `add:`: a sentence
 * named by `at: file:line[:column]` and/or a `quote` of its words, and what it is.
 */
export interface Addition {
  /** the line of the entry in the review file */
  line: number;
  category: Category;
  at?: { file: string; line: number; column?: number };
  quote?: string;
  subtype?: string;
  stage?: string;
  /** where `stage:` is written, so a stage the model lacks is reported there */
  stageAt?: { line: number; col: number };
  note?: string;
}

/** A reviewer's decisions, read from the review file; jobmap reads it and never writes it. */
export interface Review {
  file: string;
  /** false when there is no review file yet: nothing is decided */
  exists: boolean;
  jobs: Map<string, JobDecision>;
  findings: Map<string, FindingDecision>;
  /** findings the rules missed, in file order */
  additions: Addition[];
}

const ADD_KEYS = ['at', 'quote', 'category', 'subtype', 'stage', 'note'];
const JOB_KEYS = ['decision', 'rename', 'merge_into', 'note'];
const FINDING_KEYS = ['decision', 'note'];
const DECISIONS = ['accept', 'reject'];

/** Reads and checks the review file; every problem is reported at once with file:line:col, before any work. */
export async function loadReview(file: string): Promise<Review> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { file, exists: false, jobs: new Map(), findings: new Map(), additions: [] };
    throw new JobmapError(`cannot read the review file: ${(error as Error).message}`, file);
  }
  return { ...parseReview(text, file), exists: true };
}

/** The decisions in a review file's text; every problem is reported at once, with file:line:col. */
export function parseReview(text: string, file: string): Review {
  const review: Review = { file, exists: true, jobs: new Map(), findings: new Map(), additions: [] };
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, prettyErrors: false });
  const problems: JobmapMessage[] = [];
  const at = (node: unknown) => counter.linePos((node as Node | null)?.range?.[0] ?? 0);
  const problemAt = (message: string, { line, col }: { line: number; col: number }) => problems.push(reviewProblem(message, file, line, col));
  const problem = (message: string, node: unknown) => problemAt(message, at(node));
  for (const error of doc.errors) problemAt(`not valid YAML: ${error.message.split('\n')[0]}`, counter.linePos(error.pos[0]));
  if (problems.length) throw new JobmapErrors(problems);

  const root = doc.contents;
  if (root !== null && !isMap(root)) problem('the review file must be a mapping with `jobs:`, `findings:` and/or `add:`', root);
  for (const pair of isMap(root) ? root.items : []) {
    const section = isScalar(pair.key) ? String(pair.key.value) : '';
    if (section !== 'jobs' && section !== 'findings' && section !== 'add') {
      problem(`unknown section "${section}"; expected jobs, findings or add`, pair.key);
      continue;
    }
    if (pair.value === null || (isScalar(pair.value) && pair.value.value === null)) continue;
    if (section === 'add') {
      review.additions.push(...readAdditions(pair.value, problem, (node) => at(node)));
      continue;
    }
    if (!isMap(pair.value)) {
      problem(`\`${section}:\` must map ids to decisions, e.g. \`job.find-cheaper-plan: accept\``, pair.value);
      continue;
    }
    for (const entry of pair.value.items) {
      const id = isScalar(entry.key) ? String(entry.key.value) : '';
      if (!id) {
        problem('expected an id as the key', entry.key);
        continue;
      }
      const line = at(entry.key).line;
      const decision = section === 'jobs' ? jobDecision(entry, line, problem) : findingDecision(entry, line, problem);
      if (!decision) continue;
      if (section === 'jobs') review.jobs.set(id, decision as JobDecision);
      else review.findings.set(id, decision as FindingDecision);
    }
  }
  if (problems.length) throw new JobmapErrors(problems);
  return review;
}

type Report = (message: string, node: unknown) => void;

/** `accept`, `reject`, or a mapping: `{decision: accept|reject, note}`, `{rename: ..., note}`, `{merge_into: job.id, note}`. */
function jobDecision(entry: Pair, line: number, problem: Report): JobDecision | undefined {
  const fields = decisionFields(entry, JOB_KEYS, problem);
  if (!fields) return undefined;
  const { decision, rename, merge_into: into, note } = fields;
  const chosen = [decision, rename, into].filter((v) => v !== undefined).length;
  if (chosen !== 1) {
    problem('give one of: accept, reject, `rename: <new statement>` or `merge_into: <job id>`', entry.value ?? entry.key);
    return undefined;
  }
  const extra = note === undefined ? {} : { note };
  if (rename !== undefined) return { kind: 'rename', name: rename, line, ...extra };
  if (into !== undefined) return { kind: 'merge', into, line, ...extra };
  return { kind: decision as 'accept' | 'reject', line, ...extra };
}

function findingDecision(entry: Pair, line: number, problem: Report): FindingDecision | undefined {
  const fields = decisionFields(entry, FINDING_KEYS, problem);
  if (!fields) return undefined;
  if (fields.decision === undefined) {
    problem('a finding is either accepted or rejected: `accept` or `reject`', entry.value ?? entry.key);
    return undefined;
  }
  return { kind: fields.decision as 'accept' | 'reject', line, ...(fields.note === undefined ? {} : { note: fields.note }) };
}

/** The entry's fields as strings, checked: known keys, non-empty text, `decision` one of accept/reject. */
function decisionFields(entry: Pair, keys: string[], problem: Report): Record<string, string> | undefined {
  const value = entry.value;
  const fields: Record<string, string> = {};
  if (isScalar(value) && typeof value.value === 'string') fields.decision = value.value.trim();
  else if (isMap(value)) {
    for (const pair of value.items) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!keys.includes(key)) {
        problem(`unknown key "${key}"; expected one of: ${keys.join(', ')}`, pair.key);
        return undefined;
      }
      if (!isScalar(pair.value) || pair.value.value === null || String(pair.value.value).trim() === '') {
        problem(`"${key}" needs a value`, pair.value ?? pair.key);
        return undefined;
      }
      fields[key] = String(pair.value.value).trim();
    }
  } else {
    problem('expected accept, reject or a mapping of decision fields', value ?? entry.key);
    return undefined;
  }
  if (fields.decision !== undefined && !DECISIONS.includes(fields.decision)) {
    problem(`unknown decision "${fields.decision}"; expected accept or reject (or rename:, merge_into: for jobs)`, value);
    return undefined;
  }
  return fields;
}

/** `add:` is a list of findings the rules missed: `- { at: file:line, quote: "...", category: pain, stage: use, note: ... }`. */
function readAdditions(value: unknown, problem: Report, at: (node: unknown) => { line: number; col: number }): Addition[] {
  if (!isSeq(value)) {
    problem('`add:` must be a list of findings, e.g. `- { at: interview.txt:12, category: pain }`', value);
    return [];
  }
  return value.items.flatMap((item) => {
    const addition = readAddition(item, problem, at);
    return addition ? [addition] : [];
  });
}

function readAddition(item: unknown, problem: Report, at: (node: unknown) => { line: number; col: number }): Addition | undefined {
  if (!isMap(item)) {
    problem('each added finding is a mapping with `category:` and `at:` (file:line) or `quote:`', item);
    return undefined;
  }
  const fields = new Map<string, { text: string; node: unknown }>();
  for (const pair of item.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : '';
    if (!ADD_KEYS.includes(key)) {
      problem(`unknown key "${key}" in an added finding; expected one of: ${ADD_KEYS.join(', ')}`, pair.key);
      return undefined;
    }
    if (!isScalar(pair.value) || pair.value.value === null || String(pair.value.value).trim() === '') {
      problem(`"${key}" needs a value`, pair.value ?? pair.key);
      return undefined;
    }
    fields.set(key, { text: String(pair.value.value).trim(), node: pair.value });
  }
  const category = fields.get('category');
  if (!category) {
    problem(`an added finding needs \`category:\` (one of: ${CATEGORIES.join(', ')})`, item);
    return undefined;
  }
  if (!(CATEGORIES as readonly string[]).includes(category.text)) {
    problem(`unknown category "${category.text}"; expected one of: ${CATEGORIES.join(', ')}`, category.node);
    return undefined;
  }
  const place = fields.get('at');
  const quote = fields.get('quote')?.text;
  if (!place && !quote) {
    problem("an added finding needs `at:` (file:line, as in a finding's `at:`) or `quote:` (words of the sentence), or both", item);
    return undefined;
  }
  const location = place ? /^(.*?\S):(\d+)(?::(\d+))?$/.exec(place.text) : undefined;
  if (place && !location) {
    problem(`\`at:\` should be file:line or file:line:column, as in a finding's \`at:\`, not "${place.text}"`, place.node);
    return undefined;
  }
  const stage = fields.get('stage');
  const optional = (key: string) => (fields.has(key) ? { [key]: fields.get(key)!.text } : {});
  return {
    line: at(item).line,
    category: category.text as Category,
    ...(location ? { at: { file: location[1]!, line: Number(location[2]), ...(location[3] ? { column: Number(location[3]) } : {}) } } : {}),
    ...(quote ? { quote } : {}),
    ...optional('subtype'),
    ...optional('note'),
    ...(stage ? { stage: stage.text, stageAt: at(stage.node) } : {}),
  };
}

/** A stage named in `add:` must be one of the run's stage model: reported at its place in the review file, before any work. */
export function checkAdditionStages(review: Review, stages: string[]): void {
  const problems = review.additions
    .filter((addition) => addition.stage !== undefined && !stages.includes(addition.stage))
    .map((addition) =>
      reviewProblem(`unknown stage "${addition.stage}"; this run's stage model has: ${stages.join(', ')}`, review.file, addition.stageAt!.line, addition.stageAt!.col),
    );
  if (problems.length) throw new JobmapErrors(problems);
}

function reviewProblem(reason: string, file: string, line: number, column: number): JobmapMessage {
  return errorMessage('review', reason, { place: placeAt(file, line, column) });
}
