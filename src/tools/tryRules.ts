import path from 'node:path';
import { existsSync } from 'node:fs';
import { JobmapError } from '../errors.js';
import type { JobmapMessage } from '../core/message.js';
import { scoreCategories, type CategoryScore, type ScoredFinding, type ScoredTranscript } from '../eval/categories.js';
import { collectLabelled, type LabelledTranscript } from '../eval/collect.js';
import { readGold } from '../eval/gold.js';
import { notScored } from '../eval/notScored.js';
import { sentenceHash } from '../extract/ids.js';
import { run, type RunOptions, type RunReport } from '../pipeline.js';
import { createJobmap } from '../run/engine.js';
import { findingLine, type FindingSnapshot } from '../write/changes.js';
import { formatJson } from '../write/messages.js';
import { formatRunChanges, RUN_STATE_FILE, type RunChanges } from '../write/runState.js';

export interface TryOptions extends Omit<RunOptions, 'dryRun'> {
  /** labelled transcripts (gold folders or files, as for eval): how precision, recall and F1 move */
  gold?: string[];
  /** where the transcripts the gold files name are (default: the input folder) */
  transcriptsDir?: string;
}

/** The findings one rule's edit added, removed or moved to another stage. */
export interface RuleChange {
  rule: string;
  added: FindingSnapshot[];
  removed: FindingSnapshot[];
  moved: { finding: FindingSnapshot; from: string }[];
}

export interface TryReport {
  changes: RunChanges;
  byRule: RuleChange[];
  /** per category, scored on the gold files with the last run's findings and with the edited rules' */
  scores?: { category: string; before: CategoryScore; now: CategoryScore }[];
  /** gold files that could not be compared, with why */
  problems: JobmapMessage[];
  /** the dry run the changes come from: its findings, and where its time went (the benchmark reads it) */
  run: RunReport;
}

/**
 * `jobmap rules try`: what the rules as they are now would change in the
 * output folder's last run, without writing anything. Every new, gone or
 * moved finding is listed under the edited rule that made it (or, when no
 * edited rule did, e.g. after a stage-model edit, its first rule). With gold
 * labels, both sets of findings are scored: the last run's are the edited
 * rules' findings less the added and plus the removed ones, since a finding's
 * id names its sentence.
 */
export async function tryRules(options: TryOptions): Promise<TryReport> {
  const report = await run({ ...options, dryRun: true });
  if (!report.changes) {
    const rerun = `run \`jobmap run ${options.input} --out ${options.outDir}\``;
    // a state this jobmap cannot read: the folder's last run was made by another version
    const why = existsSync(path.join(options.outDir, RUN_STATE_FILE))
      ? `its last run was made by another version of jobmap; ${rerun} once with this one`
      : `no earlier run to compare with; ${rerun} first`;
    throw new JobmapError(`${why}, then edit the rules and try them`, options.outDir);
  }
  const { changes } = report;
  const edited = new Set([...changes.rules.changed, ...changes.rules.added, ...changes.rules.removed]);
  const result: TryReport = { changes, byRule: byRule(changes, edited), problems: [], run: report };
  if (!options.gold?.length) return result;
  const golds = await readGold(options.gold);
  // the labelled transcripts are named from the labels, not as the run names them: their parses are not the run's to keep
  const collected = await collectLabelled(golds, createJobmap({ ...options, cacheDir: false, loadedRules: report.rules }), options.transcriptsDir ?? options.input);
  result.problems.push(...collected.problems);
  const inRun = new Set(report.results.map((r) => r.transcript.id));
  const compared = collected.labelled.filter((item) => {
    if (inRun.has(item.result.transcript.id)) return true;
    result.problems.push(notScored(`${item.gold.transcript} is not in ${options.input}, so the last run says nothing about it; left out`, item.gold.file));
    return false;
  });
  const rules = report.rules.rules;
  const before = scoreCategories(
    compared.map((item) => asLastRun(item, changes)),
    rules,
  ).categories;
  const now = scoreCategories(compared, rules).categories;
  result.scores = now.map((score, i) => ({ category: score.category, before: before[i]!, now: score }));
  return result;
}

/** The changes under the rule each belongs to: edited rules first, then others, each by id. */
function byRule(changes: RunChanges, edited: Set<string>): RuleChange[] {
  const groups = new Map<string, RuleChange>();
  const group = (finding: FindingSnapshot) => {
    const rule = finding.rules.find((r) => edited.has(r)) ?? finding.rules[0] ?? '(no rule)';
    if (!groups.has(rule)) groups.set(rule, { rule, added: [], removed: [], moved: [] });
    return groups.get(rule)!;
  };
  for (const finding of changes.findings.added) group(finding).added.push(finding);
  for (const finding of changes.findings.removed) group(finding).removed.push(finding);
  for (const move of changes.findings.moved) group(move.finding).moved.push(move);
  const rank = (rule: string) => (edited.has(rule) ? 0 : 1);
  return [...groups.values()].sort((a, b) => rank(a.rule) - rank(b.rule) || a.rule.localeCompare(b.rule));
}

/** A labelled transcript with the findings the last run had on it instead of the edited rules'. */
function asLastRun(item: LabelledTranscript, changes: RunChanges): ScoredTranscript {
  const prefix = `${item.result.transcript.id}#`;
  const added = new Set(changes.findings.added.map((f) => f.id));
  const sentenceOf = new Map(item.sentences.map((sentence) => [sentenceHash(sentence.text), sentence.index]));
  const removed = changes.findings.removed.flatMap((f): ScoredFinding[] => {
    if (!f.id.startsWith(prefix)) return [];
    const index = sentenceOf.get(f.id.slice(prefix.length, prefix.length + 6));
    return index === undefined ? [] : [{ category: f.category as ScoredFinding['category'], sentence: f.sentence, rules: f.rules, evidence: { sentence: index } }];
  });
  return { ...item, findings: [...item.findings.filter((f) => !added.has(f.id)), ...removed] };
}

/**
 *   pain.time-cost: 0 added, 3 removed
 *     - pain     use            01-budgeting-app-switch.txt:64  "It took forever to reconcile."
 */
export function formatTry(report: TryReport, outDir: string, limit = 10): string {
  const lines = [`jobmap rules try, against the last run in ${outDir}: ${formatRunChanges(report.changes)}`];
  for (const change of report.byRule) {
    lines.push('', `${change.rule}: ${change.added.length} added, ${change.removed.length} removed${change.moved.length ? `, ${change.moved.length} moved stage` : ''}`);
    const shown = [
      ...change.added.map((f) => findingLine('+', f, f.stage)),
      ...change.removed.map((f) => findingLine('-', f, f.stage)),
      ...change.moved.map(({ finding, from }) => findingLine('~', finding, `${from} -> ${finding.stage}`)),
    ];
    lines.push(...shown.slice(0, limit));
    if (shown.length > limit) lines.push(`  ... ${shown.length - limit} more (--limit)`);
  }
  if (report.scores) lines.push('', ...formatScores(report.scores));
  lines.push('', 'nothing written; `jobmap run` keeps the edit');
  return `${lines.join('\n')}\n`;
}

/**
 * `rules try --format json`: what changed (rules, and each finding added,
 * removed or moved under the edited rule that made it), the scores before and
 * after when labels were given, and the problems as messages. Every finding is
 * listed: a script has no screen to fill.
 */
export function formatTryJson(report: TryReport): string {
  const { rules, stageModelChanged } = report.changes;
  return formatJson({ rules, stageModelChanged, byRule: report.byRule, ...(report.scores ? { scores: report.scores } : {}), messages: report.problems });
}

function formatScores(scores: NonNullable<TryReport['scores']>): string[] {
  const move = (before: number | null, now: number | null) => {
    const text = (n: number | null) => (n === null ? '  - ' : n.toFixed(2));
    const arrow = before === now ? '   ' : now !== null && before !== null && now > before ? ' ↑ ' : ' ↓ ';
    return `${text(before)} -> ${text(now)}${arrow}`.padEnd(17);
  };
  return [
    'on the labelled transcripts (last run -> now):',
    `  ${'category'.padEnd(9)}${'precision'.padEnd(17)}${'recall'.padEnd(17)}F1`,
    ...scores.map(({ category, before, now }) =>
      `  ${category.padEnd(9)}${move(before.precision, now.precision)}${move(before.recall, now.recall)}${move(before.f1, now.f1)}`.trimEnd(),
    ),
  ];
}
