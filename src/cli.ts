import path from 'node:path';
import { Command } from 'commander';
import { describeError } from './errors.js';
import { run } from './pipeline.js';
import { CATEGORIES } from './types.js';

export interface Output {
  out: (text: string) => void;
  err: (text: string) => void;
}

const processOutput: Output = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t) };

/** Exit codes: 0 all good; 1 some transcripts were skipped; 2 nothing ran (bad rules, bad arguments). */
export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  const program = new Command()
    .name('jobmap')
    .description('Turn interview transcripts into a Jobs-to-be-Done map (YAML), using the rules in rules/.')
    .argument('<folder>', 'folder of transcripts (.txt, .md), searched recursively')
    .option('-o, --out <dir>', 'output folder', 'out')
    .option('-r, --rules <dir>', 'folder of rule files (default: the rules shipped with jobmap)')
    .option('-q, --quiet', 'print nothing but errors')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
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
    for (const skip of report.skipped) io.err(`skipped ${skip.error}\n`);
    if (!options.quiet) io.out(reportText(report, options.out));
    return report.skipped.length > 0 ? 1 : 0;
  } catch (error) {
    io.err(`jobmap: ${describeError(error)}\n`);
    return 2;
  }
}

function reportText(report: Awaited<ReturnType<typeof run>>, outDir: string): string {
  const findings = report.results.flatMap((r) => r.findings);
  const counts = CATEGORIES.map((c) => `${findings.filter((f) => f.category === c).length} ${c}`).join(', ');
  const jobs = report.jobMap.stages.reduce((sum, s) => sum + s.jobs.length, 0);
  return (
    `jobmap: ${report.results.length} transcripts, ${findings.length} findings (${counts})\n` +
    `        ${jobs} candidate jobs across ${report.jobMap.stages.length} stages -> ${path.join(outDir, 'jobs.yaml')}\n` +
    (report.skipped.length ? `        ${report.skipped.length} file(s) skipped, listed in ${path.join(outDir, 'summary.yaml')}\n` : '')
  );
}
