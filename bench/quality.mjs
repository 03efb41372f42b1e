// npm run quality: extraction, stage and grouping quality on both halves of the
// development set (../shared/eval/dev, split once in bench/dev-split.yaml), on
// both halves of the silver set (bench/silver) and on the project's own
// labelled samples, one line each, so a rule edit is read on the sets it was
// tuned on and on the sets it was not.
// Options:
//   --rules DIR        layer a rule folder over the shipped rules (try an edit before keeping it)
//   --errors SET       also print the misses of one set (tune, measure, all, s-tune, s-measure or samples), as `jobmap eval` does
//   --by-rule SET      also print the per-rule table of one set
//   --json             print the figures as JSON, with the counts behind them (found, right, labelled, recalled; stage right of judged)
// Reads the built code (dist/): run `npm run build` first, as `npm run quality` does.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { evaluate } from '../dist/eval/score.js';
import { formatEvalText } from '../dist/eval/report.js';
import { loadConfig, withCommandLine } from '../dist/config.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 ? args[at + 1] : undefined;
};
const rulesDirs = args.flatMap((arg, i) => (arg === '--rules' ? [args[i + 1]] : []));
// the shipped rules and settings, whatever jobmap.config.yaml the current folder holds
const config = withCommandLine(loadConfig({ cwd: path.join(ROOT, 'bench') }), { rules: rulesDirs });

const DEV = path.resolve(ROOT, '../shared/eval/dev');
const TRANSCRIPTS = path.resolve(ROOT, '../shared/corpus/anthropic-interviewer/transcripts');
const split = parse(readFileSync(path.join(ROOT, 'bench/dev-split.yaml'), 'utf8'));

const sets = [];
if (existsSync(DEV)) {
  const files = (ids) => ids.map((id) => path.join(DEV, `${id}.yaml`));
  sets.push({ name: 'tune', gold: files(split.tune), transcriptsDir: TRANSCRIPTS });
  sets.push({ name: 'measure', gold: files(split.measure), transcriptsDir: TRANSCRIPTS });
  sets.push({ name: 'all', gold: [DEV], transcriptsDir: TRANSCRIPTS });
  // more corpus interviews labelled by the same guideline (bench/silver/README.md): one half tuned on, like `tune`, one only measured
  sets.push({ name: 's-tune', gold: [path.join(ROOT, 'bench/silver/tune')], transcriptsDir: TRANSCRIPTS });
  sets.push({ name: 's-measure', gold: [path.join(ROOT, 'bench/silver/measure')], transcriptsDir: TRANSCRIPTS });
  // the two measured sets together: the one figure an edit is judged by (36 interviews it was not written from)
  sets.push({ name: 'unseen', gold: [...files(split.measure), path.join(ROOT, 'bench/silver/measure')], transcriptsDir: TRANSCRIPTS });
} else {
  console.error('quality: ../shared/eval/dev not found; only the samples are measured');
}
sets.push({ name: 'samples', gold: [path.join(ROOT, 'samples/labels')] });

const results = [];
for (const set of sets) {
  const report = await evaluate({ gold: set.gold, transcriptsDir: set.transcriptsDir, config });
  results.push({ set, report });
}

const f = (value) => (value === null || value === undefined ? '   -' : value.toFixed(2));
if (args.includes('--json')) {
  const figures = results.map(({ set, report }) => ({
    set: set.name,
    transcripts: report.transcripts,
    f1: Object.fromEntries(report.categories.map((c) => [c.category, c.f1])),
    // the counts behind the two-decimal figures, so a move of one sentence shows: findings (found, right) and labelled sentences (labelled, recalled)
    counts: Object.fromEntries(report.categories.map((c) => [c.category, { found: c.found, right: c.right, labelled: c.labelled, recalled: c.recalled }])),
    kappa: Object.fromEntries(report.categories.map((c) => [c.category, c.kappa])),
    macro_f1: report.macroF1,
    stages: report.stages.map((s) => ({ model: s.model, transcripts: s.transcripts, accuracy: s.accuracy, right: s.right, judged: s.judged, baseline: s.baseline })),
    forces: report.forces ?? null,
    grouping: report.grouping ? { precision: report.grouping.precision, recall: report.grouping.recall, f1: report.grouping.f1 } : null,
  }));
  console.log(JSON.stringify(figures, null, 2));
} else {
  console.log('jobmap quality: F1 per category and macro F1; stage accuracy on found sentences, with always-the-commonest-stage in brackets; job grouping B-cubed F1');
  console.log('');
  console.log('set        files   job  pain trigger emotion social  macro   stage (base)  grouping');
  for (const { set, report } of results) {
    const f1 = Object.fromEntries(report.categories.map((c) => [c.category, c.f1]));
    const [first, ...others] = report.stages;
    const stage = (s) => (s ? `${f(s.accuracy).padStart(7)} (${f(s.baseline.accuracy)})` : '      -       ');
    console.log(
      [
        set.name.padEnd(9),
        String(report.transcripts).padStart(6),
        f(f1.job).padStart(5),
        f(f1.pain).padStart(5),
        f(f1.trigger).padStart(7),
        f(f1.emotion).padStart(7),
        f(f1.social).padStart(6),
        f(report.macroF1).padStart(6),
        stage(first),
        f(report.grouping?.f1).padStart(9),
      ].join(' '),
    );
    // files labelled in another stage model (`stages: switch`): their stage accuracy on a line of its own
    for (const other of others) {
      console.log(`${`  ${other.model}`.padEnd(9)} ${String(other.transcripts).padStart(6)} ${' '.repeat(43)}${stage(other)}`);
    }
  }
  const forces = results.filter(({ report }) => report.forces);
  if (forces.length) {
    console.log('');
    console.log('forces (push, pull, anxiety, habit) on the transcripts labelled with them: F1, and the right force among those found:');
    for (const { set, report } of forces)
      console.log(
        `  ${set.name} F1 ${f(report.forces.f1)} (precision ${f(report.forces.precision)}, recall ${f(report.forces.recall)}), right force ${f(report.forces.subtypeAccuracy)}`,
      );
  }
  const kappas = results.map(({ set, report }) => `${set.name} ${report.categories.map((c) => `${c.category} ${f(c.kappa)}`).join(', ')}`);
  console.log('');
  console.log('kappa (rules as a second coder of every participant sentence):');
  for (const line of kappas) console.log(`  ${line}`);
}

for (const [flag, byRule] of [
  ['errors', false],
  ['by-rule', true],
]) {
  const wanted = option(flag);
  if (!wanted) continue;
  const found = results.find(({ set }) => set.name === wanted);
  if (!found) throw new Error(`--${flag}: no set "${wanted}"; one of ${results.map(({ set }) => set.name).join(', ')}`);
  console.log(`\n--- ${wanted} ---`);
  console.log(formatEvalText(found.report, { maxErrors: byRule ? 0 : Infinity, byRule }));
}
