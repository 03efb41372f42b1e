#!/usr/bin/env node
import { Command } from 'commander';
import { describeError } from './errors.js';
import { run } from './pipeline.js';
import { CATEGORIES } from './types.js';

/** Exit codes: 0 all good; 1 some transcripts were skipped; 2 nothing ran (bad rules, bad arguments). */
async function main(argv: string[]): Promise<number> {
  const program = new Command()
    .name('jobmap')
    .description('Turn interview transcripts into a Jobs-to-be-Done map (YAML), using the rules in rules/.')
    .argument('<folder>', 'folder of transcripts (.txt, .md), searched recursively')
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('-r, --rules <dir>', 'folder of rule files (default: the rules shipped with jobmap)')
    .option('-q, --quiet', 'print nothing but errors')
    .exitOverride();
  try {
    program.parse(argv);
  } catch (error) {
    return (error as { exitCode?: number }).exitCode === 0 ? 0 : 2;
  }
  const options = program.opts<{ out: string; rules?: string; quiet?: boolean }>();
  const input = program.args[0]!;
  try {
    const report = await run({ input, outDir: options.out, rulesDir: options.rules });
    for (const skip of report.skipped) process.stderr.write(`skipped ${skip.error.startsWith(skip.file) ? skip.error : `${skip.file}: ${skip.error}`}\n`);
    if (!options.quiet) printReport(report, options.out);
    return report.skipped.length > 0 ? 1 : 0;
  } catch (error) {
    process.stderr.write(`jobmap: ${describeError(error)}\n`);
    return 2;
  }
}

function printReport(report: Awaited<ReturnType<typeof run>>, outDir: string): void {
  const findings = report.results.flatMap((r) => r.findings);
  const counts = CATEGORIES.map((c) => `${findings.filter((f) => f.category === c).length} ${c}`).join(', ');
  const jobs = report.jobMap.stages.reduce((sum, s) => sum + s.jobs.length, 0);
  process.stdout.write(
    `jobmap: ${report.results.length} transcripts, ${findings.length} findings (${counts})\n` +
      `        ${jobs} candidate jobs across ${report.jobMap.stages.length} stages -> ${outDir}/jobs.yaml\n` +
      (report.skipped.length ? `        ${report.skipped.length} file(s) skipped, listed in ${outDir}/summary.yaml\n` : ''),
  );
}

process.exitCode = await main(process.argv);
