import { describeMessage, type JobmapMessage } from '../core/message.js';
import { CATEGORIES, reportedCategories } from '../categories.js';
import { STAGE_EVIDENCE, type TranscriptFindings } from '../types.js';
import type { JobMap } from '../jobMapTypes.js';

/**
 * Counts a team looks at first: how much was found, where on the journey, by
 * which rules; and the files skipped and ignored, from the run's messages.
 */
export function summarise(results: TranscriptFindings[], jobMap: JobMap, messages: JobmapMessage[], ruleIds: string[]) {
  const listed = (kind: string) => messages.filter((m) => m.source === 'ingest' && m.ruleId === kind);
  // as summary.yaml has always listed them: a skipped file with its whole line, an ignored one with its reason
  const skipped = listed('skipped').map((m) => ({ file: m.place?.file ?? '', error: describeMessage(m) }));
  const ignored = listed('ignored').map((m) => ({ file: m.place?.file ?? '', reason: m.reason }));
  const findings = results.flatMap((r) => r.findings);
  // one pass: a large study has tens of thousands of findings
  const byCategory = new Counts();
  const byRule = new Counts();
  const byEvidence = new Counts();
  const byStage = new Map<string, Counts>();
  for (const f of findings) {
    byCategory.add(f.category);
    for (const id of f.rules) byRule.add(id);
    byEvidence.add(f.stageEvidence);
    let here = byStage.get(f.stage);
    if (!here) byStage.set(f.stage, (here = new Counts()));
    here.add(f.category);
  }
  return {
    transcripts: results.length,
    sentences: results.reduce((sum, r) => sum + r.sentenceCount, 0),
    findings: findings.length,
    categories: Object.fromEntries(reportedCategories(byCategory.record()).map((c) => [c, byCategory.of(c)])),
    stages: Object.fromEntries(
      jobMap.stages.map((stage) => {
        const here = byStage.get(stage.id) ?? new Counts();
        return [stage.id, { findings: here.total, candidate_jobs: stage.jobs.length, ...Object.fromEntries(CATEGORIES.filter((c) => here.of(c)).map((c) => [c, here.of(c)])) }];
      }),
    ),
    // what decided the stages, strongest evidence first: how much rests on what was said, how much on the default
    stages_decided_by: Object.fromEntries(STAGE_EVIDENCE.filter((e) => byEvidence.of(e)).map((e) => [e, byEvidence.of(e)])),
    rules: Object.fromEntries([...ruleIds].sort().map((id) => [id, byRule.of(id)])),
    ...(skipped.length ? { skipped } : {}),
    ...(ignored.length ? { ignored } : {}),
  };
}

/** How many times each key was added, and in all. */
class Counts {
  private readonly counts = new Map<string, number>();
  total = 0;

  add(key: string): void {
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.total++;
  }

  of(key: string): number {
    return this.counts.get(key) ?? 0;
  }

  record(): Record<string, number> {
    return Object.fromEntries(this.counts);
  }
}
