import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { makeFolder } from '../core/folder.js';
import { conditionsFingerprint, hitFingerprint, matcherFingerprint } from '../rules/fingerprint.js';
import type { Rule } from '../rules/types.js';
import { writeWhole } from '../write/files.js';

/**
 * A version of a rule as its hits know it: its id and conditions, and each
 * of its matchers in order. A hits entry names the rule versions its hits are
 * of by their fingerprints (rules/fingerprint.ts, hitFingerprint); knowing
 * what each version was made of, a run after an edit that added or removed a
 * word or phrase runs only what changed (run/ruleHits.ts).
 */
export interface RuleVersion {
  id: string;
  conditions: string;
  matchers: string[];
}

/** The rule's matchers that an earlier version of it did not have (`now`: the rule's own version). */
export function matchersAdded(rule: Rule, now: RuleVersion, before: RuleVersion): Rule['matchers'] {
  return rule.matchers.filter((_, m) => !before.matchers.includes(now.matchers[m]!));
}

/** Rule versions by hit fingerprint. */
export type RuleVersions = Record<string, RuleVersion>;

export function ruleVersionOf(rule: Rule): RuleVersion {
  return { id: rule.id, conditions: conditionsFingerprint(rule), matchers: rule.matchers.map(matcherFingerprint) };
}

/** The file beside the cache's entries; like them, it is named so only jobmap touches it (cache.ts, pruneCache). */
export const RULE_VERSIONS_FILE = 'jobmap-rule-versions.json';
/**
 * Versions kept: the oldest go first. Every run adds the versions of its
 * rules (161 shipped rules, 2,448 matchers: about 40 KB), and a tuning
 * session adds one version per edit, so this holds hundreds of sessions.
 */
const MAX_VERSIONS = 2000;

/**
 * The rule versions the cache knows, with these rules' added (written back
 * when there are new ones). A file that does not read back is started anew:
 * without it an edited rule runs whole, as a new rule does, so nothing is
 * found otherwise; the same holds when two runs write it at once and one's
 * versions are lost.
 */
export async function rememberRuleVersions(cacheDir: string, rules: Rule[]): Promise<RuleVersions> {
  const file = path.join(cacheDir, RULE_VERSIONS_FILE);
  const known = await readFile(file, 'utf8').then(parseVersions, () => ({}) as RuleVersions);
  const current = new Map(rules.map((rule) => [hitFingerprint(rule), rule]));
  const missing = [...current.keys()].filter((fingerprint) => !(fingerprint in known));
  if (missing.length === 0) return known;
  // the newest last, so the oldest are the ones dropped
  const versions: RuleVersions = {};
  const kept = Object.keys(known).filter((fingerprint) => !current.has(fingerprint));
  for (const fingerprint of kept.slice(Math.max(0, kept.length + current.size - MAX_VERSIONS))) versions[fingerprint] = known[fingerprint]!;
  for (const [fingerprint, rule] of current) versions[fingerprint] = known[fingerprint] ?? ruleVersionOf(rule);
  await writeWhole(file, JSON.stringify(versions), makeFolder(cacheDir));
  return versions;
}

function parseVersions(text: string): RuleVersions {
  try {
    const parsed: unknown = JSON.parse(text);
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return {};
    return Object.fromEntries(Object.entries(parsed).filter(([, version]) => isRuleVersion(version))) as RuleVersions;
  } catch {
    return {};
  }
}

function isRuleVersion(value: unknown): value is RuleVersion {
  if (typeof value !== 'object' || value === null) return false;
  const { id, conditions, matchers } = value as Record<string, unknown>;
  return typeof id === 'string' && typeof conditions === 'string' && Array.isArray(matchers) && matchers.every((m) => typeof m === 'string');
}
