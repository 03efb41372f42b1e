import { describeMessage, type JobmapMessage } from '../core/message.js';
import { CATEGORIES, reportedCategories, STAGE_EVIDENCE, type JobMap, type TranscriptFindings } from '../types.js';

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
  const count = <T>(items: T[], key: (item: T) => string) => {
    const counts: Record<string, number> = {};
    for (const item of items) counts[key(item)] = (counts[key(item)] ?? 0) + 1;
    return counts;
  };
  const byCategory = count(findings, (f) => f.category);
  const byRule = count(
    findings.flatMap((f) => f.rules),
    (id) => id,
  );
  const byEvidence = count(findings, (f) => f.stageEvidence);
  return {
    transcripts: results.length,
    sentences: results.reduce((sum, r) => sum + r.sentenceCount, 0),
    findings: findings.length,
    categories: Object.fromEntries(reportedCategories(byCategory).map((c) => [c, byCategory[c] ?? 0])),
    stages: Object.fromEntries(
      jobMap.stages.map((stage) => {
        const here = findings.filter((f) => f.stage === stage.id);
        const perCategory = count(here, (f) => f.category);
        return [
          stage.id,
          { findings: here.length, candidate_jobs: stage.jobs.length, ...Object.fromEntries(CATEGORIES.filter((c) => perCategory[c]).map((c) => [c, perCategory[c]])) },
        ];
      }),
    ),
    // what decided the stages, strongest evidence first: how much rests on what was said, how much on the default
    stages_decided_by: Object.fromEntries(STAGE_EVIDENCE.filter((e) => byEvidence[e]).map((e) => [e, byEvidence[e]])),
    rules: Object.fromEntries([...ruleIds].sort().map((id) => [id, byRule[id] ?? 0])),
    ...(skipped.length ? { skipped } : {}),
    ...(ignored.length ? { ignored } : {}),
  };
}
