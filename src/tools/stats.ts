import { describeMessage, type JobmapMessage } from '../core/message.js';
import { formatJson } from '../write/messages.js';
import type { SourceOutcome } from '../run/analyse.js';
import { createJobmap, type JobmapOptions } from '../run/engine.js';

/**
 * A rule firing on more than this share of all participant sentences is
 * flagged as too broad. In interviews a category is said in a few sentences in
 * a hundred; most shipped rules fire on under 2%. Above 5% a rule is
 * usually catching a common word ("use", "time") rather than the thing it names.
 */
export const TOO_BROAD_SHARE = 0.05;

export interface RuleStats {
  id: string;
  category: string;
  at: string;
  /** participant (or scoped) sentences the rule fired on */
  fired: number;
  /** transcripts where it fired at least once */
  transcripts: number;
  /** sentences where it matched words but a condition blocked it */
  blocked: number;
  /** fired / all sentences of the speakers it reads */
  share: number;
  /** under the confidence threshold: it never makes a finding alone, only adds to another rule's */
  weakCue: boolean;
}

export interface StatsReport {
  transcripts: number;
  participantSentences: number;
  rules: RuleStats[];
  neverFired: RuleStats[];
  tooBroad: RuleStats[];
  /** the files (or CSV rows) that could not be read */
  skipped: JobmapMessage[];
}

export interface StatsOptions extends JobmapOptions {
  onProgress?: (done: number, total: number) => void;
}

/** Runs every rule over every transcript of a folder (over the worker pool and the parse cache, as a run does) and counts where each fires. */
export async function ruleStats(folder: string, options: StatsOptions = {}): Promise<StatsReport> {
  const jobmap = createJobmap(options);
  const { rules } = jobmap;
  const { sources } = await jobmap.sources(folder);
  const counts = new Map(rules.rules.map((rule) => [rule.id, { fired: 0, blocked: 0, transcripts: new Set<string>() }]));
  const sentencesBy = { participant: 0, interviewer: 0 };
  const outcomes: SourceOutcome[] = [];
  for await (const outcome of jobmap.analyse(sources, { ruleCounts: true })) {
    outcomes.push(outcome);
    for (const { transcript, ruleCounts } of outcome.results) {
      sentencesBy.participant += ruleCounts!.sentences.participant;
      sentencesBy.interviewer += ruleCounts!.sentences.interviewer;
      for (const [id, { fired, blocked }] of ruleCounts!.rules) {
        const count = counts.get(id)!;
        count.fired += fired;
        count.blocked += blocked;
        if (fired > 0) count.transcripts.add(transcript.id);
      }
    }
    options.onProgress?.(outcomes.length, sources.length);
  }
  await jobmap.pruneCache(outcomes);
  const stats = rules.rules.map((rule): RuleStats => {
    const count = counts.get(rule.id)!;
    const { speaker } = rule.conditions;
    const read = speaker === 'any' ? sentencesBy.participant + sentencesBy.interviewer : sentencesBy[speaker];
    return {
      id: rule.id,
      category: rule.category,
      at: `${rule.file}:${rule.line}`,
      fired: count.fired,
      transcripts: count.transcripts.size,
      blocked: count.blocked,
      share: read ? count.fired / read : 0,
      weakCue: rule.weight < rules.minConfidence,
    };
  });
  return {
    transcripts: outcomes.reduce((sum, outcome) => sum + outcome.results.length, 0),
    participantSentences: sentencesBy.participant,
    rules: stats,
    neverFired: stats.filter((s) => s.fired === 0),
    tooBroad: stats.filter((s) => s.share > TOO_BROAD_SHARE),
    skipped: outcomes.flatMap((outcome) => outcome.skipped),
  };
}

/**
 * `stats --format json`: every rule's counts (not only the busiest), the
 * rules that never fired and those that fire too often by id, and the files
 * skipped as messages, as the other commands' JSON has them.
 */
export function formatStatsJson(report: StatsReport): string {
  const { skipped, neverFired, tooBroad, ...counts } = report;
  return formatJson({ ...counts, neverFired: neverFired.map((r) => r.id), tooBroad: tooBroad.map((r) => r.id), messages: skipped });
}

/** The busiest rules first, then the ones that never fire and the ones that fire too often. */
export function formatStats(report: StatsReport, limit = Infinity): string {
  // nothing read: the reasons are the whole story, not a table of zeros
  if (report.transcripts === 0) {
    return [`jobmap stats: no transcript could be read (${report.skipped.length} skipped):`, ...report.skipped.map((s) => `  ${describeMessage(s)}`)].join('\n') + '\n';
  }
  const width = Math.max(4, ...report.rules.map((r) => r.id.length));
  const sorted = [...report.rules].sort((a, b) => b.fired - a.fired || a.id.localeCompare(b.id));
  const row = (r: RuleStats) =>
    `${r.id.padEnd(width)} ${String(r.fired).padStart(6)} ${String(r.transcripts).padStart(12)} ${`${(r.share * 100).toFixed(1)}%`.padStart(6)} ${String(r.blocked).padStart(8)}`;
  const lines = [
    `jobmap stats: ${report.transcripts} transcripts, ${report.participantSentences} participant sentences, ${report.rules.length} rules`,
    '',
    `${'rule'.padEnd(width)}  fired  transcripts  share  blocked`,
    ...sorted.slice(0, limit).map(row),
  ];
  if (sorted.length > limit) lines.push(`... ${sorted.length - limit} more (--all)`);
  lines.push('', `Never fired (${report.neverFired.length}):`, ...(report.neverFired.length ? report.neverFired.map((r) => `  ${r.id}  ${r.at}`) : ['  none']));
  lines.push(
    '',
    `Too broad: fire on more than ${TOO_BROAD_SHARE * 100}% of the sentences they read (${report.tooBroad.length}):`,
    ...(report.tooBroad.length
      ? report.tooBroad.map((r) => `  ${r.id}  ${(r.share * 100).toFixed(1)}%  ${r.at}${r.weakCue ? '  (a weak cue: never a finding alone, it only adds to another rule)' : ''}`)
      : ['  none']),
  );
  if (report.skipped.length) lines.push('', `Skipped (${report.skipped.length}):`, ...report.skipped.map((s) => `  ${describeMessage(s)}`));
  return lines.join('\n') + '\n';
}
