import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { Node } from 'yaml';
import { displayPath, JobmapError, JobmapErrors } from './errors.js';
import { YamlReader } from './core/yaml.js';
import { OPTIONAL_CATEGORIES, type OptionalCategory } from './categories.js';
import type { Location } from './types.js';

/** The name looked up in the current folder when no `--config` is given. */
export const CONFIG_FILE = 'jobmap.config.yaml';

/** A value from the config file, with where it was written, so a later check (an unknown rule id) can point at it. */
export interface Located {
  value: string;
  at?: Location;
}

/**
 * A research project's settings, read from `jobmap.config.yaml`. Plain data
 * (no functions, no compiled rules), so it can be sent to worker threads and
 * the rule set rebuilt there with `loadRuleSet(config)`.
 *
 * One section per concern; a new section (ingest options, output) is a new
 * field here, a new key in SECTIONS and a reader function below.
 */
export interface JobmapConfig {
  /** the file the settings came from; undefined for the built-in defaults */
  file?: string;
  rules: {
    /** project rule folders, absolute, layered over the shipped rules in this order */
    folders: string[];
    /** start from the rules shipped with jobmap (false: only `folders`) */
    shipped: boolean;
    /** rule ids to switch off */
    disable: Located[];
  };
  /** the stage model by name (`model:` in its file): journey (default), job-map, switch, or a project's own */
  stages?: Located;
  /** optional categories switched on (the four forces are off unless named here) */
  categories: OptionalCategory[];
  /** findings whose confidence is lower are left out (0: keep all; default DEFAULT_MIN_CONFIDENCE) */
  minConfidence: number;
  /** the transcript attribute (front matter, CSV column, participants.yaml) whose values are the segments to compare */
  segmentBy: string;
}

const SECTIONS = ['rules', 'stages', 'categories', 'min_confidence', 'segment_by'];

export const DEFAULT_SEGMENT_BY = 'segment';

/**
 * A finding needs this much confidence unless the config says otherwise. Rule
 * weights read as how often a rule alone is right, so a weak cue (under 0.5)
 * makes a finding only when another rule of its category agrees on the sentence.
 */
export const DEFAULT_MIN_CONFIDENCE = 0.5;

export function defaultConfig(): JobmapConfig {
  return { rules: { folders: [], shipped: true, disable: [] }, categories: [], minConfidence: DEFAULT_MIN_CONFIDENCE, segmentBy: DEFAULT_SEGMENT_BY };
}

/** Only the rules in one folder, nothing shipped: what `run({ rulesDir })` and the tests use. */
export function configForRulesDir(dir: string | undefined): JobmapConfig {
  const config = defaultConfig();
  if (dir !== undefined) config.rules = { folders: [path.resolve(dir)], shipped: false, disable: [] };
  return config;
}

/** What the command line adds to a config: `--rules DIR` (repeatable) and `--no-default-rules`. */
export interface CommandLineRules {
  rules?: string[];
  defaultRules?: boolean;
  /** `--segment-by KEY`, over the config's `segment_by` */
  segmentBy?: string;
}

/** `--rules` folders layer over the config's own folders; `--no-default-rules` leaves the shipped rules out. */
export function withCommandLine(config: JobmapConfig, options: CommandLineRules): JobmapConfig {
  return {
    ...config,
    rules: {
      ...config.rules,
      folders: [...config.rules.folders, ...(options.rules ?? []).map((dir) => path.resolve(dir))],
      shipped: options.defaultRules === false ? false : config.rules.shipped,
    },
    segmentBy: options.segmentBy ?? config.segmentBy,
  };
}

export interface ConfigLookup {
  /** `--config FILE`; it must exist */
  file?: string;
  /** where to look for jobmap.config.yaml (default: the current folder) */
  cwd?: string;
}

/** The project's config: `--config FILE`, else jobmap.config.yaml in the current folder, else the defaults. */
export function loadConfig(lookup: ConfigLookup = {}): JobmapConfig {
  const file = lookup.file ?? path.join(lookup.cwd ?? process.cwd(), CONFIG_FILE);
  if (!existsSync(file)) {
    if (lookup.file !== undefined) throw new JobmapError(`config file not found: ${lookup.file}`);
    return defaultConfig();
  }
  return readConfig(file, readFileSync(file, 'utf8'));
}

/** Parses a config file's text; every problem is reported at once, as file:line:col. */
export function readConfig(file: string, text: string): JobmapConfig {
  const shown = displayPath(file);
  const reader = new YamlReader(shown, text, 'config');
  const config = defaultConfig();
  config.file = file;
  const entries = reader.root === null && reader.problems.length === 0 ? new Map<string, Node | null>() : reader.map(reader.root, 'jobmap.config.yaml', SECTIONS);
  const base = path.dirname(path.resolve(file));
  const located = (node: Node, value: string): Located => {
    const { line, col } = reader.positionOf(node);
    return { value, at: { file: shown, line, column: col } };
  };
  if (entries?.has('rules')) readRulesSection(reader, entries.get('rules'), config, base, located);
  if (entries?.has('stages')) {
    const node = entries.get('stages');
    const name = reader.string(node, '`stages` (the name of a stage model: journey, job-map, switch, or your own)');
    if (name !== undefined) config.stages = located(node!, name);
  }
  if (entries?.has('categories')) {
    config.categories = readOptionalCategories(reader, entries.get('categories'));
  }
  if (entries?.has('min_confidence')) config.minConfidence = reader.number(entries.get('min_confidence'), '`min_confidence`', 0, 1) ?? DEFAULT_MIN_CONFIDENCE;
  if (entries?.has('segment_by'))
    config.segmentBy = reader.string(entries.get('segment_by'), '`segment_by` (the transcript attribute that names its segment)') ?? DEFAULT_SEGMENT_BY;
  if (reader.problems.length > 0) throw new JobmapErrors(reader.problems);
  return config;
}

function readRulesSection(reader: YamlReader, node: Node | null | undefined, config: JobmapConfig, base: string, located: (node: Node, value: string) => Located): void {
  const rules = reader.map(node, '`rules`', ['folders', 'shipped', 'disable']);
  if (!rules) return;
  if (rules.has('folders')) {
    for (const item of reader.strings(rules.get('folders'), '`rules.folders`')) {
      const folder = path.resolve(base, item.value);
      if (existsSync(folder)) config.rules.folders.push(folder);
      else reader.fail(item.node, `rule folder not found: ${item.value} (relative to the config file)`);
    }
  }
  if (rules.has('shipped')) config.rules.shipped = reader.boolean(rules.get('shipped'), '`rules.shipped`') ?? true;
  if (rules.has('disable')) config.rules.disable = reader.strings(rules.get('disable'), '`rules.disable`').map((item) => located(item.node, item.value));
}

/** `categories: [force]` in a config or a stage model: optional categories to switch on. */
export function readOptionalCategories(reader: YamlReader, node: Node | null | undefined): OptionalCategory[] {
  return reader
    .strings(node, '`categories`')
    .map((item) => reader.oneOf(item.node, 'each item of `categories` (an optional category to switch on)', OPTIONAL_CATEGORIES))
    .filter((c): c is OptionalCategory => c !== undefined);
}
