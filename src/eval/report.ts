import { stringify } from 'yaml';
import { formatJson, formatMessage } from '../write/messages.js';
import type { JobmapMessage } from '../core/message.js';
import type { RuleScore } from './byRule.js';
import type { EvalError, EvalReport, ForceScore, StageError, StageScore } from './score.js';

const pct = (value: number | null) => (value === null ? '-' : value.toFixed(2));

export interface FormatOptions {
  /** how many false positives and negatives to list */
  maxErrors?: number;
  /** the per-rule table */
  byRule?: boolean;
}

/** The tables first (what a rule author checks after every edit), then each miss with what to change. */
export function formatEvalText(report: EvalReport, { maxErrors = Infinity, byRule = false }: FormatOptions = {}): string {
  const lines = [title(report), '', ...categoryTable(report), ...forceLines(report.forces)];
  for (const stage of report.stages) lines.push('', ...stageTable(stage, report.stages.length > 1));
  lines.push(...groupingLines(report));
  if (byRule) lines.push('', ...ruleTable(report.rules, report.review ? REVIEW_COLUMNS : GOLD_COLUMNS));
  for (const kind of ['false_positive', 'false_negative'] as const) {
    const errors = report.errors.filter((e) => e.kind === kind);
    if (errors.length === 0 || maxErrors === 0) continue;
    lines.push('', `${(report.review ? REVIEW_ERRORS : GOLD_ERRORS)[kind]} (${errors.length}):`);
    for (const error of errors.slice(0, maxErrors)) lines.push(...formatError(error));
    if (errors.length > maxErrors) lines.push(`  ... ${errors.length - maxErrors} more (--errors all, or --format yaml)`);
  }
  for (const stage of report.stages) {
    if (stage.errors.length === 0 || maxErrors === 0) continue;
    lines.push('', `Stage errors${report.stages.length > 1 ? ` (${stage.model})` : ''} (${stage.errors.length}):`);
    for (const error of stage.errors.slice(0, maxErrors)) lines.push(...formatStageError(error));
    if (stage.errors.length > maxErrors) lines.push(`  ... ${stage.errors.length - maxErrors} more (--errors all, or --format yaml)`);
  }
  if (report.messages.length) lines.push('', 'Not scored:', ...report.messages.map((m) => `  ${formatMessage(m)}`));
  return lines.join('\n') + '\n';
}

function title({ transcripts, review }: EvalReport): string {
  if (!review) return `jobmap eval: ${transcripts} transcripts`;
  return `jobmap eval --review ${review.file}: ${transcripts} transcripts; the reviewer accepted ${review.accepted}, rejected ${review.rejected}, added ${review.added}; ${review.unreviewed} findings not reviewed`;
}

/** A rule's findings on labelled sentences, named as the labels say: gold labels, or a reviewer's decisions. */
const GOLD_COLUMNS = { correct: 'right', otherLabel: 'other', unlabelled: 'unlabelled' };
const REVIEW_COLUMNS = { correct: 'accepted', otherLabel: 'rejected', unlabelled: 'unreviewed' };
const GOLD_ERRORS = { false_positive: 'False positives', false_negative: 'False negatives' };
const REVIEW_ERRORS = { false_positive: 'Rejected by the reviewer, still found', false_negative: 'Accepted or added by the reviewer, not found' };

function categoryTable(report: EvalReport): string[] {
  const row = (cells: string[]) => [cells[0]!.padEnd(9), ...cells.slice(1).map((c, i) => c.padStart([8, 6, 9, 7, 5, 6][i]!))].join(' ');
  return [
    row(['category', 'labelled', 'found', 'precision', 'recall', 'F1', 'kappa']),
    ...report.categories.map((c) => row([c.category, String(c.labelled), String(c.found), pct(c.precision), pct(c.recall), pct(c.f1), pct(c.kappa)])),
    row(['macro F1', '', '', '', '', pct(report.macroF1), '']).trimEnd(),
  ];
}

function stageTable(stage: StageScore, named: boolean): string[] {
  const which = named ? ` (${stage.model}, ${stage.transcripts} transcripts)` : '';
  const lines = [
    `stage accuracy on found sentences${which}: ${pct(stage.accuracy)} (${stage.judged} sentences); always "${stage.baseline.stage}" would score ${pct(stage.baseline.accuracy)}`,
  ];
  if (stage.perStage.length === 0) return lines;
  const placed = [...new Set(Object.values(stage.confusion).flatMap((row) => Object.keys(row)))];
  const columns = [...stage.perStage.map((s) => s.stage), ...placed.filter((p) => !stage.perStage.some((s) => s.stage === p))];
  const width = Math.max(...columns.map((c) => c.length), 5);
  const head = `  ${'labelled \\ placed'.padEnd(18)}${columns.map((c) => c.padStart(width + 1)).join('')}  accuracy`;
  lines.push(head);
  for (const row of stage.perStage) {
    const cells = columns.map((c) => String(stage.confusion[row.stage]?.[c] ?? 0).padStart(width + 1)).join('');
    lines.push(`  ${row.stage.padEnd(18)}${cells}  ${pct(row.accuracy).padStart(8)} (${row.right}/${row.labelled})`);
  }
  return lines;
}

/** The four forces, when the labels name them: found as a category, then right as a force. */
function forceLines(forces: ForceScore | undefined): string[] {
  if (!forces) return [];
  return [
    `force     ${String(forces.labelled).padStart(8)} ${String(forces.found).padStart(6)} ${pct(forces.precision).padStart(9)} ${pct(forces.recall).padStart(7)} ${pct(forces.f1).padStart(5)}   (${forces.transcripts} transcripts labelled with forces; the right force on ${pct(forces.subtypeAccuracy)} of those found)`,
  ];
}

function formatStageError(error: StageError): string[] {
  return [`  ${error.labelled} -> ${error.placed}  ${error.at}  "${error.sentence.replace(/\s+/g, ' ')}"`, `           ${error.because}`];
}

function groupingLines({ grouping }: EvalReport): string[] {
  if (!grouping) return [];
  const within = grouping.withinParticipants;
  const lines = [
    '',
    `job grouping (B-cubed, ${grouping.sentences} found job sentences in ${grouping.groups} labelled jobs -> ${grouping.candidateJobs} candidate jobs): precision ${pct(grouping.precision)}, recall ${pct(grouping.recall)}, F1 ${pct(grouping.f1)}`,
    `  within one participant: precision ${pct(within.precision)}, recall ${pct(within.recall)}, F1 ${pct(within.f1)}; the labelled jobs cut the same way (never joining two people) would score F1 ${pct(within.ceiling)}`,
  ];
  const list = (row: Record<string, number>) =>
    Object.entries(row)
      .map(([name, n]) => `"${name}" ${n}`)
      .join(', ');
  if (grouping.merges.length) lines.push('  merged (one candidate job, several labelled jobs):', ...grouping.merges.map((m) => `    "${m.job}": ${list(m.groups)}`));
  if (grouping.splits.length) lines.push('  split (one labelled job, several candidate jobs):', ...grouping.splits.map((s) => `    "${s.group}": ${list(s.jobs)}`));
  return lines;
}

/** Every rule that fired, worst precision first within its category; under 0.5 is flagged for rework. */
function ruleTable(rules: RuleScore[], columns: typeof GOLD_COLUMNS): string[] {
  const reviewed = columns === REVIEW_COLUMNS;
  // a review decides a few findings of a study: a rule whose findings nobody decided says nothing yet
  const fired = rules.filter((r) => (reviewed ? r.correct + r.otherLabel > 0 : r.fired > 0));
  const width = Math.max(...fired.map((r) => r.rule.length), 4);
  // each count as wide as its column's name
  const counts = (cells: Record<keyof typeof GOLD_COLUMNS, string>) =>
    (Object.keys(columns) as (keyof typeof GOLD_COLUMNS)[]).map((key) => cells[key].padStart(Math.max(columns[key].length, 5))).join('  ');
  const lines = [
    `${'rule'.padEnd(width)}  weight  fired  ${counts(columns)}  precision  only it`,
    ...fired.map(
      (r) =>
        `${r.rule.padEnd(width)}  ${r.weight.toFixed(2).padStart(6)}  ${String(r.fired).padStart(5)}  ${counts({ correct: String(r.correct), otherLabel: String(r.otherLabel), unlabelled: String(r.unlabelled) })}  ${pct(r.precision).padStart(9)}  ${String(r.only.length).padStart(7)}${r.precision !== null && r.precision < 0.5 ? '  < 0.5' : ''}`,
    ),
  ];
  const undecided = rules.filter((r) => r.fired > 0 && r.correct + r.otherLabel === 0).length;
  if (reviewed && undecided) lines.push(`${undecided} more rules fired only on findings nobody reviewed`);
  const silent = rules.filter((r) => r.fired === 0).map((r) => r.rule);
  if (silent.length && !reviewed) lines.push(`never fired here (${silent.length}): ${silent.join(', ')}`);
  return lines;
}

function formatError(error: EvalError): string[] {
  const why =
    error.kind === 'false_positive'
      ? `fired: ${error.rules.join(', ')}`
      : error.rules.length
        ? `nearest: ${error.rules.join('; ')}`
        : `no ${error.category} rule matched any of its words`;
  return [`  ${error.category.padEnd(8)} ${error.at}  "${error.sentence.replace(/\s+/g, ' ')}"`, `           ${why}`];
}

export function formatEvalYaml(report: EvalReport): string {
  return stringify(
    {
      transcripts: report.transcripts,
      ...(report.review ? { review: report.review } : {}),
      categories: report.categories,
      macro_f1: report.macroF1,
      stages: report.stages,
      ...(report.forces ? { forces: report.forces } : {}),
      ...(report.grouping ? { grouping: report.grouping } : {}),
      rules: report.rules,
      errors: report.errors.map((e) => ({ ...e, sentence: e.sentence.replace(/\s+/g, ' ') })),
      // the messages as lines, as this format has always listed them; JSON has them whole
      problems: report.messages.map(formatMessage),
    },
    { lineWidth: 0 },
  );
}

/** What stopped eval, as `--format yaml` lists problems: a script reading YAML gets YAML on stdout either way. */
export function formatProblemsYaml(messages: JobmapMessage[]): string {
  return stringify({ problems: messages.map(formatMessage) }, { lineWidth: 0 });
}

/** For scripts, editors and CI: the same report as JSON, its `messages` as every command's `--format json` has them. */
export function formatEvalJson(report: EvalReport): string {
  return formatJson(report);
}
