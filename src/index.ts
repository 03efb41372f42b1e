/**
 * jobmap as a library: the same engine the command line drives. Each command
 * is one of these functions (`jobmap run` is `run`, `jobmap eval` is
 * `evaluate`...), so a script, a notebook or an editor plugin gets exactly
 * what the CLI prints, as data.
 *
 *   import { run, loadConfig } from 'jobmap';
 *   const report = await run({ input: 'interviews', outDir: 'out', config: loadConfig() });
 *   console.log(report.jobMap.stages.map((stage) => stage.jobs.length));
 *
 * Anything not exported here is internal and may change in any release.
 */

// settings and rules
export { loadConfig, readConfig, defaultConfig, DEFAULT_MIN_CONFIDENCE, CONFIG_FILE, type JobmapConfig, type ConfigLookup } from './config.js';
export { loadRuleSet, loadRules, DEFAULT_RULES_DIR } from './rules/load.js';
export type { RuleSet, Rule } from './rules/types.js';

// the engine: every command below is a fold over its stream of analysed transcripts
export { createJobmap, type Jobmap, type JobmapOptions } from './run/engine.js';
export type { Needs, SourceOutcome, TranscriptAnalysis } from './run/analyse.js';
export type { RuleCounts } from './extract/counts.js';

// the commands
export { run, type RunOptions, type RunReport, type Progress } from './pipeline.js';
export { startWatch, type WatchSetup, type WatchSession } from './watch/index.js';
export { evaluate, type EvalOptions, type EvalReport, type CategoryScore, type StageScore, type ForceScore, type EvalError } from './eval/score.js';
export { explain, formatExplanation, type ExplainTarget, type ExplainedSentence } from './tools/explain.js';
export { ruleStats, formatStats, type StatsOptions, type StatsReport, type RuleStats } from './tools/stats.js';
export { testRules, formatRuleTests, type RuleTestReport } from './tools/ruleTests.js';
export { suggestCodebook } from './tools/suggest.js';
export { tryRules, formatTry, type TryOptions, type TryReport, type RuleChange } from './tools/tryRules.js';
export type { RunChanges } from './write/runState.js';
export type { FindingSnapshot, FindingsDiff } from './write/changes.js';

// reading transcripts without running the rules
export { findTranscripts, readTranscripts, DEFAULT_INGEST_OPTIONS, type IngestOptions } from './ingest/index.js';

// what comes out, and what goes wrong
export type { Finding, ClassifiedFinding, Transcript, TranscriptFindings } from './types.js';
export type { JobMap, CandidateJob, JobStory } from './jobMapTypes.js';
export type { Category, CategoryInfo } from './categories.js';
export { CATEGORY_INFO } from './categories.js';
export { tellStory } from './group/story.js';
export { JobmapError, JobmapErrors } from './errors.js';
export type { JobmapMessage, MessageSource, Place, Point } from './core/message.js';
export { describeMessage } from './core/message.js';
export { formatMessage } from './write/messages.js';
