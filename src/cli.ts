import path from 'node:path';
import { Command } from 'commander';
import type { JobmapConfig } from './config.js';
import { byPlace } from './core/message.js';
import { describeError, JobmapError, JobmapErrors, messagesOf } from './errors.js';
import { formatEvalJson, formatEvalText, formatEvalYaml, formatProblemsYaml } from './eval/report.js';
import { evaluate } from './eval/score.js';
import { evaluateReview } from './eval/review.js';
import { run } from './pipeline.js';
import { startWatch } from './watch/index.js';
import { progressBar } from './progress.js';
import { loadRuleSet, ruleFolders } from './rules/load.js';
import { explain, formatExplanation, formatExplanationJson, targetFile } from './tools/explain.js';
import { failedExamples, formatRulesCheck, formatRuleTests, testRules } from './tools/ruleTests.js';
import { formatStats, formatStatsJson, ruleStats } from './tools/stats.js';
import { formatTry, formatTryJson, tryRules } from './tools/tryRules.js';
import { suggestCodebook, SUGGESTED_HEADER, SUGGEST_MIN_PARTICIPANTS } from './tools/suggest.js';
import { isOurs } from './write/files.js';
import { defaultCacheDir } from './run/cache.js';
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { OPTIONAL_CATEGORIES } from './categories.js';
import { DEFAULT_EXPORT_TARGETS, EXPORT_FORMATS, writeExport } from './write/export.js';
import { formatJson, formatMessage, formatMessages } from './write/messages.js';
import {
  configOf,
  DEFAULT_CACHE,
  DEFAULT_CACHE_ROOT,
  engineOptionsOf,
  noteThreadCap,
  oneOf,
  runOptionsOf,
  watchedPaths,
  wholeNumber,
  withInputOptions,
  withRuleOptions,
  withRunOptions,
  type InputOptions,
  type RuleOptions,
  type RunCommandOptions,
} from './cli/options.js';
import { reportProblems, runExitCode, runSummary, shownFromHere, type Output } from './cli/output.js';

const processOutput: Output = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), terminal: process.stdout };

/**
 * Exit codes: 0 all good; 1 some transcripts were skipped, or a rule test or
 * check failed; 2 nothing ran (bad rules, bad arguments). The commands are
 * thin: each calls one library function.
 */
export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  let code = 0;
  // `--format json`: standard output is one JSON document, even when the command stops (exit 2)
  let json = false;
  // eval --format yaml: what stops it is YAML on stdout too
  let yaml = false;
  const program = new Command()
    .name('jobmap')
    .description('Turn interview transcripts into a Jobs-to-be-Done map (YAML), using the rules in rules/.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  withRunOptions(
    program
      .command('run <folder>', { isDefault: true })
      .description('read the transcripts in <folder> (recursively) or the one file named, and write the map (the default command)'),
  )
    .option('-f, --format <format>', 'text, or json: the messages (skipped and ignored files, unmatched decisions) as one JSON document on stdout', 'text')
    .action(async (folder: string, options: RunCommandOptions & { format: string }) => {
      json = oneOf(options.format, MESSAGE_FORMATS, '--format') === 'json';
      noteThreadCap(options, io);
      const started = Date.now();
      const bar = progressBar(options.quiet || json ? { write: () => undefined } : (io.terminal ?? { write: () => undefined }));
      const report = await run({ ...runOptionsOf(folder, options), onProgress: bar.update }).finally(bar.done);
      if (json) io.out(formatJson({ messages: shownFromHere(report.messages, folder) }));
      else reportProblems(report, folder, options, io);
      if (!options.quiet && !json) io.out(runSummary(report, options.out, (Date.now() - started) / 1000));
      code = runExitCode(report);
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
    code = runExitCode(report);
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
    code = runExitCode(report);
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

  withRuleOptions(
    withInputOptions(
      program
        .command('eval')
        .description(
          'measure the rules against hand-labelled sentences: precision, recall, F1 and kappa per category, the four forces where labelled, stage accuracy beside its baseline in each labelled stage model (`stages: switch` in a gold file), job grouping, per rule, and every miss',
        )
        .option(
          '-g, --gold <path>',
          'a folder of labelled *.yaml files, or one such file (repeatable: scored together)',
          (value: string, all: string[]) => [...all, value],
          [] as string[],
        )
        .option('--review <file>', "score the rules against a review file's decisions instead (accepted = right, rejected = wrong, added = missed), on the study in --transcripts")
        .option('-t, --transcripts <dir>', 'folder of the transcripts the labels name (default: beside the labels, or one folder up)')
        .option('-f, --format <format>', 'text, yaml or json (the scores and the messages, for scripts and CI)', 'text')
        .option('-e, --errors <n>', 'how many false positives and negatives, and stage errors, to list (a number, or all)', '20')
        .option('--by-rule', 'a table of every rule: how often it fires, on labelled and unlabelled sentences, its precision, and the sentences only it finds'),
    ),
  ).action(async (options: RuleOptions & InputOptions & { gold: string[]; review?: string; transcripts?: string; format: string; errors: string; byRule?: boolean }) => {
    const format = oneOf(options.format, ['text', 'yaml', 'json'], '--format');
    json = format === 'json';
    yaml = format === 'yaml';
    const maxErrors = options.errors === 'all' ? Infinity : wholeNumber(options.errors, '--errors');
    if (options.gold.length === 0 && !options.review) throw new JobmapError('eval needs --gold <labels> or --review <review.yaml>');
    if (options.review && !options.transcripts) throw new JobmapError('eval --review needs --transcripts <folder>: the study the review is about');
    noteThreadCap(options, io);
    const config = configOf(options);
    // a review is about a run's study, whose cache it shares; labels name their transcripts otherwise, so keep their own
    const report = options.review
      ? await evaluateReview({ review: options.review, transcriptsDir: options.transcripts!, config, ...engineOptionsOf(options, defaultCacheDir(options.transcripts!)) })
      : await evaluate({
          gold: options.gold,
          transcriptsDir: options.transcripts,
          config,
          ...engineOptionsOf(options, defaultCacheDir(options.transcripts ?? options.gold[0]!, 'eval')),
        });
    // a review is judged per rule: which rule's findings the reviewer rejects is what a rule edit acts on
    const byRule = options.byRule ?? Boolean(options.review);
    io.out(format === 'yaml' ? formatEvalYaml(report) : format === 'json' ? formatEvalJson(report) : formatEvalText(report, { maxErrors, byRule }));
    code = report.messages.length > 0 ? 1 : 0;
  });

  const rules = program.command('rules').description('check and test rule files');
  withRuleOptions(
    rules
      .command('test [dir]')
      .description("run every rule's and lexicon's examples (match / no_match), the time file's and the stage model's examples as tests; [dir] is layered like --rules"),
  ).action((dir: string | undefined, options: RuleOptions) => {
    const report = testRules(loadRuleSet(everyCategory(configOf(withDir(options, dir)))));
    io.out(formatRuleTests(report));
    code = failedExamples(report) > 0 ? 1 : 0;
  });
  withRunOptions(
    rules
      .command('try <folder>')
      .description(
        'what the rules as they are now would change since the last run into --out: the findings each edited rule adds, removes or moves, and with --gold how precision, recall and F1 move; writes nothing',
      )
      .option(
        '-g, --gold <path>',
        'labelled transcripts of <folder> (a folder of *.yaml or one file, as for eval; repeatable)',
        (value: string, all: string[]) => [...all, value],
        [] as string[],
      )
      .option('-t, --transcripts <dir>', 'folder of the transcripts the labels name (default: <folder>)')
      .option('--limit <n>', 'findings listed per rule', '10')
      .option('-f, --format <format>', 'text, or json: every change and score, and the problems, as one JSON document on stdout', 'text'),
  ).action(async (folder: string, options: RunCommandOptions & { gold: string[]; transcripts?: string; limit: string; format: string }) => {
    json = oneOf(options.format, MESSAGE_FORMATS, '--format') === 'json';
    const limit = wholeNumber(options.limit, '--limit');
    const report = await tryRules({ ...runOptionsOf(folder, options), gold: options.gold, ...(options.transcripts ? { transcriptsDir: options.transcripts } : {}) });
    io.out(json ? formatTryJson(report) : formatTry(report, options.out, limit));
    if (!json) for (const problem of report.problems) io.err(`jobmap: ${formatMessage(problem)}\n`);
    code = report.problems.length > 0 ? 1 : 0;
  });
  withRuleOptions(
    rules
      .command('check [dir]')
      .description('validate the rule files only: every problem as file:line:col and what is expected')
      .option('-f, --format <format>', 'text, or json: the problems as one JSON document on stdout, for editors and CI', 'text'),
  ).action((dir: string | undefined, options: RuleOptions & { format: string }) => {
    json = oneOf(options.format, MESSAGE_FORMATS, '--format') === 'json';
    // a folder that is not there is a wrong argument (exit 2, as for every command), not a problem found in rules
    if (dir !== undefined && !existsSync(dir)) throw new JobmapError('rule folder not found', dir);
    try {
      const config = everyCategory(configOf(withDir(options, dir)));
      const loaded = loadRuleSet(config);
      io.out(json ? formatJson({ messages: [] }) : formatRulesCheck(loaded, ruleFolders(config)));
    } catch (error) {
      if (!(error instanceof JobmapErrors)) throw error;
      // in file and line order, as an editor lists them, whichever check found each
      const messages = [...error.messages].sort(byPlace);
      if (json) io.out(formatJson({ messages }));
      else io.err(`${formatMessages(messages)}rules check: ${messages.length} problem(s)\n`);
      code = 1;
    }
  });

  withRuleOptions(
    withInputOptions(
      program
        .command('explain [file]')
        .description('for FILE[:LINE] or --text: each sentence, the rules that fired or were blocked (and why), the findings and their stage')
        .option('--text <text>', 'explain this text instead of a file (a participant speaking, or "Q: ...\\nA: ..." lines)')
        .option('-f, --format <format>', 'text, or json: the same as one JSON document on stdout, for editors and scripts', 'text'),
    ),
  ).action(async (file: string | undefined, options: RuleOptions & InputOptions & { text?: string; format: string }) => {
    json = oneOf(options.format, MESSAGE_FORMATS, '--format') === 'json';
    noteThreadCap(options, io);
    const defaultCache = file === undefined || options.text !== undefined ? undefined : defaultCacheDir(targetFile(file).file, 'explain');
    const explained = await explain({ file, text: options.text }, { config: configOf(options), ...engineOptionsOf(options, defaultCache) });
    io.out(json ? formatExplanationJson(explained) : formatExplanation(explained));
  });

  withRuleOptions(
    withInputOptions(
      program
        .command('stats <folder>')
        .description('how often each rule fires on a folder of transcripts, and on how many; rules that never fire; rules that fire too often')
        .option('-a, --all', 'list every rule (default: the 40 busiest)')
        .option('-f, --format <format>', "text, or json: every rule's counts, and the files skipped, as one JSON document on stdout", 'text'),
    ),
  ).action(async (folder: string, options: RuleOptions & InputOptions & { all?: boolean; format: string }) => {
    json = oneOf(options.format, MESSAGE_FORMATS, '--format') === 'json';
    noteThreadCap(options, io);
    const report = await ruleStats(folder, { config: configOf(options), ...engineOptionsOf(options, defaultCacheDir(folder)) });
    io.out(json ? formatStatsJson(report) : formatStats(report, options.all ? Infinity : 40));
    // as for run: 2 when no transcript could be read, 1 when some were skipped
    code = report.transcripts === 0 ? 2 : report.skipped.length > 0 ? 1 : 0;
  });

  try {
    await program.parseAsync(argv);
    return code;
  } catch (error) {
    const exitCode = (error as { exitCode?: number; code?: string }).exitCode;
    if (typeof exitCode === 'number' && (error as { code?: string }).code?.startsWith('commander.')) return exitCode === 0 ? 0 : 2;
    if (json) io.out(formatJson({ messages: messagesOf(error, 'jobmap') }));
    else if (yaml) io.out(formatProblemsYaml(messagesOf(error, 'jobmap')));
    else io.err(`jobmap: ${describeError(error)}\n`);
    return 2;
  }
}

/** The formats of run, rules check, rules try, stats and explain; eval adds yaml. */
const MESSAGE_FORMATS = ['text', 'json'] as const;

/** Testing and checking cover the optional categories too, switched on or not. */
function everyCategory(config: JobmapConfig): JobmapConfig {
  return { ...config, categories: [...OPTIONAL_CATEGORIES] };
}

function withDir(options: RuleOptions, dir: string | undefined): RuleOptions {
  return dir === undefined ? options : { ...options, rules: [...(options.rules ?? []), dir] };
}

/** This jobmap's version, from its package.json. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
