import { forgetResultDigest, rememberFindingsDigest, rememberResultDigest } from '../core/findingsDigest.js';
import { isObject, isStrings } from '../core/shape.js';
import type { ClassifiedFinding } from '../types.js';
import type { TranscriptAnalysis } from './analyse.js';

/** A kept transcript's findings not read yet: their JSON, how many there are, their digest, and what to do with them once read. */
interface Unread {
  text: string;
  count: number;
  /** how many of them are of each category (a run's summary line counts them) */
  categories: Record<string, number>;
  digest: string;
  /** the memo file they came from, for the message if they do not read as findings */
  file: string;
  onRead?: (findings: ClassifiedFinding[]) => void;
}

const unread = new WeakMap<object, Unread>();

/**
 * A transcript's result as the outcome memo keeps it (outcomeMemo.ts), its
 * findings parsed only when something reads them. A preview (`rules try`)
 * after an edit answers most files from the memo and compares them with the
 * last run by their digest alone: parsing every kept finding, sharing its
 * strings and collecting the garbage after was about an eighth of the
 * preview's CPU. `findings` is an own enumerable property, so a copy
 * (`{ ...result }`), JSON and a structured clone read them as any other
 * result's; assigned, it holds what was assigned, as a plain result's does,
 * and the kept digest no longer names it.
 */
export function keptTranscript(head: Omit<TranscriptAnalysis, 'findings'>, kept: Omit<Unread, 'onRead'>): TranscriptAnalysis {
  const result = { ...head } as TranscriptAnalysis;
  let findings: ClassifiedFinding[] | undefined;
  // its own string: a slice of the memo's line would keep the whole line (its basis too) as long as the text is unread
  unread.set(result, { ...kept, text: ownCopy(kept.text) });
  rememberResultDigest(result, kept.digest);
  Object.defineProperty(result, 'findings', {
    enumerable: true,
    configurable: true,
    get: () => (findings ??= readFindings(result)),
    set: (value: ClassifiedFinding[]) => {
      findings = value;
      unread.delete(result);
      forgetResultDigest(result);
    },
  });
  return result;
}

/** V8 keeps a slice of a long string as a view of it; a slice of a fresh concatenation holds only the text. */
function ownCopy(text: string): string {
  return ` ${text}`.slice(1);
}

function readFindings(result: object): ClassifiedFinding[] {
  const { text, count, digest, file, onRead } = unread.get(result)!;
  let findings: unknown;
  try {
    findings = JSON.parse(text);
  } catch {
    findings = undefined;
  }
  // the line's checksum held, so only a fault of jobmap's own could make these anything but its findings
  if (!Array.isArray(findings) || findings.length !== count || !findings.every(isFinding)) {
    throw new Error(`${file}: a kept outcome's findings do not read as findings; delete the cache folder and run again`);
  }
  unread.delete(result);
  onRead?.(findings);
  rememberFindingsDigest(findings, digest);
  return findings;
}

/** How many findings a result has, without reading kept ones. */
export function findingCount(result: { findings: readonly unknown[] }): number {
  return unread.get(result)?.count ?? result.findings.length;
}

/** How many findings a result has of each category, without reading kept ones. */
export function categoryCounts(result: { findings: readonly { category: string }[] }): Record<string, number> {
  const kept = unread.get(result)?.categories;
  if (kept) return kept;
  const counts: Record<string, number> = {};
  for (const { category } of result.findings) counts[category] = (counts[category] ?? 0) + 1;
  return counts;
}

/** Whether a result's findings are kept unread (a preview leaves those of the files an edit cannot touch so). */
export function keptUnread(result: object): boolean {
  return unread.has(result);
}

/**
 * For a result whose findings are kept unread: `then` is done to them when
 * they are read, and true is returned. False for any other result, whose
 * findings are there to be worked on now.
 */
export function onceRead(result: object, then: (findings: ClassifiedFinding[]) => void): boolean {
  const kept = unread.get(result);
  if (!kept) return false;
  const earlier = kept.onRead;
  kept.onRead = earlier ? (findings) => (earlier(findings), then(findings)) : then;
  return true;
}

/** A result's findings as JSON: the kept text itself while they are unread (a memo written anew after a preview reads none of them). */
export function findingsJson(result: { findings: readonly unknown[] }): string {
  return unread.get(result)?.text ?? JSON.stringify(result.findings);
}

/** A result's fields but its findings, which are not read. */
export function withoutFindings<T extends { findings: unknown }>(result: T): Omit<T, 'findings'> {
  const head: Record<string, unknown> = {};
  for (const name of Object.keys(result)) if (name !== 'findings') head[name] = (result as Record<string, unknown>)[name];
  return head as Omit<T, 'findings'>;
}

function isFinding(finding: unknown): finding is ClassifiedFinding {
  if (!isObject(finding)) return false;
  const { id, transcript, category, sentence, match, confidence, stage, span, rules, evidence } = finding;
  return (
    typeof id === 'string' &&
    typeof transcript === 'string' &&
    typeof category === 'string' &&
    typeof sentence === 'string' &&
    typeof match === 'string' &&
    typeof stage === 'string' &&
    typeof confidence === 'number' &&
    Array.isArray(span) &&
    isStrings(rules) &&
    isObject(evidence)
  );
}
