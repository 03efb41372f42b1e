import { checkExamples, type ExampleFailure } from '../extract/examples.js';
import type { RuleSet } from '../rules/types.js';

export interface RuleTestReport {
  rules: number;
  examples: number;
  failures: ExampleFailure[];
}

/** `jobmap rules test`: every rule's `examples` run as tests, like ESLint's RuleTester. */
export function testRules(rules: RuleSet): RuleTestReport {
  const examples = rules.rules.reduce((sum, rule) => sum + rule.examples.match.length + rule.examples.noMatch.length, 0);
  return { rules: rules.rules.length, examples, failures: checkExamples(rules.rules) };
}

/** A failure reads like a test runner's: the rule and where the example is, the sentence, what the rule did. */
export function formatRuleTests(report: RuleTestReport): string {
  const lines = report.failures.flatMap((f) => [
    `FAIL ${f.rule.id}  ${f.rule.file}:${f.example.line}`,
    `     expected ${f.expected === 'match' ? 'a match' : 'no match'}: "${f.example.text.replace(/\n/g, '\\n')}"`,
    `     got: ${f.outcome}`,
    '',
  ]);
  const verdict = report.failures.length === 0 ? 'all passed' : `${report.failures.length} failed`;
  lines.push(`rules test: ${report.rules} rules, ${report.examples} examples: ${verdict}`);
  return lines.join('\n') + '\n';
}

/** `jobmap rules check` on success: what was loaded, from where. */
export function formatRulesCheck(rules: RuleSet, folders: string[]): string {
  const files = new Set(rules.rules.map((rule) => rule.file));
  return (
    `rules check: ${rules.rules.length} rules in ${files.size} files, ${rules.lexicons.length} lexicons, ` +
    `stage model "${rules.stages.model}" (${rules.stages.file}); no problems\n` +
    `             from ${folders.join(', ')}\n`
  );
}
