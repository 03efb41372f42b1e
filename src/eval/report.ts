import { stringify } from 'yaml';
import type { EvalError, EvalReport } from './score.js';

const pct = (value: number | null) => (value === null ? '-' : value.toFixed(2));

/** The table first (what a rule author checks after every edit), then each miss with what to change. */
export function formatEvalText(report: EvalReport, maxErrors = Infinity): string {
  const rows = report.categories.map((c) =>
    [c.category.padEnd(9), String(c.labelled).padStart(8), String(c.found).padStart(6), pct(c.precision).padStart(9), pct(c.recall).padStart(7), pct(c.f1).padStart(5)].join(' '),
  );
  const lines = [
    `jobmap eval: ${report.transcripts} transcripts`,
    '',
    'category  labelled  found precision  recall    F1',
    ...rows,
    `${'macro F1'.padEnd(9)} ${''.padStart(8)} ${''.padStart(6)} ${''.padStart(9)} ${''.padStart(7)} ${pct(report.macroF1).padStart(5)}`,
    '',
    `stage accuracy on found sentences: ${pct(report.stage.accuracy)} (${report.stage.judged} sentences)`,
  ];
  for (const kind of ['false_positive', 'false_negative'] as const) {
    const errors = report.errors.filter((e) => e.kind === kind);
    if (errors.length === 0) continue;
    lines.push('', `${kind === 'false_positive' ? 'False positives' : 'False negatives'} (${errors.length}):`);
    for (const error of errors.slice(0, maxErrors)) lines.push(...formatError(error));
    if (errors.length > maxErrors) lines.push(`  ... ${errors.length - maxErrors} more (--errors all, or --format yaml)`);
  }
  if (report.problems.length) lines.push('', 'Not scored:', ...report.problems.map((p) => `  ${p}`));
  return lines.join('\n') + '\n';
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
      categories: report.categories,
      macro_f1: report.macroF1,
      stage: report.stage,
      errors: report.errors.map((e) => ({ ...e, sentence: e.sentence.replace(/\s+/g, ' ') })),
      problems: report.problems,
    },
    { lineWidth: 0 },
  );
}
