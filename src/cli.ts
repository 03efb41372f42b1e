import path from 'node:path';
import { Command } from 'commander';
import { describeError, JobmapError } from './errors.js';
import { formatEvalText, formatEvalYaml } from './eval/report.js';
import { evaluate } from './eval/score.js';
import { run, type RunReport } from './pipeline.js';
import { progressBar, type Terminal } from './progress.js';
import { CATEGORIES } from './types.js';

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
  /** where a progress bar may be drawn: standard output, when it is a terminal */
  terminal?: Terminal;
}

const processOutput: Output = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), terminal: process.stdout };

interface RunCommandOptions {
  out: string;
  rules?: string;
  quiet?: boolean;
  threads?: string;
  cache: string | false;
}

const DEFAULT_CACHE = '.jobmap-cache/<folder>';

function positiveInteger(text: string, flag: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new JobmapError(`${flag} takes a whole number of 1 or more, not "${text}"`);
  return value;
}

/**
 * Exit codes: 0 all good; 1 some transcripts were skipped; 2 nothing ran (bad
 * rules, bad arguments). The commands are thin: each calls one library function.
 */
export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  let code = 0;
  const program = new Command()
    .name('jobmap')
    .description('Turn interview transcripts into a Jobs-to-be-Done map (YAML), using the rules in rules/.')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  program
    .command('run <folder>', { isDefault: true })
    .description('read the transcripts (.txt, .md) in <folder>, recursively, and write the map (the default command)')
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('-r, --rules <dir>', 'folder of rule files (default: the rules shipped with jobmap)')
    .option('-q, --quiet', 'print nothing but errors')
    .option('-j, --threads <n>', 'worker threads (default: one per core, fewer for a small folder)')
    .option('--cache <dir>', 'keep parsed transcripts here, so a re-run after a rule edit does not parse again', '.jobmap-cache/<folder>')
    .option('--no-cache', 'parse every transcript, and keep nothing')
    .action(async (folder: string, options: RunCommandOptions) => {
      const started = Date.now();
      const bar = progressBar(options.quiet ? { write: () => undefined } : io.terminal ?? { write: () => undefined });
      const report = await run({
        input: folder,
        outDir: options.out,
        rulesDir: options.rules,
        ...(options.cache === false ? { cacheDir: false as const } : options.cache !== DEFAULT_CACHE ? { cacheDir: options.cache } : {}),
        ...(options.threads ? { threads: positiveInteger(options.threads, '--threads') } : {}),
        onProgress: bar.update,
      }).finally(bar.done);
      for (const skip of report.skipped) io.err(`skipped ${skip.error}\n`);
      if (!options.quiet) io.out(runSummary(report, options.out, (Date.now() - started) / 1000));
      code = report.skipped.length > 0 ? 1 : 0;
    });

  program
    .command('eval')
    .description('measure the rules against hand-labelled sentences: precision, recall, F1, stage accuracy, and every miss')
    .requiredOption('-g, --gold <dir>', 'folder of labelled *.yaml files')
    .option('-t, --transcripts <dir>', 'folder of the transcripts the labels name (default: beside the labels, or one folder up)')
    .option('-r, --rules <dir>', 'folder of rule files (default: the rules shipped with jobmap)')
    .option('-f, --format <format>', 'text or yaml', 'text')
    .option('-e, --errors <n>', 'how many false positives and negatives to list (a number, or all)', '20')
    .action(async (options: { gold: string; transcripts?: string; rules?: string; format: string; errors: string }) => {
      const report = await evaluate({ goldDir: options.gold, transcriptsDir: options.transcripts, rulesDir: options.rules });
      const limit = options.errors === 'all' ? Infinity : Number(options.errors);
      io.out(options.format === 'yaml' ? formatEvalYaml(report) : formatEvalText(report, Number.isNaN(limit) ? 20 : limit));
      code = report.problems.length > 0 ? 1 : 0;
    });

  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    const exitCode = (error as { exitCode?: number; code?: string }).exitCode;
    if (typeof exitCode === 'number' && (error as { code?: string }).code?.startsWith('commander.')) return exitCode === 0 ? 0 : 2;
    io.err(`jobmap: ${describeError(error)}\n`);
    return 2;
  }
}

function runSummary(report: RunReport, outDir: string, seconds: number): string {
  const findings = report.results.flatMap((r) => r.findings);
  const counts = CATEGORIES.map((c) => `${findings.filter((f) => f.category === c).length} ${c}`).join(', ');
  const jobs = report.jobMap.stages.reduce((sum, s) => sum + s.jobs.length, 0);
  return (
    `jobmap: ${report.results.length} transcripts, ${findings.length} findings (${counts})\n` +
    `        ${jobs} candidate jobs across ${report.jobMap.stages.length} stages -> ${path.join(outDir, 'jobs.yaml')}\n` +
    (report.skipped.length ? `        ${report.skipped.length} file(s) skipped, listed in ${path.join(outDir, 'summary.yaml')}\n` : '') +
    `        ${seconds.toFixed(1)} s, ${report.threads} thread${report.threads > 1 ? 's' : ''}, parses of ${report.fromCache} of ${report.totalFiles} files from the cache\n`
  );
}
