import path from 'node:path';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { JobmapError } from '../errors.js';
import { run } from '../pipeline.js';
import { progressBar } from '../progress.js';
import { suggestCodebook, SUGGESTED_HEADER, SUGGEST_MIN_PARTICIPANTS } from '../tools/suggest.js';
import { startWatch } from '../watch/index.js';
import { DEFAULT_EXPORT_TARGETS, EXPORT_FORMATS, writeExport } from '../write/export.js';
import { isOurs } from '../write/files.js';
import { formatJson } from '../write/messages.js';
import {
  configOf,
  DEFAULT_CACHE,
  DEFAULT_CACHE_ROOT,
  MESSAGE_FORMATS,
  noteThreadCap,
  oneOf,
  runOptionsOf,
  watchedPaths,
  withRunOptions,
  type RunCommandOptions,
} from './options.js';
import { reportProblems, runExitCode, runSummary, shownFromHere, type CommandOutcome, type Output } from './output.js';

/** The commands that run on a study and write what they find: run (the default), jobs suggest, export, watch. */
export function addMapCommands(program: Command, io: Output, outcome: CommandOutcome): void {
  withRunOptions(
    program
      .command('run <folder>', { isDefault: true })
      .description('read the transcripts in <folder> (recursively) or the one file named, and write the map (the default command)'),
  )
    .option('-f, --format <format>', 'text, or json: the messages (skipped and ignored files, unmatched decisions) as one JSON document on stdout', 'text')
    .action(async (folder: string, options: RunCommandOptions & { format: string }) => {
      outcome.json = oneOf(options.format, MESSAGE_FORMATS, '--format') === 'json';
      noteThreadCap(options, io);
      const started = Date.now();
      const bar = progressBar(options.quiet || outcome.json ? { write: () => undefined } : (io.terminal ?? { write: () => undefined }));
      const report = await run({ ...runOptionsOf(folder, options), onProgress: bar.update }).finally(bar.done);
      if (outcome.json) io.out(formatJson({ messages: shownFromHere(report.messages, folder) }));
      else reportProblems(report, folder, options, io);
      if (!options.quiet && !outcome.json) io.out(runSummary(report, options.out, (Date.now() - started) / 1000));
      outcome.code = runExitCode(report);
    });

  const jobs = program.command('jobs').description('the job codebook');
  withRunOptions(
    jobs
      .command('suggest <folder>')
      .description('run on <folder>, then write its candidate jobs shared by several participants as codebook entries to edit and keep (docs/rules.md)')
      .option('--to <file>', 'where to write the suggested codebook', 'codebook.suggested.yaml')
      .option('--min-participants <n>', 'suggest jobs said by at least this many participants', String(SUGGEST_MIN_PARTICIPANTS)),
  ).action(async (folder: string, options: RunCommandOptions & { to: string; minParticipants: string }) => {
    noteThreadCap(options, io);
    const least = Number(options.minParticipants);
    if (!Number.isInteger(least) || least < 1) throw new JobmapError(`--min-participants should be a whole number of at least 1, not "${options.minParticipants}"`);
    // checked before the run, so nobody waits for a refusal
    if (!(await isOurs(options.to, SUGGESTED_HEADER)))
      throw new JobmapError('exists and was not written by jobs suggest; not overwriting it (choose another --to file)', options.to);
    const report = await run(runOptionsOf(folder, options));
    reportProblems(report, folder, options, io);
    const text = suggestCodebook(report.jobMap, least);
    await writeFile(options.to, text);
    const entries = (text.match(/^ {2}- id: /gm) ?? []).length;
    if (!options.quiet) io.out(`jobmap: ${entries} suggested codebook jobs (said by ${least}+ participants) -> ${options.to}\n`);
    outcome.code = runExitCode(report);
  });

  withRunOptions(
    program
      .command('export <format> <folder>')
      .description(
        `run on <folder>, then write the map for other tools: qdpx (a REFI-QDA project for ATLAS.ti, MAXQDA, NVivo, QualCoder), qdc (its codebook alone) or csv (findings.csv and jobs.csv for spreadsheets)`,
      )
      .option('--to <path>', `where to write it (default: ${Object.values(DEFAULT_EXPORT_TARGETS).join(', ')}; for csv a folder)`),
  ).action(async (format: string, folder: string, options: RunCommandOptions & { to?: string }) => {
    const chosen = oneOf(format, EXPORT_FORMATS, 'export');
    const to = options.to ?? DEFAULT_EXPORT_TARGETS[chosen];
    const report = await run({ ...runOptionsOf(folder, options), keepTurns: chosen === 'qdpx' });
    reportProblems(report, folder, options, io);
    const name = path.basename(path.resolve(folder)).replace(/\.[^.]+$/, '');
    const written = await writeExport(chosen, to, { name, results: report.results, jobMap: report.jobMap, rules: report.rules, findingDecisions: report.findingDecisions });
    if (!options.quiet) io.out(`jobmap: ${report.results.length} transcripts, ${report.results.reduce((n, r) => n + r.findings.length, 0)} findings -> ${written.join(', ')}\n`);
    outcome.code = runExitCode(report);
  });

  withRunOptions(
    program
      .command('watch <folder>')
      .description(
        'run, then run again whenever a transcript, rule file, the config, participants.yaml or the review file changes, printing the findings that are new, gone or moved stage',
      ),
  ).action(async (folder: string, options: RunCommandOptions) => {
    const config = configOf(options);
    // bad arguments and a missing folder stop here, with exit code 2, rather than fail every run (or wait for ever)
    runOptionsOf(folder, options);
    if (!existsSync(folder)) throw new JobmapError('input folder not found; jobmap watch needs a folder or file that exists', folder);
    noteThreadCap(options, io);
    const session = await startWatch({
      runOptions: () => runOptionsOf(folder, options),
      paths: watchedPaths(folder, options, config),
      ignore: [options.out, ...(typeof options.cache === 'string' && options.cache !== DEFAULT_CACHE ? [options.cache] : [DEFAULT_CACHE_ROOT])],
      out: io.out,
      err: io.err,
      summary: (report, seconds) => {
        reportProblems(report, folder, options, io);
        return options.quiet ? '' : runSummary(report, options.out, seconds);
      },
    });
    const stop = () => void session.stop();
    // Ctrl-C, or a process manager's or editor's SIGTERM: the run under way finishes, then the watch ends (exit 0)
    (io.signals ?? process).once('SIGINT', stop);
    (io.signals ?? process).once('SIGTERM', stop);
    await session.done;
    io.out('jobmap watch: stopped\n');
  });
}
