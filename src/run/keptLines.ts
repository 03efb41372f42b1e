import { rememberFindingsDigest } from '../core/findingsDigest.js';
import { isObject, isStrings } from '../core/shape.js';
import { checkedJsonLine, checksum } from './checkedLines.js';
import type { SourceOutcome, TranscriptAnalysis } from './analyse.js';
import { categoryCounts, findingCount, findingsJson, keptTranscript, withoutFindings } from './keptFindings.js';
import type { OutcomeBasis } from './outcomeBasis.js';

/** A file's outcome as the outcome memo keeps it (outcomeMemo.ts): its parse's key, what its findings rest on, and their digest once its line is made. */
export interface KeptOutcome {
  key: string;
  /** read back from the file, each transcript's findings are parsed only when something reads them (keptFindings.ts) */
  outcome: SourceOutcome;
  basis: OutcomeBasis;
  /** the hash of the outcome's line (its head with each transcript's findings counted, and their texts), made when the line is written: the writer's key for its findings (core/findingsDigest.ts) */
  digest?: string;
}

/**
 * A kept outcome's line: its key, digest, basis and outcome with each
 * transcript's findings counted, then after a tab each transcript's findings
 * (JSON text holds no tab), so a run reads what decides whether the file is
 * answered and leaves the findings as text until something reads them. Its
 * outcome's hash is made here, where its JSON is, and given to the writer
 * for its findings.
 */
export function keptLine(kept: KeptOutcome, rules: string): string {
  const { results, ...rest } = kept.outcome;
  const findings = results.map(findingsJson);
  const outcome = JSON.stringify({
    ...rest,
    results: results.map((result) => ({ ...withoutFindings(result), findings: findingCount(result), categories: categoryCounts(result) })),
  });
  if (kept.digest === undefined) {
    kept.digest = checksum([outcome, ...findings].join('\t'));
    digestFindings(kept.outcome, kept.digest);
  }
  const head = `{"key":${JSON.stringify(kept.key)},"digest":"${kept.digest}","outcome":${outcome},"basis":${JSON.stringify(kept.basis)}}`;
  return checkedJsonLine(rules, [head, ...findings].join('\t'));
}

/** Each transcript's findings after the line's first tab, in the order of its results; undefined when the tail does not hold one text for each (an outcome of no transcript has none). */
function findingTexts(tail: string, results: number): string[] | undefined {
  const texts = results === 0 ? (tail === '' ? [] : undefined) : tail.split('\t');
  return texts?.length === results && texts.every((text) => text !== '') ? texts : undefined;
}

/** The outcome of a kept line, its transcripts' findings left as text to be read when asked for. */
function keptOutcome(line: KeptLine, texts: string[], file: string): SourceOutcome {
  const results = line.outcome.results.map(({ findings: count, categories, ...head }, i) =>
    keptTranscript(head, { text: texts[i]!, count, categories, digest: `${line.digest}.${i}`, file }),
  );
  return { ...line.outcome, results };
}

/** Each transcript's findings of the outcome named by the outcome's hash and the transcript's place in it (a CSV file holds several). */
function digestFindings(outcome: SourceOutcome, digest: string): void {
  outcome.results.forEach((result, i) => rememberFindingsDigest(result.findings, `${digest}.${i}`));
}

/** A kept line's outcome, its findings left as text; undefined for a line not in its shape. */
export function readKeptLine(value: unknown, tail: string, file: string): Required<KeptOutcome> | undefined {
  if (!isKeptLine(value)) return undefined;
  // the tail split once: it is most of the line
  const texts = findingTexts(tail, value.outcome.results.length);
  return texts && { key: value.key, outcome: keptOutcome(value, texts, file), basis: value.basis, digest: value.digest };
}

/** A kept line as it reads before its findings: each transcript's result with the number of its findings, and of each category, in their place. */
interface KeptLine {
  key: string;
  digest: string;
  outcome: Omit<SourceOutcome, 'results'> & { results: (Omit<TranscriptAnalysis, 'findings'> & { findings: number; categories: Record<string, number> })[] };
  basis: OutcomeBasis;
}

/** A kept outcome's line before its tail: its shape checked as a hits entry's is (each finding's when it is read, keptFindings.ts). */
function isKeptLine(value: unknown): value is KeptLine {
  if (!isObject(value) || typeof value.key !== 'string' || typeof value.digest !== 'string' || !isObject(value.outcome) || !isObject(value.basis)) return false;
  const { outcome, basis } = value;
  const isResult = (result: unknown) =>
    isObject(result) &&
    isObject(result.transcript) &&
    typeof result.transcript.id === 'string' &&
    typeof result.sentenceCount === 'number' &&
    Number.isInteger(result.findings) &&
    (result.findings as number) >= 0 &&
    isObject(result.categories) &&
    Object.values(result.categories).every((n) => Number.isInteger(n));
  return (
    outcome.cacheKey === value.key &&
    Array.isArray(outcome.results) &&
    outcome.results.every(isResult) &&
    Array.isArray(outcome.skipped) &&
    outcome.skipped.length === 0 &&
    isObject(basis.fired) &&
    Object.values(basis.fired).every(isStrings) &&
    typeof basis.words === 'string' &&
    (basis.pairs === undefined || isStrings(basis.pairs))
  );
}
