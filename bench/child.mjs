// One timed jobmap run in its own process, so peak memory is this run's alone.
// Prints one JSON line: wall seconds, the run's own phases, peak RSS (worker threads included).
import { run } from '../dist/pipeline.js';

const [input, outDir, cacheDir, rulesDir, threads] = process.argv.slice(2);
const started = performance.now();
// the scaled corpus is a folder of links to the corpus
const report = await run({ input, outDir, cacheDir, rulesDir, followSymlinks: true, ...(threads ? { threads: Number(threads) } : {}) });
const statements = report.results.reduce((sum, r) => sum + r.findings.filter((f) => f.category === 'job').length, 0);
process.stdout.write(
  JSON.stringify({
    wall: (performance.now() - started) / 1000,
    seconds: report.seconds,
    threads: report.threads,
    fromCache: report.fromCache,
    files: report.totalFiles,
    statements,
    // only a file that could not be read is fatal in a run's messages
    skipped: report.messages.filter((message) => message.fatal === true).length,
    peakMB: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
