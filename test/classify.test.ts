import { describe, expect, it } from 'vitest';
import { classifyFindings } from '../src/classify/index.js';
import { extractFindings, indexRulesBySpeaker } from '../src/extract/index.js';
import { FIXTURES, fixtureRules, segmentedOf } from './helpers.js';

const rules = fixtureRules();
rules.dimensions = {
  defaultDimension: 'functional',
  dimensions: [{ id: 'emotional', cues: [(await import('../src/rules/matchers.js')).wordMatcher('worry')] }],
};

function classify(text: string) {
  const segmented = segmentedOf(text);
  return classifyFindings(segmented, extractFindings(segmented, indexRulesBySpeaker(rules.rules)), rules).map((f) => ({
    category: f.category,
    stage: f.stage,
    because: f.stageBecause,
    dimension: f.dimension,
  }));
}

describe('classify: journey stage', () => {
  it("takes the stage from the sentence's own cue first", () => {
    expect(classify('Interviewer: How did you first hear about it?\nParticipant: I wanted to cancel because the boxes were a hassle.')).toEqual([
      { category: 'pain', stage: 'post_purchase', because: 'sentence has word "cancel"', dimension: undefined },
    ]);
  });

  it("then from the interviewer's preceding question", () => {
    expect(classify('Interviewer: Thanks. How did you first hear about it?\nParticipant: Honestly the old app was a nightmare.')).toEqual([
      { category: 'pain', stage: 'awareness', because: 'question has phrase "how did you first hear"', dimension: undefined },
    ]);
  });

  it("not from another sentence's cues: without a cue, a time or a question that speaks, the default stage", () => {
    const found = classify(
      'Interviewer: Go on?\nParticipant: We started a trial in March. The setup was a nightmare.\nInterviewer: And?\nParticipant: It was a hassle every week.',
    );
    expect(found.map((f) => [f.stage, f.because])).toEqual([
      ['use', 'no stage cue and no time; default stage'],
      ['use', 'no stage cue and no time; default stage'],
    ]);
  });
});

describe('classify: position only where a model opts in', () => {
  async function placed(byPosition: boolean) {
    const { loadRules } = await import('../src/rules/load.js');
    const { mkdtempSync, writeFileSync, copyFileSync } = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = mkdtempSync(path.join(os.tmpdir(), 'jobmap-stages-'));
    copyFileSync(path.join(FIXTURES, 'rules', 'pain.yaml'), path.join(dir, 'pain.yaml'));
    writeFileSync(path.join(dir, 'stages.yaml'), `model: m\ndefault: use\nby_position: ${byPosition}\nstages:\n  - id: awareness\n    position: [0, 0.3]\n  - id: use\n`);
    const positional = loadRules(dir);
    const segmented = segmentedOf('Participant: What a nightmare.\nInterviewer: And then?\nParticipant: Fine.\nInterviewer: Later?\nParticipant: Another nightmare.');
    const found = classifyFindings(segmented, extractFindings(segmented, indexRulesBySpeaker(positional.rules)), positional);
    return found.map((f) => [f.stage, f.stageBecause]);
  }

  it('with `by_position: true`, the stage whose range holds the sentence decides when nothing else does', async () => {
    expect(await placed(true)).toEqual([
      ['awareness', 'position 0.00 in the interview'],
      ['use', 'no stage cue and no time; default stage'],
    ]);
  });

  it('without it, where a sentence comes up says nothing', async () => {
    expect(await placed(false)).toEqual([
      ['use', 'no stage cue and no time; default stage'],
      ['use', 'no stage cue and no time; default stage'],
    ]);
  });
});

describe('classify: job dimension', () => {
  it('is functional unless an emotional or social cue is present', () => {
    expect(classify('Participant: I was trying to get the invoices out.')[0]!.dimension).toBe('functional');
    expect(classify('Participant: I was trying to stop worrying about money.')[0]!.dimension).toBe('emotional');
  });
});
