// One timed jobmap run in its own process, so peak memory is this run's alone.
// Prints one JSON line: wall seconds, the run's own phases, peak RSS (worker threads included).
// mode: `run` (write the map), `try` (jobmap rules try: what the rules would change in outDir, nothing written),
// or `stats` (jobmap stats: how often each rule fires, from the cache's parses, hits or counts).
import { run } from '../dist/pipeline.js';
import { formatStats, ruleStats } from '../dist/tools/stats.js';
import { formatTry, tryRules } from '../dist/tools/tryRules.js';
import { categoryCounts } from '../dist/run/keptFindings.js';

const [input, outDir, cacheDir, rulesDir, mode, threads] = process.argv.slice(2);
const started = performance.now();
// the scaled corpus is a folder of links to the corpus; the heap collected as the CLI has it collected
const options = { input, outDir, cacheDir, rulesDir, followSymlinks: true, leanHeap: true, ...(threads ? { threads: Number(threads) } : {}) };
const report = mode === 'try' ? await tried(options) : mode === 'stats' ? await counted(options) : await run(options);

/** What `rules try` does, its text included; the report of the dry run it makes. */
async function tried(options) {
  const tried = await tryRules(options);
  formatTry(tried, options.outDir);
  return tried.run;
}
/** What `jobmap stats` does, its text included, as a run's report gives what the table shows (stats has no phases, findings or threads to report). */
async function counted({ input, outDir, ...options }) {
  const counts = await ruleStats(input, options);
  formatStats(counts, 40);
  return { seconds: null, threads: null, totalFiles: counts.transcripts, results: [], messages: counts.skipped, stats: true };
}
// a preview reads only the findings an edit can change (the others stay as the last run kept them): counting its statements would read them all
// counted as the run's summary line counts them, without reading the findings a run left unread (a re-run whose map is the last run's reads none)
const statements = mode !== 'run' ? null : report.results.reduce((sum, r) => sum + (categoryCounts(r).job ?? 0), 0);
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
    // what the edit changed since the run before: findings added, removed or moved stage (none on a first run)
    changed: report.changes ? report.changes.findings.added.length + report.changes.findings.removed.length + report.changes.findings.moved.length : 0,
    peakMB: process.resourceUsage().maxRSS / 1024,
  }) + '\n',
);
