import type { ClassifiedFinding } from '../types.js';
import type { SourceOutcome } from './analyse.js';
import { onceRead } from './keptFindings.js';

/**
 * One copy of each string that repeats across findings. A finding posted by a
 * worker thread, or read back from the cache, arrives with its own copy of
 * every string (neither structured clone nor JSON.parse shares them): its
 * stage and why, rule ids, file, speaker, and the lemmas grouping reads. The main thread holds every finding of a run
 * until the map is written, so at twenty thousand interviews those copies are
 * hundreds of megabytes; shared, a finding costs about a quarter less.
 */
export class SharedStrings {
  private readonly strings = new Map<string, string>();

  of(text: string): string {
    const shared = this.strings.get(text);
    if (shared !== undefined) return shared;
    this.strings.set(text, text);
    return text;
  }

  list(texts: string[]): string[] {
    for (let i = 0; i < texts.length; i++) texts[i] = this.of(texts[i]!);
    return texts;
  }
}

/**
 * The outcome with its findings' repeated strings taken from `shared` (in
 * place; a finding's own text, id and quote stay its own). Findings the
 * outcome memo keeps unread are shared when they are read, if ever: a
 * preview reads those an edit can change, a run whose map is the last run's
 * none (run/mapMemo.ts), and a run that groups reads each once, dropping its
 * text as it does (run/keptFindings.ts).
 */
export function shareStrings(outcome: SourceOutcome, shared: SharedStrings): SourceOutcome {
  for (const result of outcome.results) {
    if (!onceRead(result, (findings) => shareFindings(findings, shared))) shareFindings(result.findings, shared);
  }
  return outcome;
}

function shareFindings(findings: ClassifiedFinding[], shared: SharedStrings): void {
  // a sentence with several findings arrives once per finding: one copy per transcript is enough
  const sentences = new SharedStrings();
  for (const finding of findings) shareFindingStrings(finding, shared, sentences);
}

function shareFindingStrings(f: ClassifiedFinding, shared: SharedStrings, sentences: SharedStrings): void {
  f.transcript = shared.of(f.transcript);
  f.sentence = sentences.of(f.sentence);
  if (f.subtype !== undefined) f.subtype = shared.of(f.subtype);
  shared.list(f.rules);
  f.evidence.file = shared.of(f.evidence.file);
  f.evidence.speaker = shared.of(f.evidence.speaker);
  f.stage = shared.of(f.stage);
  f.stageBecause = shared.of(f.stageBecause);
  if (f.timing) for (const key of ['tense', 'when', 'words', 'from'] as const) if (f.timing[key] !== undefined) f.timing[key] = shared.of(f.timing[key]);
  if (f.dimension !== undefined) f.dimension = shared.of(f.dimension);
  if (f.statement !== undefined) f.statement = shared.of(f.statement);
  if (f.statementWords) shared.list(f.statementWords);
  if (f.statementHead !== undefined) f.statementHead = shared.of(f.statementHead);
  if (f.topicWords) shared.list(f.topicWords);
  if (f.notAJob !== undefined) f.notAJob = shared.of(f.notAJob);
}
