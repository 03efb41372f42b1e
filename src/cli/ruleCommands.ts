import { existsSync } from 'node:fs';
import type { Command } from 'commander';
import { OPTIONAL_CATEGORIES } from '../categories.js';
import type { JobmapConfig } from '../config.js';
import { byPlace } from '../core/message.js';
import { JobmapError, JobmapErrors } from '../errors.js';
import { formatEvalJson, formatEvalText, formatEvalYaml } from '../eval/report.js';
import { evaluateReview } from '../eval/review.js';
import { evaluate } from '../eval/score.js';
import { loadRuleSet, ruleFolders } from '../rules/load.js';
import { defaultCacheDir } from '../run/cache.js';
import { explain, formatExplanation, formatExplanationJson, targetFile } from '../tools/explain.js';
import { failedExamples, formatRulesCheck, formatRuleTests, testRules } from '../tools/ruleTests.js';
import { formatStats, formatStatsJson, ruleStats } from '../tools/stats.js';
import { formatTry, formatTryJson, tryRules } from '../tools/tryRules.js';
import { formatJson, formatMessage, formatMessages } from '../write/messages.js';
import {
  configOf,
  engineOptionsOf,
  MESSAGE_FORMATS,
  noteThreadCap,
  oneOf,
  runOptionsOf,
  wholeNumber,
  withInputOptions,
  withRuleOptions,
  withRunOptions,
  type InputOptions,
  type RuleOptions,
  type RunCommandOptions,
} from './options.js';
import type { CommandOutcome, Output } from './output.js';

/** The commands about the rules: eval measures them, rules tests, tries and checks them, explain and stats show where they fire. */
export function addRuleCommands(program: Command, io: Output, outcome: CommandOutcome): void {
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
    outcome.json = format === 'json';
    outcome.yaml = format === 'yaml';
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
    outcome.code = report.messages.length > 0 ? 1 : 0;
  });

  const rules = program.command('rules').description('check and test rule files');
  withRuleOptions(
    rules
      .command('test [dir]')
      .description("run every rule's and lexicon's examples (match / no_match), the time file's and the stage model's examples as tests; [dir] is layered like --rules"),
  ).action((dir: string | undefined, options: RuleOptions) => {
    const report = testRules(loadRuleSet(everyCategory(configOf(withDir(options, dir)))));
    io.out(formatRuleTests(report));
    outcome.code = failedExamples(report) > 0 ? 1 : 0;
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
    outcome.json = oneOf(options.format, MESSAGE_FORMATS, '--format') === 'json';
    const limit = wholeNumber(options.limit, '--limit');
    const report = await tryRules({ ...runOptionsOf(folder, options), gold: options.gold, ...(options.transcripts ? { transcriptsDir: options.transcripts } : {}) });
    io.out(outcome.json ? formatTryJson(report) : formatTry(report, options.out, limit));
    if (!outcome.json) for (const problem of report.problems) io.err(`jobmap: ${formatMessage(problem)}\n`);
    outcome.code = report.problems.length > 0 ? 1 : 0;
  });
  withRuleOptions(
    rules
      .command('check [dir]')
      .description('validate the rule files only: every problem as file:line:col and what is expected')
      .option('-f, --format <format>', 'text, or json: the problems as one JSON document on stdout, for editors and CI', 'text'),
  ).action((dir: string | undefined, options: RuleOptions & { format: string }) => {
    outcome.json = oneOf(options.format, MESSAGE_FORMATS, '--format') === 'json';
    // a folder that is not there is a wrong argument (exit 2, as for every command), not a problem found in rules
    if (dir !== undefined && !existsSync(dir)) throw new JobmapError('rule folder not found', dir);
    try {
      const config = everyCategory(configOf(withDir(options, dir)));
      const loaded = loadRuleSet(config);
      io.out(outcome.json ? formatJson({ messages: [] }) : formatRulesCheck(loaded, ruleFolders(config)));
    } catch (error) {
      if (!(error instanceof JobmapErrors)) throw error;
      // in file and line order, as an editor lists them, whichever check found each
      const messages = [...error.messages].sort(byPlace);
      if (outcome.json) io.out(formatJson({ messages }));
      else io.err(`${formatMessages(messages)}rules check: ${messages.length} problem(s)\n`);
      outcome.code = 1;
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
    outcome.json = oneOf(options.format, MESSAGE_FORMATS, '--format') === 'json';
    noteThreadCap(options, io);
    const defaultCache = file === undefined || options.text !== undefined ? undefined : defaultCacheDir(targetFile(file).file, 'explain');
    const explained = await explain({ file, text: options.text }, { config: configOf(options), ...engineOptionsOf(options, defaultCache) });
    io.out(outcome.json ? formatExplanationJson(explained) : formatExplanation(explained));
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
    outcome.json = oneOf(options.format, MESSAGE_FORMATS, '--format') === 'json';
    noteThreadCap(options, io);
    const report = await ruleStats(folder, { config: configOf(options), ...engineOptionsOf(options, defaultCacheDir(folder)) });
    io.out(outcome.json ? formatStatsJson(report) : formatStats(report, options.all ? Infinity : 40));
    // as for run: 2 when no transcript could be read, 1 when some were skipped
    outcome.code = report.transcripts === 0 ? 2 : report.skipped.length > 0 ? 1 : 0;
  });
}

/** Testing and checking cover the optional categories too, switched on or not. */
function everyCategory(config: JobmapConfig): JobmapConfig {
  return { ...config, categories: [...OPTIONAL_CATEGORIES] };
}

function withDir(options: RuleOptions, dir: string | undefined): RuleOptions {
  return dir === undefined ? options : { ...options, rules: [...(options.rules ?? []), dir] };
}
