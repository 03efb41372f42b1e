import { checkStageExamples, type StageExampleFailure } from '../classify/stageExamples.js';
import { checkTimeExamples, type TimeExampleFailure } from '../classify/timeExamples.js';
import { checkExamples, checkLexiconExamples, type ExampleFailure, type LexiconExampleFailure } from '../extract/examples.js';
import type { RuleSet } from '../rules/types.js';

export interface RuleTestReport {
  rules: number;
  examples: number;
  failures: ExampleFailure[];
  /** the time file's examples that were read as another time */
  timeFailures: TimeExampleFailure[];
  /** the stage model's examples that were placed on another stage */
  stageFailures: StageExampleFailure[];
  /** the lexicons' examples that their entries found, or missed, against what they say */
  lexiconFailures: LexiconExampleFailure[];
}

/** `jobmap rules test`: every rule's `examples` run as tests, like ESLint's RuleTester, and the lexicons', the time file's and the stage model's. */
export function testRules(rules: RuleSet): RuleTestReport {
  const lexiconExamples = rules.lexicons.flatMap((lexicon) => lexicon.examples).reduce((sum, { match, noMatch }) => sum + match.length + noMatch.length, 0);
  const examples =
    rules.rules.reduce((sum, rule) => sum + rule.examples.match.length + rule.examples.noMatch.length, 0) +
    lexiconExamples +
    rules.time.examples.length +
    rules.stages.examples.length;
  return {
    rules: rules.rules.length,
    examples,
    failures: checkExamples(rules.rules),
    timeFailures: checkTimeExamples(rules.time),
    stageFailures: checkStageExamples(rules),
    lexiconFailures: checkLexiconExamples(rules.lexicons),
  };
}

/** How many examples failed, of every kind. */
export function failedExamples(report: RuleTestReport): number {
  return report.failures.length + report.lexiconFailures.length + report.timeFailures.length + report.stageFailures.length;
}

/** A failure reads like a test runner's: the rule and where the example is, the sentence, what the rule did. */
export function formatRuleTests(report: RuleTestReport): string {
  const lines = report.failures.flatMap((f) => [
    `FAIL ${f.rule.id}  ${f.rule.file}:${f.example.line}`,
    `     expected ${f.expected === 'match' ? `a match${f.example.matched ? ` on "${f.example.matched}"` : ''}${f.example.subtype ? ` (subtype ${f.example.subtype})` : ''}` : 'no match'}: "${f.example.text.replace(/\n/g, '\\n')}"`,
    `     got: ${f.outcome}`,
    '',
  ]);
  for (const f of report.lexiconFailures) {
    lines.push(
      `FAIL @${f.lexicon.name}  ${f.file}:${f.example.line}`,
      `     expected ${f.expected === 'match' ? `an entry to find ${f.example.matched ? `"${f.example.matched}"` : 'words'}` : 'no entry to find anything'}: "${f.example.text.replace(/\n/g, '\\n')}"`,
      `     got: ${f.outcome}`,
      '',
    );
  }
  for (const f of report.timeFailures) {
    lines.push(
      `FAIL time  ${f.example.file}:${f.example.line}`,
      `     expected ${f.example.when === 'none' ? 'no time' : `"${f.example.when}"`}: "${f.example.text}"`,
      `     got: ${f.got}`,
      '',
    );
  }
  for (const f of report.stageFailures) {
    lines.push(`FAIL stage  ${f.example.file}:${f.example.line}`, `     expected ${f.example.stage}: "${f.example.text.replace(/\n/g, '\\n')}"`, `     got: ${f.got}`, '');
  }
  const failed = failedExamples(report);
  const verdict = failed === 0 ? 'all passed' : `${failed} failed`;
  lines.push(`rules test: ${report.rules} rules, ${report.examples} examples: ${verdict}`);
  return lines.join('\n') + '\n';
}

/** `jobmap rules check` on success: what was loaded, from where. */
export function formatRulesCheck(rules: RuleSet, folders: string[]): string {
  const files = new Set(rules.rules.map((rule) => rule.file));
  return (
    `rules check: ${rules.rules.length} rules in ${files.size} files, ${rules.lexicons.length} lexicons, ` +
    `stage model "${rules.stages.model}" (${rules.stages.file}), ${rules.time.files.length ? `time file ${rules.time.files.join(' + ')}` : 'no time file'}; no problems\n` +
    `             from ${folders.join(', ')}\n`
  );
}
