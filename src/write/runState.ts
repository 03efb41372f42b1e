import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { clip } from '../group/related.js';
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
const VERSION = 2;

export interface RunState {
  rules: Record<string, string>;
  stageModel: string;
  findings: Map<string, FindingSnapshot>;
  /** each transcript file written, by its path in the output folder: what it was made from, and how it was left (write/index.ts); filled in as the files are written */
  files?: Record<string, FileRecord>;
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
  return { rules, stageModel, findings: snapshot(results, (sentence) => clip(sentence, SENTENCE_CHARS)) };
}

/** Findings rendered per piece: small enough to stay out of the way of memory, large enough to keep the pieces few. */
const FINDINGS_PER_PIECE = 2000;

/**
 * The state as JSON, in pieces that render again each time they are read
 * (write/files.ts Content): the text is exactly `JSON.stringify` of the whole,
 * never held whole.
 */
export function renderRunState(state: RunState): Content {
  const head = JSON.stringify({ [MARK]: VERSION, stageModel: state.stageModel, rules: state.rules, files: state.files ?? {}, findings: [] }).slice(0, -2);
  return {
    *[Symbol.iterator]() {
      yield head;
      let batch: string[] = [];
      let separator = '';
      for (const f of state.findings.values()) {
        batch.push(JSON.stringify([f.id, f.category, f.stage, f.at, f.sentence, f.rules.join(' ')]));
        if (batch.length === FINDINGS_PER_PIECE) {
          yield separator + batch.join(',');
          [batch, separator] = [[], ','];
        }
      }
      yield `${batch.length ? separator + batch.join(',') : ''}]}\n`;
    },
  };
}

/**
 * Whether a file at that path is one jobmap wrote (or none is there): only
 * then may a run replace it. Its first bytes say so; the rest (tens of
 * megabytes for a large study) is read once, by readRunState.
 */
export async function isOurRunState(outDir: string): Promise<boolean> {
  return isOurs(path.join(outDir, RUN_STATE_FILE), STATE_HEAD);
}

/** How every run state starts (renderRunState). */
const STATE_HEAD = JSON.stringify({ [MARK]: VERSION }).slice(0, -1) + ',';

/** The last run's state; undefined when there is none or it is not one this jobmap can read (then the run says nothing of changes). */
export async function readRunState(outDir: string): Promise<RunState | undefined> {
  const text = await readFile(path.join(outDir, RUN_STATE_FILE), 'utf8').catch(() => undefined);
  return text === undefined ? undefined : parseRunState(text);
}

function parseRunState(text: string): RunState | undefined {
  try {
    const data = JSON.parse(text) as { [MARK]?: unknown; stageModel?: unknown; rules?: unknown; files?: unknown; findings?: unknown };
    if (data[MARK] !== VERSION || typeof data.stageModel !== 'string' || !isStringRecord(data.rules) || !Array.isArray(data.findings)) return undefined;
    const findings = new Map<string, FindingSnapshot>();
    for (const entry of data.findings as unknown[]) {
      if (!Array.isArray(entry) || entry.length !== 6 || !entry.every((item) => typeof item === 'string')) return undefined;
      const [id, category, stage, at, sentence, rules] = entry as string[];
      findings.set(id!, { id: id!, category: category!, stage: stage!, at: at!, sentence: sentence!, rules: rules!.split(' ') });
    }
    // a state written before files were recorded has none: each file is then rendered and compared
    return { rules: data.rules, stageModel: data.stageModel, findings, files: isFileRecords(data.files) ? data.files : {} };
  } catch {
    return undefined;
  }
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
export async function lastRun(outDir: string, state: RunState): Promise<{ changes?: RunChanges; files: Record<string, FileRecord>; stateChanged: number }> {
  // when the state was made current, read before the state itself: a file changed after it is compared, not trusted (files.ts, leftAsRecorded)
  const stateChanged = (await stat(path.join(outDir, RUN_STATE_FILE)).catch(() => undefined))?.ctimeMs ?? 0;
  const previous = await readRunState(outDir);
  return previous ? { changes: changesSince(previous, state), files: previous.files ?? {}, stateChanged } : { files: {}, stateChanged };
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
    findings: diffFindings(before.findings, after.findings),
  };
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
