import { mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { defaultConfig } from '../src/config.js';
import { readTranscripts } from '../src/ingest/index.js';
import { loadRuleSet } from '../src/rules/load.js';
import { run } from '../src/pipeline.js';
import { transcriptAnalyser } from '../src/run/analyse.js';
import type { ClassifiedFinding } from '../src/types.js';
import { ROOT, transcriptOf } from './helpers.js';

/** The shipped rules with the switch model, which switches the four forces on by itself. */
const switchRules = loadRuleSet({ ...defaultConfig(), stages: { value: 'switch' } });
const analyse = transcriptAnalyser(switchRules);

async function sample(file: string): Promise<ClassifiedFinding[]> {
  const absolutePath = path.join(ROOT, 'samples', file);
  const { transcripts } = await readTranscripts({ id: file.replace(/\.\w+$/, ''), file, absolutePath });
  return analyse(transcripts[0]!).findings;
}

/** The stage of a sentence, and the force it voices (if any): what a switch interviewer would write on the timeline. */
function placed(findings: ClassifiedFinding[], start: string): { stage: string; force?: string } {
  const here = findings.filter((f) => f.sentence.startsWith(start));
  if (here.length === 0) throw new Error(`no finding on "${start}"`);
  const force = here.find((f) => f.category === 'force')?.subtype;
  return { stage: here[0]!.stage, ...(force ? { force } : {}) };
}

describe('a switch interview told backwards lands each part of the story on its own stage', () => {
  // samples/16-payroll-service-switch.txt starts at today, then goes back to the first payroll, the
  // signing, the demos, the study club, the penalty notice, and last the nine years before.
  it('the old way, before any thought of changing: old_solution', async () => {
    const findings = await sample('16-payroll-service-switch.txt');
    expect(placed(findings, "It's what we knew.")).toEqual({ stage: 'old_solution', force: 'habit' });
    expect(placed(findings, 'Nobody questioned it because it always kind of worked.')).toEqual({ stage: 'old_solution', force: 'habit' });
    expect(placed(findings, "If there was a mistake, I'd find out when somebody came to my desk.").stage).toBe('old_solution');
  });

  it('the first thought, pushed by what went wrong: first_thought', async () => {
    const findings = await sample('16-payroll-service-switch.txt');
    expect(placed(findings, 'That was the moment.')).toEqual({ stage: 'first_thought', force: 'push' });
    expect(placed(findings, 'Last summer we got a penalty notice')).toEqual({ stage: 'first_thought', force: 'push' });
  });

  it('hearing about it without acting, then looking for real: passive_looking, active_looking', async () => {
    const findings = await sample('16-payroll-service-switch.txt');
    expect(placed(findings, "For a year or more I'd hear people say").stage).toBe('passive_looking');
    expect(placed(findings, "I didn't pay much attention.")).toEqual({ stage: 'passive_looking', force: 'habit' });
    expect(placed(findings, 'I also asked two other office managers what they use, and I read the reviews').stage).toBe('active_looking');
  });

  it('the decision, with what pulled and what held back: deciding', async () => {
    const findings = await sample('16-payroll-service-switch.txt');
    expect(placed(findings, 'Honestly, they were the only one that would move')).toEqual({ stage: 'deciding', force: 'pull' });
    expect(placed(findings, 'Oh, I was nervous about the taxes the whole time.')).toEqual({ stage: 'deciding', force: 'anxiety' });
    expect(placed(findings, "I'd read horror stories on the office managers forum.")).toEqual({ stage: 'deciding', force: 'anxiety' });
  });

  it('and each says why', async () => {
    const findings = await sample('16-payroll-service-switch.txt');
    const why = (start: string) => findings.find((f) => f.sentence.startsWith(start))!.stageBecause;
    expect(why("It's what we knew.")).toBe('sentence has phrase "what we knew"');
    expect(why('If there was a mistake')).toBe('question has phrase "before all that"');
  });
});

describe('a switch interview that starts at the purchase and jumps back', () => {
  it('hearing-aid interview: the school play is the first thought, the ads ignored are passive looking, the quote is active looking', async () => {
    const findings = await sample('14-hearing-aids-switch.vtt');
    expect(placed(findings, "And I sat in the third row and I couldn't hear one word of it.").stage).toBe('first_thought');
    expect(placed(findings, 'My brother-in-law Frank has had hearing aids for years').stage).toBe('passive_looking');
    expect(placed(findings, 'She tested me, moderate loss in both ears').stage).toBe('active_looking');
    expect(placed(findings, "And I was worried I'd look old.")).toEqual({ stage: 'deciding', force: 'anxiety' });
    expect(placed(findings, "I wish I'd done it five years ago, honestly.").stage).toBe('satisfaction');
  });

  it('bakery interview: Easter is the first thought, the bumpy first weeks are consuming, telling other bakers is satisfaction', async () => {
    const findings = await sample('15-bakery-preorders-switch.md');
    expect(placed(findings, "That night I sat in the car outside the bakery and thought, I can't keep doing it like this.")).toEqual({ stage: 'first_thought', force: 'push' });
    expect(placed(findings, 'And my husband, Ruben, he does the books').stage).toBe('deciding');
    // "ordered" is a cue of deciding, but the answer is set "last year", before the switch, and asked when the old way stopped working
    const buns = findings.find((f) => f.sentence.startsWith('A woman ordered forty hot cross buns'))!;
    expect([buns.stage, buns.stageBecause]).toEqual([
      'first_thought',
      'question has phrase "when did that stop working", and the answer so far is before the anchor: "Last year" (line 26); its word "ordered" (deciding) does not fit that time',
    ]);
    expect(placed(findings, "because they didn't trust the email.").stage).toBe('consuming');
    expect(placed(findings, 'Two of them switched after I posted our Saturday numbers.').stage).toBe('satisfaction');
  });
});

describe('time beats a stage cue that does not fit it', () => {
  it('"four years ago we bought the cheap one" is the old solution, not this decision, once the purchase is dated', () => {
    const transcript = transcriptOf(
      [
        'Interviewer: So you bought the new mattress about two weeks ago?',
        'Participant: Yes, two weeks on Saturday, we ordered it online.',
        'Interviewer: What about the one before?',
        'Participant: Four years ago we bought one at Costco, the cheap one, and honestly it was a nightmare. It sagged in the middle within a year and I woke up with a sore back every single day.',
      ].join('\n'),
    );
    const findings = analyse(transcript).findings.filter((f) => f.category === 'pain');
    expect(findings.map((f) => [f.sentence.slice(0, 30), f.stage, f.stageBecause])).toEqual([
      [
        'Four years ago we bought one a',
        'old_solution',
        'sentence is before the anchor: "Four years ago" (compared with when the anchor was); its phrase "bought one" (deciding) does not fit that time',
      ],
      ['It sagged in the middle within', 'old_solution', 'answer so far is before the anchor: "Four years ago" (line 4)'],
    ]);
    expect(findings[1]!.timing).toEqual({ tense: 'past', when: 'before', words: 'Four years ago', from: 'interview.txt:4' });
  });
});

describe('the forces reach the map', () => {
  it('a candidate job of a switch study carries the forces said near it, in jobs.yaml and on its card', async () => {
    const out = mkdtempSync(path.join(os.tmpdir(), 'jobmap-forces-'));
    const input = path.join(ROOT, 'samples', '16-payroll-service-switch.txt');
    await run({ input, outDir: out, config: { ...defaultConfig(), stages: { value: 'switch' } }, cacheDir: false, threads: 1 });
    const jobs = (parse(readFileSync(path.join(out, 'jobs.yaml'), 'utf8')) as { stages: { jobs: { forces?: { subtype: string }[] }[] }[] }).stages.flatMap((s) => s.jobs);
    const forces = jobs.flatMap((job) => job.forces ?? []).map((force) => force.subtype);
    expect(forces.length).toBeGreaterThan(0);
    expect(forces.every((force) => ['push', 'pull', 'anxiety', 'habit'].includes(force))).toBe(true);
    const html = readFileSync(path.join(out, 'report.html'), 'utf8');
    expect(html).toContain('["forces","Forces","force","forces"]');
  });
});
