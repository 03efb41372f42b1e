import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { clip } from '../group/related.js';
import { resultFindingsDigest } from '../core/findingsDigest.js';
import type { TranscriptFindings } from '../types.js';
import { isOurs, type Content, type FileRecord } from './files.js';
import { diffFindings, snapshot, type FindingSnapshot, type FindingsDiff } from './changes.js';

/**
 * What the output folder remembers of the run that wrote it, so the next run
 * can say what an edit changed ("1 rule changed: pain.time-cost; 212 findings
 * added, 37 removed"): each rule's fingerprint, the stage model's, and every
 * finding in brief. It is jobmap's own file, like the lock, and is written
 * and made current with the rest of the output.
 */
export const RUN_STATE_FILE = '.jobmap-run.json';
const MARK = 'jobmap run state';
const VERSION = 3;

export interface RunState {
  rules: Record<string, string>;
  stageModel: string;
  /** each transcript's findings in brief, by transcript id, in the run's order */
  transcripts: Map<string, TranscriptBrief>;
  /** each file written, by its path in the output folder: what it was made from, and how it was left (write/index.ts); filled in as the files are written */
  files?: Record<string, FileRecord>;
  /** the key of everything the job map and the files were made from (run/mapMemo.ts), when the run knew it */
  map?: string;
}

/**
 * A transcript's findings in brief: made from the run's findings when asked,
 * or the last run's text kept as it was. Both are asked only of a transcript
 * whose findings changed: a re-run after one rule edit reads and writes the
 * others as text (reading and rendering every finding's brief was a sixth
 * of such a re-run).
 */
export interface TranscriptBrief {
  /** the findings' digest (core/findingsDigest.ts), '' when the run knew none: two equal digests mean the same findings */
  digest: string;
  findings(): Map<string, FindingSnapshot>;
  /** the findings as one JSON text, an array of [id, category, stage, at, sentence, rules] */
  text(): string;
}

/** What changed since the run that wrote the folder; undefined on the first run there. */
export interface RunChanges {
  rules: { added: string[]; removed: string[]; changed: string[] };
  stageModelChanged: boolean;
  findings: FindingsDiff;
  /** what the run did to the output folder's files; none for a dry run (rules try), which writes nothing */
  files?: { rewritten: number; unchanged: number; removed: number };
}

/** Sentences are kept short: the state says what changed and where, the transcripts' YAML holds the rest. */
const SENTENCE_CHARS = 70;

export function runState(results: TranscriptFindings[], rules: Record<string, string>, stageModel: string): RunState {
  const transcripts = new Map<string, TranscriptBrief>();
  for (const result of results) {
    const findings = () => snapshot([result], (sentence) => clip(sentence, SENTENCE_CHARS));
    transcripts.set(result.transcript.id, briefOf(findings, resultFindingsDigest(result) ?? ''));
  }
  return { rules, stageModel, transcripts };
}

/** A brief made from findings when asked; neither they nor their text are held (the text is made again for each reading, as the file is compared, then written). */
export function briefOf(findings: () => Map<string, FindingSnapshot>, digest = ''): TranscriptBrief {
  const text = () => JSON.stringify([...findings().values()].map((f) => [f.id, f.category, f.stage, f.at, f.sentence, f.rules.join(' ')]));
  return { digest, findings, text };
}

/**
 * The state as text, made again each time it is read (write/files.ts
 * Content) and never held whole: a line of JSON with the rules, the stage
 * model and the files, then a line per transcript, its id and digest as JSON
 * and, after a tab (which JSON text never holds), its findings' brief.
 */
export function renderRunState(state: RunState): Content {
  const head = JSON.stringify({ [MARK]: VERSION, stageModel: state.stageModel, rules: state.rules, files: state.files ?? {}, ...(state.map ? { map: state.map } : {}) });
  return {
    *[Symbol.iterator]() {
      yield `${head}\n`;
      for (const [id, brief] of state.transcripts) yield `${JSON.stringify([id, brief.digest])}\t${brief.text()}\n`;
    },
  };
}

/**
 * Whether a file at that path is one jobmap wrote (or none is there): only
 * then may a run replace it. Its first bytes say so, whichever version of
 * jobmap wrote it; the rest (tens of megabytes for a large study) is read
 * once, by readRunState.
 */
export async function isOurRunState(outDir: string): Promise<boolean> {
  return isOurs(path.join(outDir, RUN_STATE_FILE), STATE_HEAD);
}

/** How every run state starts (renderRunState), of this version or an earlier one. */
const STATE_HEAD = `{${JSON.stringify(MARK)}:`;

/** The last run's state; undefined when there is none or it is not one this jobmap can read (then the run says nothing of changes). */
export async function readRunState(outDir: string): Promise<RunState | undefined> {
  const text = await readFile(path.join(outDir, RUN_STATE_FILE), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseRunState(text);
}

/** The state's lines; each transcript's brief is kept as text, read only when asked (a damaged one then counts as no findings). */
function parseRunState(text: string): RunState | undefined {
  try {
    const lines = text.split('\n');
    const head = JSON.parse(lines[0]!) as { [MARK]?: unknown; stageModel?: unknown; rules?: unknown; files?: unknown; map?: unknown };
    if (head[MARK] !== VERSION || typeof head.stageModel !== 'string' || !isStringRecord(head.rules) || lines.at(-1) !== '') return undefined;
    const transcripts = new Map<string, TranscriptBrief>();
    for (const line of lines.slice(1, -1)) {
      const tab = line.indexOf('\t');
      const named = tab > 0 ? (JSON.parse(line.slice(0, tab)) as unknown) : undefined;
      if (!Array.isArray(named) || named.length !== 2 || !named.every((item) => typeof item === 'string')) return undefined;
      const [id, digest] = named as [string, string];
      const brief = line.slice(tab + 1);
      transcripts.set(id, { digest, text: () => brief, findings: () => readBrief(brief) });
    }
    // a state written before files were recorded has none: each file is then rendered and compared
    const files = isFileRecords(head.files) ? head.files : {};
    return { rules: head.rules, stageModel: head.stageModel, transcripts, files, ...(typeof head.map === 'string' ? { map: head.map } : {}) };
  } catch {
    return undefined;
  }
}

function readBrief(text: string): Map<string, FindingSnapshot> {
  const findings = new Map<string, FindingSnapshot>();
  const entries = JSON.parse(text) as unknown;
  if (!Array.isArray(entries)) return findings;
  for (const entry of entries as unknown[]) {
    if (!Array.isArray(entry) || entry.length !== 6 || !entry.every((item) => typeof item === 'string')) continue;
    const [id, category, stage, at, sentence, rules] = entry as string[];
    findings.set(id!, { id: id!, category: category!, stage: stage!, at: at!, sentence: sentence!, rules: rules!.split(' ') });
  }
  return findings;
}

function isFileRecords(value: unknown): value is Record<string, FileRecord> {
  const isRecord = (r: unknown) => {
    const { key, size, mtimeMs } = (r ?? {}) as Partial<FileRecord>;
    return typeof key === 'string' && typeof size === 'number' && typeof mtimeMs === 'number';
  };
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every(isRecord);
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && Object.values(value).every((v) => typeof v === 'string');
}

/**
 * What changed since the run whose state the output folder holds (undefined
 * when it holds none this jobmap can read), and what that run recorded of the
 * files it wrote. Only these outlive the call, not that run's findings.
 */
export async function lastRun(outDir: string, state: RunState): Promise<{ changes?: RunChanges } & LastRun> {
  // when the state was made current, read before the state itself: a file changed after it is compared, not trusted (files.ts, leftAsRecorded)
  const stateChanged = (await stat(path.join(outDir, RUN_STATE_FILE)).catch(() => undefined))?.ctimeMs ?? 0;
  const previous = await readRunState(outDir);
  return previous
    ? { changes: changesSince(previous, state), files: previous.files ?? {}, stateChanged, ...(previous.map ? { map: previous.map } : {}) }
    : { files: {}, stateChanged };
}

/** What the writer reads of the last run: the files it recorded, when its state was made current, and the key its map was made from. */
export interface LastRun {
  files: Record<string, FileRecord>;
  stateChanged: number;
  map?: string;
}

/** What changed between two runs' states; what the run did to the files (`files`) is added once it has written them. */
function changesSince(before: RunState, after: RunState): RunChanges {
  const ids = (record: Record<string, string>) => Object.keys(record);
  return {
    rules: {
      added: ids(after.rules)
        .filter((id) => !Object.hasOwn(before.rules, id))
        .sort(),
      removed: ids(before.rules)
        .filter((id) => !Object.hasOwn(after.rules, id))
        .sort(),
      changed: ids(after.rules)
        .filter((id) => Object.hasOwn(before.rules, id) && before.rules[id] !== after.rules[id])
        .sort(),
    },
    stageModelChanged: before.stageModel !== after.stageModel,
    findings: findingsChanged(before, after),
  };
}

/**
 * The findings added, removed and moved, read from the transcripts whose
 * findings changed: one whose findings have the digest they had is
 * unchanged, and keeps the last run's brief as it was (its text is written
 * again, not made again).
 */
function findingsChanged(before: RunState, after: RunState): FindingsDiff {
  const was = new Map<string, FindingSnapshot>();
  const now = new Map<string, FindingSnapshot>();
  const add = (into: Map<string, FindingSnapshot>, brief: TranscriptBrief | undefined) => {
    for (const [id, finding] of brief?.findings() ?? []) into.set(id, finding);
  };
  for (const [id, brief] of after.transcripts) {
    const earlier = before.transcripts.get(id);
    if (earlier && brief.digest !== '' && earlier.digest === brief.digest) after.transcripts.set(id, earlier);
    else {
      add(was, earlier);
      add(now, brief);
    }
  }
  for (const [id, earlier] of before.transcripts) if (!after.transcripts.has(id)) add(was, earlier);
  return diffFindings(was, now);
}

/**
 * One line on what a run changed since the last, the heartbeat of tuning:
 *   1 rule changed (pain.time-cost); 212 findings added, 37 removed, 4 moved stage; 41 of 1,237 files rewritten
 */
export function formatRunChanges(changes: RunChanges): string {
  const { rules, findings, files } = changes;
  const named = (ids: string[], what: string) => (ids.length ? [`${count(ids.length, 'rule')} ${what} (${listed(ids)})`] : []);
  const ruleParts = [...named(rules.changed, 'changed'), ...named(rules.added, 'added'), ...named(rules.removed, 'removed')];
  if (changes.stageModelChanged) ruleParts.push('the stage model changed');
  return [
    ruleParts.length ? ruleParts.join(', ') : 'no rule changed',
    `${count(findings.added.length, 'finding')} added, ${findings.removed.length} removed, ${findings.moved.length} moved stage`,
    ...(files ? [`${files.rewritten} of ${(files.rewritten + files.unchanged).toLocaleString('en-US')} files rewritten${files.removed ? `, ${files.removed} removed` : ''}`] : []),
  ].join('; ');
}

function count(n: number, noun: string): string {
  return `${n.toLocaleString('en-US')} ${noun}${n === 1 ? '' : 's'}`;
}

/** A few ids, then how many more. */
function listed(ids: string[], shown = 3): string {
  return ids.slice(0, shown).join(', ') + (ids.length > shown ? ` and ${ids.length - shown} more` : '');
}
