import { describe, expect, it } from 'vitest';
import { sentenceHash } from '../src/extract/ids.js';
import { extractFindings, indexRulesBySpeaker } from '../src/extract/index.js';
import { indexRules } from '../src/rules/ruleIndex.js';
import { matchSentence } from '../src/extract/match.js';
import { fixtureRules, segmentedOf, sentenceOf } from './helpers.js';

const rules = fixtureRules();
const index = indexRules(rules.rules);
const bySpeaker = indexRulesBySpeaker(rules.rules);

function statuses(text: string, role: 'participant' | 'interviewer' = 'participant') {
  return matchSentence(index, { ...sentenceOf(text), role }).map((hit) => `${hit.rule.id}:${hit.status}`);
}

describe('extract: rules on sentences', () => {
  it('fires on any inflection of a word', () => {
    expect(statuses('Setting it up was a total nightmare.')).toEqual(['pain.hassle:fired']);
    expect(statuses('I was so frustrated by the export.')).toEqual(['pain.hassle:fired']);
  });

  it('negation blocks by default: "it wasn\'t a hassle" is not a pain', () => {
    expect(statuses("Honestly it wasn't a hassle at all.")).toEqual(['pain.hassle:blocked-by-negation']);
    expect(statuses('It was never frustrating.')).toEqual(['pain.hassle:blocked-by-negation']);
  });

  it('a negated match does not hide a later one: "it wasn\'t a hassle to install, but updating is a nightmare"', () => {
    expect(statuses("It wasn't a hassle to install, but updating is a nightmare.")).toEqual(['pain.hassle:fired']);
    expect(statuses("I didn't find the export, and then I couldn't find the import either.")).toEqual(['pain.could-not:fired']);
    // with no later match the first verdict stands, so explain and eval still say why
    expect(statuses("It wasn't a hassle and it wasn't a nightmare.")).toEqual(['pain.hassle:blocked-by-negation']);
  });

  it('a negation stops at a new clause, even without a comma', () => {
    expect(statuses("It's not a perfect process and can be frustrating.")).toEqual(['pain.hassle:fired']);
    expect(statuses("It's not frustrating or slow.")).toEqual(['pain.hassle:blocked-by-negation']);
  });

  it('a negation inside an "if" or "when" clause stops at the main clause\'s subject, except in a counterfactual', () => {
    expect(statuses("If the export isn't documented it is a nightmare.")).toEqual(['pain.hassle:fired']);
    expect(statuses("When it doesn't sync we get frustrated.")).toEqual(['pain.hassle:fired']);
    // "as if" compares, it does not set a condition; a counterfactual's main clause did not happen
    expect(statuses("It was as if it wasn't a nightmare we lived through.")).toEqual(['pain.hassle:blocked-by-negation']);
    expect(statuses("If I hadn't had the script it would have been a nightmare.")).toEqual(['pain.hassle:blocked-by-negation']);
    // a negation before the condition goes on as before
    expect(statuses("I don't know if it is frustrating.")).toEqual(['pain.hassle:blocked-by-negation']);
  });

  it('a "not" that negates nothing ("more often than not", "whether or not") negates nothing, unless a negation before it is in force', () => {
    expect(statuses('More often than not the export is a nightmare.')).toEqual(['pain.hassle:fired']);
    expect(statuses('Whether or not it updates, the export is frustrating.')).toEqual(['pain.hassle:fired']);
    expect(statuses('I use it whether or not it is frustrating.')).toEqual(['pain.hassle:fired']);
    expect(statuses('It was never more often than not a nightmare.')).toEqual(['pain.hassle:blocked-by-negation']);
  });

  it('negation: require turns "I couldn\'t find" into an obstacle, and "I found" into nothing', () => {
    expect(statuses("I couldn't find the cancel link anywhere.")).toEqual(['pain.could-not:fired']);
    expect(statuses('I found the cancel link quickly.')).toEqual(['pain.could-not:needs-negation']);
  });

  it('an `unless` word blocks the rule', () => {
    expect(statuses('We kept having to copy everything by hand.')).toEqual(['pain.workaround:fired']);
    expect(statuses('We kept having to test new recipes, happily.')).toEqual(['pain.workaround:blocked-by-unless']);
  });

  it('participant-scoped rules ignore the interviewer', () => {
    expect(statuses('Was that a hassle?', 'interviewer')).toEqual(['pain.hassle:wrong-speaker']);
  });
});

describe('extract: findings', () => {
  const segmented = segmentedOf(
    [
      'Interviewer: Was setup a hassle?',
      'Participant: Oh, it was a nightmare. I kept having to re-enter the receipts,',
      'and I was trying to get the invoices out before month-end.',
    ].join('\n'),
  );
  const findings = extractFindings(segmented, bySpeaker);

  it('records category, subtype, match, rules, confidence and where it was said', () => {
    const wrapped = 'I kept having to re-enter the receipts,\nand I was trying to get the invoices out before month-end.';
    expect(findings.map((f) => [f.id, f.category, f.subtype ?? '', f.match])).toEqual([
      [`interview#${sentenceHash('Oh, it was a nightmare.')}.pain`, 'pain', 'struggle', 'nightmare'],
      [`interview#${sentenceHash(wrapped)}.job`, 'job', '', 'trying to get'],
      [`interview#${sentenceHash(wrapped)}.pain`, 'pain', 'workaround', 'I kept having to re-enter'],
    ]);
    expect(findings[0]).toMatchObject({
      sentence: 'Oh, it was a nightmare.',
      rules: ['pain.hassle'],
      confidence: 0.8,
      evidence: { file: 'interview.txt', line: 2, column: 14, speaker: 'Participant', turn: 1, sentence: 1, start: 0 },
    });
    // one sentence wraps onto line 3; its evidence points at where it starts
    expect(findings[1]!.sentence).toContain('\nand I was trying');
    expect(findings[1]!.evidence.line).toBe(2);
  });

  it('keeps finding ids when lines are added above, and tells a repeated sentence apart', () => {
    const edited = segmentedOf(
      [
        'Interviewer: Thanks for joining. Was setup a hassle?',
        'Participant: Hi! Happy to help.',
        'Participant: Oh, it was a nightmare. I kept having to re-enter the receipts,',
        'and I was trying to get the invoices out before month-end. Oh, it was a NIGHTMARE.',
      ].join('\n'),
    );
    const ids = extractFindings(edited, bySpeaker).map((f) => f.id);
    expect(ids).toEqual(expect.arrayContaining(findings.map((f) => f.id)));
    expect(ids).toContain(`${findings[0]!.id}-2`);
  });

  it('does not take findings from the interviewer', () => {
    expect(findings.every((f) => f.evidence.speaker === 'Participant')).toBe(true);
  });

  it('leaves out findings under the confidence threshold (min_confidence)', () => {
    // job.trying-to weighs 0.7, pain.hassle 0.8, the workaround pain 0.7 + nothing else
    expect(extractFindings(segmented, bySpeaker, 0.75).map((f) => f.match)).toEqual(['nightmare']);
    expect(extractFindings(segmented, bySpeaker, 0)).toHaveLength(3);
  });
});
