import { watch as fsWatch, statSync } from 'node:fs';
import path from 'node:path';
import { describeError } from '../errors.js';
import { SUPPORTED_EXTENSIONS } from '../ingest/index.js';
import { run, type RunOptions, type RunReport } from '../pipeline.js';
import { formatDiff } from '../write/changes.js';
import { WatchLoop, type ChangeSource, type Timer } from './loop.js';
import { watchTree } from './tree.js';

export { diffFindings, formatDiff, snapshot } from '../write/changes.js';
export { WatchLoop, type ChangeSource, type Timer } from './loop.js';

/** Long enough to gather the several events of one save, short enough to feel immediate. */
export const DEBOUNCE_MS = 300;

export interface WatchSetup {
  /** a run's options, made afresh before every run: the config or the rules may have changed since the last */
  runOptions: () => RunOptions;
  /** folders and files whose changes start a re-run (the input folder, rule folders, the config file...) */
  paths: string[];
  /** folders whose changes are the run's own doing (output, cache): never a reason to re-run */
  ignore: string[];
  out: (text: string) => void;
  err: (text: string) => void;
  /** what the summary line after each run says; the CLI passes its own */
  summary: (report: RunReport, seconds: number) => string;
  debounceMs?: number;
  /** where changes come from (default: fs.watch on `paths`) and the debounce's clock; tests pass their own */
  source?: ChangeSource;
  timer?: Timer;
}

export interface WatchSession {
  /** stops watching and waits for a run under way */
  stop: () => Promise<void>;
  /** settles once stopped */
  done: Promise<void>;
}

/**
 * `jobmap watch`: one run, then a re-run after every change to a transcript,
 * rule file, config or participants file, printing which findings are new,
 * gone or on another stage since the run before. Re-runs read unchanged
 * transcripts from the parse cache, so a rule edit re-runs in moments. A run
 * that fails (a rule file with a typo) is reported and the watch goes on.
 */
export async function startWatch(setup: WatchSetup): Promise<WatchSession> {
  let first = true;
  const once = async (changed: string[]) => {
    if (changed.length) setup.out(`\njobmap watch: ${describeChanges(changed)}\n`);
    const started = performance.now();
    try {
      const report = await run(setup.runOptions());
      // the run compares itself with the output folder's last run; the first one here may follow a run of long ago
      if (!first && report.changes) setup.out(formatDiff(report.changes.findings));
      first = false;
      // skipped files are the summary's to report (the CLI lists them once, with the other problems)
      setup.out(setup.summary(report, (performance.now() - started) / 1000));
    } catch (error) {
      setup.err(`jobmap: ${describeError(error)}\n`);
      setup.out('jobmap watch: the run failed; fix it and save again\n');
    }
  };
  await once([]);
  const loop = new WatchLoop({
    source: setup.source ?? fsChangeSource(setup.paths, setup.ignore, setup.err),
    debounceMs: setup.debounceMs ?? DEBOUNCE_MS,
    ...(setup.timer ? { timer: setup.timer } : {}),
    rerun: once,
  });
  loop.start();
  setup.out(`jobmap watch: watching ${setup.paths.map(shown).join(', ')} (Ctrl-C stops)\n`);
  return { stop: () => loop.stop(), done: loop.done };
}

function describeChanges(changed: string[]): string {
  const names = changed.slice(0, 3).map(shown).join(', ');
  return `${names}${changed.length > 3 ? ` and ${changed.length - 3} more` : ''} changed`;
}

function shown(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative && !relative.startsWith('..') ? relative : file;
}

/** Transcripts jobmap reads, and YAML: rule files, the config, participants.yaml, review.yaml. */
function isRelevant(file: string): boolean {
  const extension = path.extname(file).slice(1).toLowerCase();
  if (path.basename(file).startsWith('.') || file.split(path.sep).some((part) => part.startsWith('.') && part.length > 1 && part !== '..')) return false;
  return extension === 'yaml' || extension === 'yml' || SUPPORTED_EXTENSIONS.includes(extension);
}

/**
 * Changes under folders (each folder watched, see tree.ts) and to single
 * files (watched through their folder, since an editor that saves by renaming
 * replaces the file watched).
 */
export function fsChangeSource(paths: string[], ignore: string[], err: (text: string) => void): ChangeSource {
  const ignored = ignore.map((dir) => path.resolve(dir));
  const isIgnored = (file: string) => ignored.some((dir) => file === dir || file.startsWith(dir + path.sep));
  return {
    start(onChange) {
      const stops: (() => void)[] = [];
      for (const target of [...new Set(paths.map((p) => path.resolve(p)))]) {
        if (statSync(target, { throwIfNoEntry: false })?.isDirectory()) {
          const skip = (dir: string) => isIgnored(dir) || (dir !== target && path.basename(dir).startsWith('.'));
          stops.push(watchTree(target, (file) => !isIgnored(file) && isRelevant(file) && onChange(file), err, skip));
        } else {
          stops.push(watchFileThroughFolder(target, onChange, err));
        }
      }
      return () => stops.forEach((stop) => stop());
    },
  };
}

/** A file named on purpose (review.yaml in the output folder) counts even where its folder is ignored. */
function watchFileThroughFolder(target: string, onChange: (file: string) => void, err: (text: string) => void): () => void {
  const folder = path.dirname(target);
  try {
    const watcher = fsWatch(folder, (_event, name) => {
      if (name !== null && path.join(folder, name.toString()) === target) onChange(target);
    });
    watcher.on('error', (error) => err(`jobmap watch: ${folder}: ${describeError(error)}\n`));
    return () => watcher.close();
  } catch (error) {
    err(`jobmap watch: cannot watch ${folder}: ${describeError(error)}\n`);
    return () => undefined;
  }
}
