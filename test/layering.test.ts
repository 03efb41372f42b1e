import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultConfig, readConfig, type JobmapConfig } from '../src/config.js';
import { matchSentence } from '../src/extract/match.js';
import { indexRules } from '../src/rules/ruleIndex.js';
import { DEFAULT_RULES_DIR, loadRuleSet } from '../src/rules/load.js';
import { classifierFingerprint, ruleFingerprint } from '../src/rules/fingerprint.js';
import type { RuleSet } from '../src/rules/types.js';
import { folderOf, problemsOf, sentenceOf } from './helpers.js';

/** The shipped rules with a project folder layered over them, as a jobmap.config.yaml would say. */
function layered(files: Record<string, string>, settings: Partial<JobmapConfig> = {}): RuleSet {
  const folders = Object.keys(files).length > 0 ? [folderOf(files, 'jobmap-project-')] : [];
  const base = defaultConfig();
  return loadRuleSet({ ...base, ...settings, rules: { ...base.rules, ...settings.rules, folders } });
}

function problems(files: Record<string, string>, settings: Partial<JobmapConfig> = {}): string[] {
  return problemsOf(() => layered(files, settings), /\S*jobmap-project-\w+\//g);
}

function fires(rules: RuleSet, text: string): string[] {
  return matchSentence(indexRules(rules.rules), sentenceOf(text))
    .filter((h) => h.status === 'fired')
    .map((h) => h.rule.id);
}

const shipped = loadRuleSet(defaultConfig());

describe('layering a project rules folder over the shipped rules', () => {
  it('adds a rule', () => {
    const rules = layered({ 'pain.yaml': 'category: pain\nrules:\n  - id: pain.paperwork\n    words: [paperwork]\n' });
    expect(rules.rules).toHaveLength(shipped.rules.length + 1);
    expect(fires(rules, 'The paperwork ate my whole Friday.')).toContain('pain.paperwork');
  });

  it('overrides a rule by id, in place', () => {
    const rules = layered({ 'pain.yaml': 'category: pain\nrules:\n  - id: pain.struggle-words\n    words: [paperwork]\n    weight: 0.3\n' });
    const at = shipped.rules.findIndex((r) => r.id === 'pain.struggle-words');
    expect(rules.rules[at]).toMatchObject({ id: 'pain.struggle-words', weight: 0.3, file: expect.stringMatching(/pain\.yaml$/) });
    expect(rules.rules[at]!.file).not.toContain(DEFAULT_RULES_DIR);
    expect(fires(rules, 'It was a real hassle.')).not.toContain('pain.struggle-words');
  });

  it('disables a rule by id, in a rule file or in the config', () => {
    const inFile = layered({ 'off.yaml': 'category: social\nrules:\n  - id: social.people-in-the-story\n    disabled: true\n' });
    expect(inFile.rules.map((r) => r.id)).not.toContain('social.people-in-the-story');
    const inConfig = layered({}, { rules: { folders: [], shipped: true, disable: [{ value: 'job.use-it-to' }] } });
    expect(inConfig.rules.map((r) => r.id)).not.toContain('job.use-it-to');
  });

  it('extends a shipped lexicon, so every rule using it sees the new entries', () => {
    const rules = layered({ 'lexicons/people.yaml': 'lexicon: people\nwords: [paralegal]\n' });
    expect(fires(rules, 'The paralegal checks every citation.')).toContain('social.people-in-the-story');
    expect(fires(rules, 'My colleague checks every citation.')).toContain('social.people-in-the-story');
    const replaced = layered({ 'lexicons/people.yaml': 'lexicon: people\nreplace: true\nwords: [paralegal]\n' });
    expect(fires(replaced, 'My colleague checks every citation.')).not.toContain('social.people-in-the-story');
  });

  it('changes nothing when the folder is a copy of the shipped rules (copied to be edited)', () => {
    const copy = loadRuleSet({ ...defaultConfig(), rules: { folders: [DEFAULT_RULES_DIR], shipped: true, disable: [] } });
    expect(copy.rules.map(ruleFingerprint)).toEqual(shipped.rules.map(ruleFingerprint));
    expect(classifierFingerprint(copy)).toBe(classifierFingerprint(shipped));
    // each lexicon entry, time cue and related-words group once, not once per layer
    expect(copy.lexicons.map((l) => l.matchers.length)).toEqual(shipped.lexicons.map((l) => l.matchers.length));
    expect(copy.time.when.before).toHaveLength(shipped.time.when.before.length);
    expect(copy.related.groups).toEqual(shipped.related.groups);
  });

  it('chooses a stage model by name, and can override a shipped one', () => {
    expect(layered({}, { stages: { value: 'job-map' } }).stages.stages.map((s) => s.id)).toEqual([
      'define',
      'locate',
      'prepare',
      'confirm',
      'execute',
      'monitor',
      'modify',
      'conclude',
    ]);
    expect(layered({}, { stages: { value: 'switch' } }).stages.stages.map((s) => s.id)).toEqual([
      'old_solution',
      'first_thought',
      'passive_looking',
      'active_looking',
      'deciding',
      'consuming',
      'satisfaction',
    ]);
    expect(shipped.stages.model).toBe('journey');
    const own = layered({ 'stages.yaml': 'model: journey\nstages:\n  - id: before\n  - id: after\n' });
    expect(own.stages.stages.map((s) => s.id)).toEqual(['before', 'after']);
  });

  it('switches the four forces on only when the config or the stage model names them', () => {
    expect(shipped.rules.some((r) => r.category === 'force')).toBe(false);
    const forces = layered({}, { categories: ['force'] }).rules.filter((r) => r.category === 'force');
    expect(new Set(forces.map((r) => r.subtype))).toEqual(new Set(['push', 'pull', 'anxiety', 'habit']));
    // the switch model says `categories: [force]`: a switch study sees the forces without asking
    const switchModel = layered({}, { stages: { value: 'switch' } });
    expect(switchModel.stages.categories).toEqual(['force']);
    expect(switchModel.rules.filter((r) => r.category === 'force').map((r) => r.id)).toEqual(forces.map((r) => r.id));
  });

  it('drops findings under the confidence threshold', () => {
    expect(layered({}, { minConfidence: 0.7 }).minConfidence).toBe(0.7);
  });
});

describe('layering problems name file:line:col', () => {
  it('a rule id twice in one folder is still a duplicate', () => {
    expect(problems({ 'a.yaml': 'category: pain\nrules:\n  - id: pain.x\n    words: [a]\n', 'b.yaml': 'category: pain\nrules:\n  - id: pain.x\n    words: [b]\n' })).toEqual([
      'b.yaml:3:5: duplicate rule id "pain.x"; first defined at a.yaml:3',
    ]);
  });

  it('disabling a rule that does not exist', () => {
    expect(problems({ 'off.yaml': 'category: pain\nrules:\n  - id: pain.struggle-word\n    disabled: true\n' })).toEqual([
      'off.yaml:3:5: no rule "pain.struggle-word" to disable (did you mean "pain.struggle-words"?); a rule can only switch off one loaded before it (shipped rules, or an earlier folder)',
    ]);
    expect(problems({ 'off.yaml': 'category: pain\nrules:\n  - id: pain.struggle-words\n    disabled: true\n    weight: 0.2\n' })).toEqual([
      'off.yaml:3:5: a rule with `disabled: true` switches off the rule of that id from an earlier rule folder, so it takes only `id` and `disabled`, not weight',
    ]);
  });

  it('an unknown lexicon, pointing at the reference', () => {
    expect(problems({ 'pain.yaml': 'category: pain\nrules:\n  - id: pain.x\n    words: [hassle, "@negative-emotion"]\n' })).toEqual([
      expect.stringMatching(
        /^pain\.yaml:4:21: unknown lexicon "@negative-emotion" \(did you mean "negative-emotions"\?\); known lexicons: ([a-z-]+, )*negative-emotions(, [a-z-]+)*$/,
      ),
    ]);
  });

  it('a lexicon written without quotes is a YAML error with a hint', () => {
    expect(problems({ 'pain.yaml': 'category: pain\nrules:\n  - id: pain.x\n    words: [@people]\n' })).toEqual([
      expect.stringMatching(/^pain\.yaml:4:13: YAML syntax: Plain value cannot start with reserved character @.*; write a lexicon in quotes: \["@name"\]$/),
    ]);
  });

  it('a lexicon twice in one folder, and a lexicon that uses another', () => {
    expect(problems({ 'lexicons/a.yaml': 'lexicon: tools\nwords: [excel]\n', 'lexicons/b.yaml': 'lexicon: tools\nwords: [notion]\n' })).toEqual([
      'lexicons/b.yaml:1:1: a second lexicon named "tools" in one folder; the first is at lexicons/a.yaml:1',
    ]);
    expect(problems({ 'lexicons/a.yaml': 'lexicon: tools\nwords: [excel, "@people"]\n' })).toEqual([
      'lexicons/a.yaml:2:16: unknown lexicon "@people"; none is defined here (a lexicon is a file with `lexicon: name`; a lexicon cannot use another)',
    ]);
  });

  it('conditions: wrong values and a missing hedges lexicon', () => {
    const rule = (extra: string) => `category: pain\nrules:\n  - id: pain.x\n    words: [hassle]\n${extra}`;
    expect(problems({ 'p.yaml': rule('    questions: never\n    near: { within: 50, words: [a] }\n    requires: [{ nam: x, words: [when] }]\n') })).toEqual([
      'p.yaml:5:16: `questions` should be one of: allow, skip, only',
      'p.yaml:7:18: unknown key "nam" in each item of `requires` (did you mean "name"?); expected one of: name, words, phrases, patterns, regex',
      'p.yaml:6:21: `near.within` should be a whole number from 0 to 10',
    ]);
    const noHedges = folderOf({ 'stages.yaml': 'stages:\n  - id: use\n', 'p.yaml': rule('    hedges: skip\n') });
    expect(() => loadRuleSet({ ...defaultConfig(), rules: { folders: [noHedges], shipped: false, disable: [] } })).toThrow(
      /p\.yaml:5:13: `hedges` reads the lexicon "hedges", and no rule folder has one/,
    );
  });

  it('bad regexes say why, at the construct inside the regex', () => {
    expect(problems({ 'p.yaml': 'category: pain\nrules:\n  - id: pain.x\n    regex: ["slow(?! enough)"]\n' })).toEqual([
      expect.stringMatching(/^p\.yaml:4:18: bad regex "slow\(\?! enough\)": lookaround \("\(\?=", .*\) is not supported: rule regexes run on a linear-time engine \(RE2\)/),
    ]);
  });

  it('an unknown stage model, at the config line that names it', () => {
    const config = readConfig('/project/jobmap.config.yaml', 'stages: jobmap\n');
    expect(() => loadRuleSet(config)).toThrow(
      /jobmap\.config\.yaml:1:9: unknown stage model "jobmap" \(did you mean "job-map"\?\); the rule folders define: job-map, journey, switch/,
    );
  });
});

describe('jobmap.config.yaml', () => {
  it('reads every section into a typed config, with folders relative to the file', () => {
    const dir = folderOf({ 'my-rules/pain.yaml': 'category: pain\nrules: []\n' });
    const config = readConfig(
      path.join(dir, 'jobmap.config.yaml'),
      ['rules:', '  folders: [my-rules]', '  disable: [job.use-it-to]', 'stages: switch', 'categories: [force]', 'min_confidence: 0.5'].join('\n'),
    );
    expect(config).toMatchObject({
      rules: { folders: [path.join(dir, 'my-rules')], shipped: true, disable: [{ value: 'job.use-it-to', at: { line: 3, column: 13 } }] },
      stages: { value: 'switch' },
      categories: ['force'],
      minConfidence: 0.5,
    });
  });

  it('unknown keys and wrong values are errors with their position', () => {
    const errors = (text: string) => problemsOf(() => readConfig('/p/jobmap.config.yaml', text), '/p/');
    expect(errors('stage: job-map\nmin_confidence: 2\n')).toEqual([
      'jobmap.config.yaml:1:1: unknown key "stage" in jobmap.config.yaml (did you mean "stages"?); expected one of: rules, stages, categories, min_confidence, segment_by',
      'jobmap.config.yaml:2:17: `min_confidence` should be a number from 0 to 1',
    ]);
    expect(errors('rules:\n  folders: [nowhere]\n  shiped: false\ncategories: [forces]\n')).toEqual([
      'jobmap.config.yaml:3:3: unknown key "shiped" in `rules` (did you mean "shipped"?); expected one of: folders, shipped, disable',
      'jobmap.config.yaml:2:13: rule folder not found: nowhere (relative to the config file)',
      'jobmap.config.yaml:4:14: each item of `categories` (an optional category to switch on) should be one of: force (did you mean "force"?)',
    ]);
  });
});
