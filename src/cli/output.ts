import path from 'node:path';
import { displayPath } from '../errors.js';
import { inputFolder } from '../ingest/index.js';
import type { JobmapMessage } from '../core/message.js';
import type { RunReport } from '../pipeline.js';
import type { Terminal } from '../progress.js';
import { reportedCategories } from '../categories.js';
import { formatMessages } from '../write/messages.js';
import { formatRunChanges } from '../write/runState.js';
import { categoryCounts, findingCount } from '../run/keptFindings.js';

/** Where the command line writes: standard output and error in the program, strings in tests. */
export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
  /** where a progress bar may be drawn: standard output, when it is a terminal */
  terminal?: Terminal;
  /** where Ctrl-C is heard (default: the process); tests pass an emitter */
  signals?: { once: (signal: 'SIGINT' | 'SIGTERM', listener: () => void) => unknown };
}

/** What a command leaves for main to finish with: its exit code, and how to write what stops it. */
export interface CommandOutcome {
  code: number;
  /** `--format json`: standard output is one JSON document, even when the command stops (exit 2) */
  json: boolean;
  /** eval --format yaml: what stops it is YAML on stdout too */
  yaml: boolean;
}

/** A run's messages on stderr: errors and warnings always, what is only for information (ignored files) unless --quiet. */
export function reportProblems(report: RunReport, input: string, options: { quiet?: boolean }, io: Output): void {
  io.err(formatMessages(shownFromHere(report.messages, input).filter((message) => message.fatal !== null || !options.quiet)));
}

/**
 * The messages with each transcript file named from the working folder, so an
 * editor or CI can open it: a run names a transcript by its path in the input
 * folder ("a/b/broken.vtt"), which the output keeps, whatever folder the run
 * was started from (summary.yaml lists it so).
 */
export function shownFromHere(messages: JobmapMessage[], input: string): JobmapMessage[] {
  const base = inputFolder(input);
  return messages.map((message) =>
    message.source === 'ingest' && message.place && !path.isAbsolute(message.place.file)
      ? { ...message, place: { ...message.place, file: displayPath(path.join(base, message.place.file)) } }
      : message,
  );
}

/** 1 when a file was skipped: the map was written without it. */
export function runExitCode(report: RunReport): number {
  return skippedFiles(report).length > 0 ? 1 : 0;
}

/** In a run's messages only a file that could not be read is fatal: the run went on without it. */
export function skippedFiles(report: RunReport): JobmapMessage[] {
  return report.messages.filter((message) => message.fatal === true);
}

/** The lines `run` and `watch` print after a run: what was found and written, what changed, how long it took. */
export function runSummary(report: RunReport, outDir: string, seconds: number): string {
  // counted without reading the findings a run left unread (run/keptFindings.ts)
  const byCategory: Record<string, number> = {};
  for (const result of report.results) for (const [category, n] of Object.entries(categoryCounts(result))) byCategory[category] = (byCategory[category] ?? 0) + n;
  const findings = report.results.reduce((sum, result) => sum + findingCount(result), 0);
  const counts = reportedCategories(byCategory)
    .map((c) => `${byCategory[c] ?? 0} ${c}`)
    .join(', ');
  const jobs = report.jobMap.stages.reduce((sum, s) => sum + s.jobs.length, 0);
  const skipped = skippedFiles(report).length;
  return (
    `jobmap: ${report.results.length} transcripts, ${findings} findings (${counts})\n` +
    `        ${jobs} candidate jobs across ${report.jobMap.stages.length} stages -> ${path.join(outDir, 'jobs.yaml')}, ${path.join(outDir, 'report.html')}\n` +
    (report.changes ? `        since the last run: ${formatRunChanges(report.changes)}\n` : '') +
    (report.review.decisions ? `        ${report.review.applied} of ${report.review.decisions} review decisions applied from ${report.review.file}\n` : '') +
    (skipped ? `        ${skipped} file(s) skipped, listed in ${path.join(outDir, 'summary.yaml')}\n` : '') +
    `        ${seconds.toFixed(1)} s, ${report.threads} thread${report.threads > 1 ? 's' : ''}, ${report.fromCache} of ${report.totalFiles} files from the parse cache\n`
  );
}
