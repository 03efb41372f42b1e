import { execFile, type ExecFileOptions } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMessage } from '../src/core/message.js';
import { JobmapErrors } from '../src/errors.js';
import { parseTranscript } from '../src/ingest/index.js';
import { loadRules } from '../src/rules/load.js';
import { segmentTranscript } from '../src/segment/index.js';
import type { SegmentedTranscript, Sentence } from '../src/types.js';

export const FIXTURES = fileURLToPath(new URL('./fixtures', import.meta.url));
export const ROOT = path.dirname(FIXTURES).replace(/\/test$/, '');

export function fixtureRules() {
  return loadRules(path.join(FIXTURES, 'rules'));
}

/** A transcript from inline text, as if read from `file`. */
export function transcriptOf(text: string, file = 'interview.txt') {
  return parseTranscript(text, { id: file.replace(/\.\w+$/, ''), file });
}

export function segmentedOf(text: string, file = 'interview.txt'): SegmentedTranscript {
  return segmentTranscript(transcriptOf(text, file));
}

/** The tokens of one participant sentence. */
export function sentenceOf(text: string): Sentence {
  return segmentedOf(`Participant: ${text}`).sentences[0]!;
}

/** A temporary folder holding these files (paths may have one subfolder, e.g. `lexicons/x.yaml`). */
export function folderOf(files: Record<string, string>, prefix = 'jobmap-'): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

export const MINIMAL_STAGES = 'model: journey\nstages:\n  - id: use\n';

/** The problems a load reports, one `file:line:col: message` each, with `strip` taken out of the paths; [] when it loads. */
export function problemsOf(load: () => unknown, strip: string | RegExp): string[] {
  try {
    load();
    return [];
  } catch (error) {
    if (!(error instanceof JobmapErrors)) throw error;
    return error.messages.map((m) => describeMessage(m).replaceAll(strip, ''));
  }
}

/** A participant who plans meals in words the shipped job rules miss, and says a pain they find: the study of the review tests. */
export const MEALS = 'Sunday afternoons go to planning the family meals for the week.';
export const NIGHTMARE = 'It was a nightmare before, we ordered takeaway four nights a week.';
export const MEALS_INTERVIEW = [
  'Interviewer: What do you do on Sundays?',
  `Participant: ${MEALS} The kids get a vote.`,
  'Interviewer: And how did that start?',
  `Participant: ${NIGHTMARE}`,
  '',
].join('\n');

/** Commands that keep no parse cache; any other first argument is a command that reads transcripts, or a folder (run). */
const UNCACHED_COMMANDS = ['rules', '--version', '--help'];

/** `jobmap` arguments with `--cache <temporary folder>` where the command keeps a cache and none is chosen, so no test leaves one in the repository. */
export function withTemporaryCache(args: string[]): string[] {
  if (UNCACHED_COMMANDS.includes(args[0] ?? '') || args.some((a) => a === '--cache' || a === '--no-cache')) return args;
  return [...args, '--cache', mkdtempSync(path.join(os.tmpdir(), 'jobmap-test-cache-'))];
}

/** Every file of an output folder with its bytes, jobmap's run files (.jobmap-run.json, ...) left out: what two runs are compared by. */
export function outputFiles(dir: string): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(dir, { recursive: true, encoding: 'utf8' }).sort()) {
    if (name.startsWith('.jobmap-') || statSync(path.join(dir, name)).isDirectory()) continue;
    files[name] = readFileSync(path.join(dir, name), 'utf8');
  }
  return files;
}

/** How a program run by `programRun` ended. */
export interface ProgramRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs a program to its end without holding this thread. A test that waits
 * for a child with execFileSync blocks vitest's worker, which then cannot
 * answer its runner: on a loaded two-core machine a child of a minute ends
 * `npm test` with "Timeout calling onTaskUpdate" though every test passed.
 * A non-zero exit resolves with its status, as spawnSync gives it.
 */
export function programRun(file: string, args: string[], options: ExecFileOptions = {}): Promise<ProgramRun> {
  return new Promise((resolve, reject) => {
    execFile(file, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options }, (error, stdout, stderr) => {
      const status = error ? (typeof error.code === 'number' ? error.code : null) : 0;
      if (error && status === null && !error.killed) reject(error);
      else resolve({ status, stdout: String(stdout), stderr: String(stderr) });
    });
  });
}

/** A program's standard output, as execFileSync gives it: an exit other than 0 fails, with what it printed. */
export async function programOutput(file: string, args: string[], options: ExecFileOptions = {}): Promise<string> {
  const { status, stdout, stderr } = await programRun(file, args, options);
  if (status !== 0) throw new Error(`${path.basename(file)} ${args.join(' ')} exited ${status}\n${stderr}${stdout}`);
  return stdout;
}
