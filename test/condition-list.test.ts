import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeHit } from '../src/extract/examples.js';
import { firedRules, matchSentence, stopNotes, type RuleHit } from '../src/extract/match.js';
import { findTranscripts, readTranscripts } from '../src/ingest/index.js';
import { CONDITIONS, compileConditions } from '../src/rules/conditions/index.js';
import { loadRules } from '../src/rules/load.js';
import { indexRules } from '../src/rules/ruleIndex.js';
import { segmentTranscript } from '../src/segment/index.js';
import type { Sentence } from '../src/types.js';
import { folderOf, MINIMAL_STAGES, problemsOf, ROOT, segmentedOf, sentenceOf } from './helpers.js';

const HEDGES = 'lexicon: hedges\nwords: [maybe]\n';
const KEYS = CONDITIONS.map((condition) => condition.key);

/** The rules of one category file, loaded beside a stage model and a hedges lexicon. */
function rulesOf(ruleFile: string) {
  return loadRules(folderOf({ 'stages.yaml': MINIMAL_STAGES, 'lexicons/hedges.yaml': HEDGES, 'rules.yaml': ruleFile })).rules;
}

describe('the condition list: one module per condition, read by the schema, the matcher and explain', () => {
  it('every listed condition declares its key, reader, check and explanation', () => {
    for (const condition of CONDITIONS) {
      expect(condition.key, condition.key).toMatch(/^[a-z]+(_[a-z]+)*$/);
      expect([typeof condition.read, typeof condition.compile, typeof condition.explain], condition.key).toEqual(['function', 'function', 'function']);
      expect(['blocked', 'skipped'], condition.key).toContain(condition.verdict);
      expect(['sentence', 'context', 'match'], condition.key).toContain(condition.reads);
    }
    expect(new Set(KEYS).size).toBe(KEYS.length);
  });

  it('a rule may write exactly the listed conditions, beside its own keys and its cues', () => {
    const dir = folderOf({ 'stages.yaml': MINIMAL_STAGES, 'p.yaml': 'category: pain\nrules:\n  - id: pain.x\n    words: [hassle]\n    bogus: 1\n' });
    const [problem] = problemsOf(() => loadRules(dir), dir + path.sep);
    const expected = problem?.replace(/^.*expected one of: /, '').split(', ');
    const own = ['id', 'description', 'subtype', 'words', 'phrases', 'patterns', 'regex', 'weight', 'examples', 'disabled'];
    expect(expected?.filter((key) => !own.includes(key))).toEqual(KEYS);
  });

  it("a rule that writes none of them gets each condition's fallback, and is checked for speaker and negation alone", () => {
    const [rule] = rulesOf('category: pain\nrules:\n  - id: pain.x\n    words: [hassle]\n');
    expect(rule!.conditions).toEqual(Object.fromEntries(CONDITIONS.map((condition) => [condition.key, condition.fallback])));
    const compiled = compileConditions(rule!.conditions);
    expect(compiled.checks.map(({ condition }) => condition.key)).toEqual(['speaker', 'negation']);
    expect(compiled.matchChecks.map(({ condition }) => condition.key)).toEqual(['negation']);
    expect([compiled.contextChecks.length, compiled.sentenceChecks.length]).toEqual([0, 1]);
  });

  it('docs/rules.md has a section for each', () => {
    const headings = readFileSync(path.join(ROOT, 'docs/rules.md'), 'utf8')
      .split('\n')
      .filter((line) => line.startsWith('### '));
    for (const key of KEYS)
      expect(
        headings.some((heading) => heading.includes(`\`${key}\``)),
        key,
      ).toBe(true);
  });
});

describe('explain says which condition stopped a rule, and why', () => {
  const rule = (conditions: string) => `category: job\nrules:\n  - id: job.switch\n    words: [switch]\n${conditions.replace(/^/gm, '    ')}\n`;
  /** A rule with one condition, a sentence (or dialogue) that fails it, and what explain says. */
  const cases: { key: string; conditions: string; text: string; said: string }[] = [
    { key: 'speaker', conditions: 'speaker: interviewer', text: 'We had to switch.', said: 'wrong-speaker on "switch"' },
    { key: 'unless', conditions: 'unless: [cheaper]', text: 'We had to switch to the cheaper plan.', said: 'blocked-by-unless on "switch" (unless "cheaper")' },
    { key: 'negation', conditions: 'negation: block', text: "We didn't switch.", said: 'blocked-by-negation on "switch"' },
    { key: 'negation', conditions: 'negation: require', text: 'We had to switch.', said: 'needs-negation on "switch"' },
    { key: 'questions', conditions: 'questions: skip', text: 'Why would I switch?', said: 'blocked-by-question on "switch"' },
    { key: 'questions', conditions: 'questions: only', text: 'We had to switch.', said: 'needs-context on "switch" (not a question)' },
    { key: 'hedges', conditions: 'hedges: skip', text: 'Maybe we will switch.', said: 'blocked-by-hedge on "switch" (hedge "maybe")' },
    { key: 'hedges', conditions: 'hedges: only', text: 'We had to switch.', said: 'needs-context on "switch" (no hedge)' },
    { key: 'requires', conditions: 'requires: [{ name: time cue, words: [when] }]', text: 'We had to switch.', said: 'needs-context on "switch" (no time cue (requires))' },
    { key: 'near', conditions: 'near: { within: 1, words: [broken] }', text: 'We had to switch.', said: 'needs-context on "switch" (no `near` cue within 1 sentence(s))' },
    {
      key: 'after_question',
      conditions: 'after_question: { words: [tool] }',
      text: 'Interviewer: Why?\nParticipant: We had to switch.',
      said: 'needs-context on "switch" (the question before has no `after_question` cue)',
    },
  ];

  it('covers every listed condition', () => {
    expect([...new Set(cases.map((c) => c.key))]).toEqual(KEYS);
  });

  it.each(cases)('$conditions: $said', ({ key, conditions, text, said }) => {
    const index = indexRules(rulesOf(rule(conditions)));
    const { sentences } = text.includes('\n') ? segmentedOf(text) : { sentences: [sentenceOf(text)] };
    const sentence = sentences.find((s) => s.role === 'participant')!;
    const [hit] = matchSentence(index, sentence, sentences);
    expect(hit?.condition?.key).toBe(key);
    expect(describeHit(hit!, sentence.text)).toBe(said);
    expect(firedRules(index, sentence, sentences)).toEqual([]);
  });
});

describe('firedRules: the rules matchSentence says fired, on the same words, and with notes those it says matched and were stopped', () => {
  /** `rule @ span` of each fired rule. */
  const fired = (hits: RuleHit[]) => hits.filter((hit) => hit.status === 'fired').map((hit) => `${hit.rule.id}@${hit.span.join('-')}`);
  const stopped = (hits: RuleHit[]) =>
    hits
      .filter((hit) => hit.status !== 'fired')
      .map((hit) => hit.rule.id)
      .sort();

  it('on every sentence of the samples, with the shipped rules', async () => {
    const index = indexRules(loadRules().rules);
    const { sources } = await findTranscripts(path.join(ROOT, 'samples'));
    let firedCount = 0;
    let stoppedCount = 0;
    for (const source of sources) {
      for (const transcript of (await readTranscripts(source)).transcripts) {
        const { sentences } = segmentTranscript(transcript);
        for (const sentence of sentences) {
          const all = matchSentence(index, sentence, sentences);
          expect(fired(firedRules(index, sentence, sentences)), where(sentence)).toEqual(fired(all));
          // what stats counts blocked: a rule whose words matched and a condition stopped, a context before its words were searched too
          const notes = stopNotes();
          expect(fired(firedRules(index, sentence, sentences, notes)), where(sentence)).toEqual(fired(all));
          expect([...notes.blocked.keys()].map((rule) => rule.id).sort(), where(sentence)).toEqual(stopped(all));
          firedCount += fired(all).length;
          stoppedCount += all.length - fired(all).length;
        }
      }
    }
    // enough of both that the comparison means something
    expect(firedCount).toBeGreaterThan(500);
    expect(stoppedCount).toBeGreaterThan(500);
  });
});

function where(sentence: Sentence): string {
  return `${sentence.location.file}:${sentence.location.line}: ${sentence.text}`;
}
