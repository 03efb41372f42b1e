import { createHash } from 'node:crypto';
import path from 'node:path';
import { resultFindingsDigest } from '../core/findingsDigest.js';
import type { JobmapMessage } from '../core/message.js';
import { classifierFingerprint } from '../rules/fingerprint.js';
import type { RuleSet } from '../rules/types.js';
import { wordVectorsIdentity } from '../segment/vectors.js';
import { isObject } from '../core/shape.js';
import type { JobMap } from '../jobMapTypes.js';
import type { TranscriptFindings } from '../types.js';
import { codeVersion, parserVersion, sourceCode, topModules } from './codeVersion.js';
import { withoutFindings } from './keptFindings.js';
import { OneEntryMemo } from './oneEntryMemo.js';

/** Beside the parses in the cache folder. */
const FILE = 'jobmap-map.json';

/**
 * The last run's job map, kept in the parse cache's folder (oneEntryMemo.ts)
 * under the key of everything it was made from (jobMapKey). A re-run whose
 * edit changed no finding (most edits of one rule change a few files, many
 * change none) takes the map from here: it neither reads the findings the
 * outcome memo kept (run/keptFindings.ts) nor groups them, and the writer,
 * told the map is the last run's, leaves the files made from it as they are.
 */
export function openJobMapMemo(cacheDir: string): Promise<OneEntryMemo<JobMap>> {
  return OneEntryMemo.open(path.join(cacheDir, FILE), mapVersion(), isJobMap);
}

/** What makes the map and the output's files from the findings besides the rules, and what reads the words they are grouped by. */
export interface MapInput {
  results: TranscriptFindings[];
  rules: RuleSet;
  /** how participants are told apart in segments (config) */
  segmentBy: string;
  /** the files skipped and ignored: summary.yaml lists them */
  messages: JobmapMessage[];
  /** the version of the code that renders the output's files (run/codeVersion.ts, writerVersion) */
  writerVersion: string;
}

/**
 * The hash of everything the job map and the output's files are made from:
 * each transcript's result (its findings by their digest,
 * core/findingsDigest.ts), everything in the rule set but the rules (stage
 * model, related words, codebook, lexicons: rules/fingerprint.ts) and the
 * rules' ids (summary.yaml counts each), the segment attribute, the run's
 * messages and the code. Undefined when a result's findings have no digest
 * (a step made them anew: a participant's segment, a renamed id): they are
 * grouped and written as any run's. A review file with decisions is the
 * caller's to leave out (its decisions change the findings and the map).
 */
export function jobMapKey({ results, rules, segmentBy, messages, writerVersion }: MapInput): string | undefined {
  const hash = createHash('sha256').update(mapVersion()).update('\0').update(writerVersion).update('\0');
  hash.update(classifierFingerprint(rules)).update('\0');
  hash.update(JSON.stringify(rules.rules.map((rule) => rule.id))).update('\0');
  hash.update(JSON.stringify([segmentBy, messages])).update('\0');
  for (const result of results) {
    const digest = resultFindingsDigest(result);
    if (digest === undefined) return undefined;
    // the turns an export keeps are not written in the output folder
    const { turns: _, ...head } = withoutFindings(result);
    hash.update(JSON.stringify(head)).update('\t').update(digest).update('\n');
  }
  return hash.digest('hex');
}

let version: string | undefined;

/** What a job map depends on besides its input: the code that groups, reviews and compares segments, the categories (categories.ts: which cues a job lists), the word reading code and the word vectors. */
function mapVersion(): string {
  version ??= codeVersion(`map-memo-1 ${parserVersion()} ${wordVectorsIdentity()}`, [
    ...sourceCode(['group', 'classify', 'review', 'compare']),
    ...topModules(['types', 'categories']),
  ]);
  return version;
}

function isJobMap(value: unknown): value is JobMap {
  return (
    isObject(value) &&
    typeof value.model === 'string' &&
    Array.isArray(value.stages) &&
    value.stages.every((stage) => isObject(stage) && typeof stage.id === 'string' && Array.isArray(stage.jobs))
  );
}
