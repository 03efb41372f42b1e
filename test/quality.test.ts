import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { evaluate, type EvalReport } from '../src/eval/score.js';
import { ROOT } from './helpers.js';

/**
 * The project's own hand-labelled samples (samples/labels/) hold the default
 * rules to floors, so CI fails when a rule edit makes extraction or staging
 * worse. Four purchase interviews are labelled with journey stages, three
 * switch interviews (`stages: switch`) with switch stages and forces. The
 * floors sit a little under the figures measured when they were set; raise
 * them when the rules improve.
 */
describe('extraction quality on the labelled samples', () => {
  let report: EvalReport;
  // seven interviews under two stage models: read and analysed once for all three checks
  beforeAll(async () => {
    report = await evaluate({ gold: [path.join(ROOT, 'samples', 'labels')] });
  }, 60_000);

  it('stays above its floors', () => {
    expect(report.messages).toEqual([]);
    expect(report.transcripts).toBe(7);
    const f1 = Object.fromEntries(report.categories.map((c) => [c.category, c.f1]));
    const precision = Object.fromEntries(report.categories.map((c) => [c.category, c.precision]));
    expect(f1.job).toBeGreaterThanOrEqual(0.61);
    expect(f1.pain).toBeGreaterThanOrEqual(0.62);
    expect(f1.trigger).toBeGreaterThanOrEqual(0.7);
    expect(f1.emotion).toBeGreaterThanOrEqual(0.85);
    expect(f1.social).toBeGreaterThanOrEqual(0.69);
    expect(report.macroF1).toBeGreaterThanOrEqual(0.7);
    // job rules read a task said any way (a verb of work and its object), which finds more jobs and some shopping steps
    expect(precision.job).toBeGreaterThanOrEqual(0.58);
    for (const category of ['pain', 'emotion', 'social']) expect(precision[category], category).toBeGreaterThanOrEqual(0.8);
  });

  it('places stages from what is said, well above always answering the commonest stage', () => {
    const { stages } = report;
    const journey = stages.find((s) => s.model === 'journey')!;
    const switchModel = stages.find((s) => s.model === 'switch')!;
    expect([journey.transcripts, switchModel.transcripts]).toEqual([4, 3]);
    expect(journey.accuracy).toBeGreaterThanOrEqual(0.63);
    expect(journey.accuracy - journey.baseline.accuracy).toBeGreaterThanOrEqual(0.3);
    expect(switchModel.accuracy).toBeGreaterThanOrEqual(0.85);
    expect(switchModel.accuracy - switchModel.baseline.accuracy).toBeGreaterThanOrEqual(0.45);
  });

  it('finds the forces of the switch interviews, and names the right one', () => {
    const { forces } = report;
    expect(forces?.transcripts).toBe(3);
    expect(forces!.precision).toBeGreaterThanOrEqual(0.85);
    expect(forces!.f1).toBeGreaterThanOrEqual(0.4);
    expect(forces!.subtypeAccuracy).toBeGreaterThanOrEqual(0.9);
  });
});
