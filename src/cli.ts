import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { describeError, messagesOf } from './errors.js';
import { formatProblemsYaml } from './eval/report.js';
import { formatJson } from './write/messages.js';
import { addMapCommands } from './cli/mapCommands.js';
import type { CommandOutcome, Output } from './cli/output.js';
import { addRuleCommands } from './cli/ruleCommands.js';

const processOutput: Output = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), terminal: process.stdout };

/**
 * Exit codes: 0 all good; 1 some transcripts were skipped, or a rule test or
 * check failed; 2 nothing ran (bad rules, bad arguments). The commands are
 * thin: each calls one library function.
 */
export async function main(argv: string[], io: Output = processOutput): Promise<number> {
  const outcome: CommandOutcome = { code: 0, json: false, yaml: false };
  const program = new Command()
    .name('jobmap')
    .description('Turn interview transcripts into a Jobs-to-be-Done map (YAML), using the rules in rules/.')
    .version(packageVersion(), '-V, --version', 'print the version')
    .configureOutput({ writeOut: io.out, writeErr: io.err })
    .exitOverride();

  addMapCommands(program, io, outcome);
  addRuleCommands(program, io, outcome);

  try {
    await program.parseAsync(argv);
    return outcome.code;
  } catch (error) {
    const exitCode = (error as { exitCode?: number; code?: string }).exitCode;
    if (typeof exitCode === 'number' && (error as { code?: string }).code?.startsWith('commander.')) return exitCode === 0 ? 0 : 2;
    if (outcome.json) io.out(formatJson({ messages: messagesOf(error, 'jobmap') }));
    else if (outcome.yaml) io.out(formatProblemsYaml(messagesOf(error, 'jobmap')));
    else io.err(`jobmap: ${describeError(error)}\n`);
    return 2;
  }
}

/** This jobmap's version, from its package.json. */
function packageVersion(): string {
  return (JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string }).version;
}
