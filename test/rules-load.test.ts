import { cpSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { configForRulesDir } from '../src/config.js';
import type { CompiledStore } from '../src/rules/compiled.js';
import { DEFAULT_RULES_DIR, loadRuleSet, loadRules } from '../src/rules/load.js';
import { cutIntoRules } from '../src/rules/ruleByRule.js';
import { openRuleFileStore } from '../src/run/ruleFileStore.js';
import { FIXTURES, problemsOf } from './helpers.js';

const STAGES = 'model: journey\nstages:\n  - id: use\n';

/** Loads a rule folder made of these files and returns the problems, one `file:line:col: message` each. */
function problems(files: Record<string, string>): string[] {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'jobmap-rules-'));
  for (const [name, text] of Object.entries({ 'stages.yaml': STAGES, ...files })) writeFileSync(path.join(dir, name), text);
  return problemsOf(() => loadRules(dir), dir + path.sep);
}

describe('rule files: loading', () => {
  it('loads the fixture rules with defaults filled in', () => {
    const rules = loadRules(path.join(FIXTURES, 'rules'));
    const hassle = rules.rules.find((r) => r.id === 'pain.hassle')!;
    expect(hassle).toMatchObject({ category: 'pain', subtype: 'struggle', weight: 0.8, conditions: { negation: 'block', speaker: 'participant' } });
    expect(hassle.matchers.map((m) => m.source)).toEqual(['hassle', 'nightmare', 'frustrate']);
    expect(rules.stages.stages.map((s) => s.id)).toEqual(['awareness', 'consideration', 'purchase', 'use', 'post_purchase']);
    expect(rules.stages.defaultStage).toBe('use');
  });
});

describe('rule files: every problem names file:line:col and what is expected', () => {
  it('YAML syntax errors', () => {
    expect(problems({ 'pain.yaml': 'category: pain\nrules:\n  - id: pain.x\n    words: [a, b\n' })[0]).toMatch(/^.*pain\.yaml:\d+:\d+: YAML syntax:/);
  });

  it('unknown keys, with a suggestion', () => {
    expect(problems({ 'pain.yaml': 'category: pain\nrules:\n  - id: pain.x\n    word: [hassle]\n' })).toEqual([
      expect.stringMatching(/pain\.yaml:4:5: unknown key "word" in a rule \(did you mean "words"\?\); expected one of: id, description/),
      'pain.yaml:3:5: rule "pain.x" needs at least one entry in `words`, `phrases`, `patterns` or `regex`',
    ]);
  });

  it('wrong types and values', () => {
    const found = problems({
      'pain.yaml': 'category: pain\nrules:\n  - id: pain.x\n    words: hassle\n    weight: 2\n    negation: maybe\n    speaker: 3\n',
    });
    // the conditions are read in the order they are checked (speaker first), then the rule's own keys
    expect(found).toEqual([
      'pain.yaml:7:14: `speaker` should be one of: participant, interviewer, any',
      'pain.yaml:6:15: `negation` should be one of: block, require, ignore',
      'pain.yaml:5:13: `weight` should be a number from 0 to 1',
    ]);
  });

  it('unknown category, missing id, bad id', () => {
    expect(problems({ 'x.yaml': 'category: pains\nrules: []\n' })).toEqual([
      'x.yaml:1:11: `category` should be one of: job, pain, trigger, emotion, social, outcome, force (did you mean "pain"?)',
    ]);
    expect(problems({ 'x.yaml': 'category: pain\nrules:\n  - words: [a]\n  - id: Pain X\n    words: [b]\n' })).toEqual([
      'x.yaml:3:5: every rule needs an `id`, e.g. `id: pain.workaround`',
      'x.yaml:4:9: rule id "Pain X" should be lowercase words joined by dots, dashes or underscores, e.g. pain.my-rule',
    ]);
  });

  it('bad patterns point inside the pattern, at the piece that is wrong', () => {
    expect(problems({ 'job.yaml': 'category: job\nrules:\n  - id: job.x\n    patterns:\n      - "(i|we trying to"\n' })).toEqual([
      'job.yaml:5:10: bad pattern "(i|we trying to": "(i|we" has no closing ")"',
    ]);
  });

  it('entries that could never match', () => {
    expect(problems({ 'pain.yaml': 'category: pain\nrules:\n  - id: pain.x\n    phrases: ["--"]\n    words: [ok]\n' })).toEqual([
      'pain.yaml:4:16: bad pattern "--": "--" has no letters or digits to match',
    ]);
    expect(problems({ 'pain.yaml': 'category: pain\nrules:\n  - id: pain.x\n    words: []\n' })).toEqual([
      'pain.yaml:3:5: rule "pain.x" needs at least one entry in `words`, `phrases`, `patterns` or `regex`',
    ]);
    expect(problems({ 'job.yaml': 'category: job\nrules:\n  - id: job.x\n    patterns: ["!not hate", "i [#Verb] it"]\n' })).toEqual([
      expect.stringMatching(/^job\.yaml:4:17: bad pattern "!not hate": "!" in "!not" is compromise syntax jobmap does not support/),
      expect.stringMatching(/^job\.yaml:4:32: bad pattern "i \[#Verb\] it": "\[" in "\[#Verb\]" is compromise syntax/),
    ]);
  });

  it('an empty rule file', () => {
    expect(problems({ 'empty.yaml': '# nothing here yet\n' })).toEqual([
      'empty.yaml:1:1: the rule file is empty; it should start with `category:`, `stages:`, `dimensions:`, `lexicon:`, `anchor:` (the time file), `related:` or `codebook:`',
    ]);
  });

  it('duplicate ids across files point at both', () => {
    const found = problems({
      'a.yaml': 'category: pain\nrules:\n  - id: pain.x\n    words: [a]\n',
      'b.yaml': 'category: pain\nrules:\n  - id: pain.x\n    words: [b]\n',
    });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/b\.yaml:3:5: duplicate rule id "pain\.x"; first defined at .*a\.yaml:3/);
  });

  it('stage models: unknown default stage and bad position', () => {
    expect(problems({ 'stages.yaml': 'model: m\ndefault: usage\nstages:\n  - id: use\n    position: [0.5, 0.1]\n' })).toEqual([
      'stages.yaml:5:15: `position` should be two numbers from 0 to 1, e.g. [0, 0.2]',
      'stages.yaml:2:10: `default` should be one of: use (did you mean "use"?)',
    ]);
  });

  it('a folder without a stage model', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jobmap-rules-'));
    writeFileSync(path.join(dir, 'pain.yaml'), 'category: pain\nrules:\n  - id: pain.x\n    words: [a]\n');
    expect(() => loadRules(dir)).toThrow(/no stage model/);
  });
});

describe('rule files: compiled once, kept between runs', () => {
  /** A store in memory that counts what it was asked. */
  const memoryStore = (): CompiledStore & { kept: Map<string, Uint8Array>; hits: number } => {
    const kept = new Map<string, Uint8Array>();
    const store = {
      version: 'test',
      kept,
      hits: 0,
      get(key: string) {
        const found = kept.get(key);
        if (found) store.hits++;
        return found;
      },
      set(key: string, compiled: Uint8Array) {
        kept.set(key, compiled);
      },
    };
    return store;
  };
  const copyOfShipped = () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jobmap-rules-'));
    cpSync(DEFAULT_RULES_DIR, dir, { recursive: true });
    return dir;
  };

  it('gives the rule set a load from the YAML gives, the second time from the store alone', () => {
    const dir = copyOfShipped();
    const store = memoryStore();
    const fresh = loadRules(dir);
    expect(loadRuleSet(configForRulesDir(dir), store)).toEqual(fresh);
    expect(store.hits).toBe(0);
    const files = store.kept.size;
    expect(files).toBeGreaterThan(20);
    expect(loadRuleSet(configForRulesDir(dir), store)).toEqual(fresh);
    // each file's first read (is it a lexicon?) and what it compiled to, all from the store
    expect(store.hits).toBe(files);
  });

  it('reads an edited file again, and every rule file again when a lexicon is edited', () => {
    const dir = copyOfShipped();
    const store = memoryStore();
    loadRuleSet(configForRulesDir(dir), store);
    const edit = (file: string, from: RegExp, to: string) => writeFileSync(path.join(dir, file), readFileSync(path.join(dir, file), 'utf8').replace(from, to));
    edit('pain.yaml', /^(\s*phrases: \[)/m, '$1"a total pain to set up", ');
    const files = (readdirSync(dir, { recursive: true }) as string[]).filter((name) => name.endsWith('.yaml')).length;
    const lexicons = readdirSync(path.join(dir, 'lexicons')).filter((name) => /^lexicon: /m.test(readFileSync(path.join(dir, 'lexicons', name), 'utf8'))).length;
    let hits = store.hits;
    const edited = loadRuleSet(configForRulesDir(dir), store);
    expect(edited).toEqual(loadRules(dir));
    expect(edited.rules.some((rule) => rule.matchers.some((m) => m.source === 'a total pain to set up'))).toBe(true);
    // every file's first read but pain.yaml's, every other rule file compiled, and pain.yaml's rules but the edited one
    expect(store.hits - hits).toBe(files - 1 + (files - lexicons));
    hits = store.hits;
    edit('lexicons/people.yaml', /^(words: \[)/m, '$1chaperone, ');
    const withLexicon = loadRuleSet(configForRulesDir(dir), store);
    expect(withLexicon).toEqual(loadRules(dir));
    // the other files' first reads only: every rule file is compiled again with the lexicon as it is now
    expect(store.hits - hits).toBe(files - 1);
  });

  it('keeps no file with a problem: its mistake is reported on every load', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jobmap-rules-'));
    writeFileSync(path.join(dir, 'stages.yaml'), STAGES);
    writeFileSync(path.join(dir, 'pain.yaml'), 'category: pain\nrules:\n  - id: pain.x\n    wrds: [a]\n');
    const store = memoryStore();
    for (let i = 0; i < 2; i++) expect(() => loadRuleSet(configForRulesDir(dir), store)).toThrow(/pain\.yaml:4:5: unknown key "wrds"/);
    // the second time, both files' first reads and stages.yaml's rules came from the store; pain.yaml was read again
    expect(store.hits).toBe(3);
  });
});

describe('rule files: a category file read rule by rule', () => {
  const memoryStore = (): CompiledStore => {
    const kept = new Map<string, Uint8Array>();
    return { version: 'test', get: (key) => kept.get(key), set: (key, compiled) => void kept.set(key, compiled) };
  };
  const folder = (pain: string) => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jobmap-rules-'));
    writeFileSync(path.join(dir, 'stages.yaml'), STAGES);
    writeFileSync(path.join(dir, 'pain.yaml'), pain);
    return dir;
  };
  const PAIN = [
    'category: pain',
    'rules:',
    '  - id: pain.hassle',
    '    words: [hassle]',
    '    examples:',
    '      match: ["What a hassle."]',
    '  # the second rule',
    '  - id: pain.nightmare',
    '    words: [nightmare]',
    '',
  ].join('\n');

  it('cuts the list of rules at each item, comments with the item before; a file it cannot cut is read whole', () => {
    const cut = cutIntoRules(PAIN)!;
    expect(cut.header).toEqual(['category: pain', 'rules:']);
    expect(cut.rules.map((rule) => [rule.line, rule.lines.length])).toEqual([
      [2, 5],
      [7, 3],
    ]);
    expect(cutIntoRules(PAIN + 'description: a key after the list\n')).toBeUndefined();
    expect(cutIntoRules('category: pain\nrules:\n- id: pain.x\n  words: [x]\n')).toBeUndefined();
    expect(cutIntoRules('category: pain\nrules: [{ id: pain.x, words: [x] }]\n')).toBeUndefined();
  });

  it('after an edit that moves rules down, every rule and example is at its line, as a reading of the whole file gives', () => {
    const dir = folder(PAIN);
    const store = memoryStore();
    loadRuleSet(configForRulesDir(dir), store);
    writeFileSync(path.join(dir, 'pain.yaml'), PAIN.replace('    words: [hassle]', '    words:\n      - hassle\n      - bother'));
    const edited = loadRuleSet(configForRulesDir(dir), store);
    expect(edited).toEqual(loadRules(dir));
    expect(edited.rules.map((rule) => [rule.id, rule.line])).toEqual([
      ['pain.hassle', 3],
      ['pain.nightmare', 10],
    ]);
  });

  it('a problem in one rule, or in the header, is reported as a reading of the whole file reports it, on every load', () => {
    const dir = folder(PAIN);
    const store = memoryStore();
    loadRuleSet(configForRulesDir(dir), store);
    writeFileSync(path.join(dir, 'pain.yaml'), PAIN.replace('    words: [nightmare]', '    wrds: [nightmare]'));
    for (let i = 0; i < 2; i++) expect(() => loadRuleSet(configForRulesDir(dir), store)).toThrow(/pain\.yaml:9:5: unknown key "wrds"/);
    writeFileSync(path.join(dir, 'pain.yaml'), PAIN.replace('category: pain', 'category: pian'));
    for (let i = 0; i < 2; i++) expect(() => loadRuleSet(configForRulesDir(dir), store)).toThrow(/pain\.yaml:1:11: `category` should be one of: .* \(did you mean "pain"\?\)/);
  });
});

describe('the compiled rule files in the cache folder', () => {
  it('reads back what it kept, and reads a damaged file as none', () => {
    const cacheDir = mkdtempSync(path.join(os.tmpdir(), 'jobmap-cache-'));
    const first = openRuleFileStore(cacheDir);
    first.set('a'.repeat(40), new Uint8Array([1, 2, 3]));
    first.save();
    expect([...openRuleFileStore(cacheDir).get('a'.repeat(40))!]).toEqual([1, 2, 3]);
    const [file] = readdirSync(cacheDir).filter((name) => name.startsWith('jobmap-rule-file-'));
    const bytes = readFileSync(path.join(cacheDir, file!));
    bytes[bytes.length - 1] = 9;
    writeFileSync(path.join(cacheDir, file!), bytes);
    expect(openRuleFileStore(cacheDir).get('a'.repeat(40))).toBeUndefined();
  });
});
