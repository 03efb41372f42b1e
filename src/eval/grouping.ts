import { groupJobs } from '../group/index.js';
import type { GroupingRules } from '../group/index.js';
import type { LabelledTranscript } from './collect.js';
import { bcubed, round } from './measures.js';

export interface GroupingScore {
  /** labelled job sentences with a `job:` group that the rules found as jobs: what is scored */
  sentences: number;
  /** researcher's groups among them, and the rules' candidate jobs among them */
  groups: number;
  candidateJobs: number;
  precision: number;
  recall: number;
  f1: number;
  /**
   * The same measure with every candidate job and every labelled job cut at
   * participants: how the rules group one person's mentions, and the best a
   * grouping that never joins two people could score (the labelled jobs so
   * cut). What lies between these and the whole figures is joining people.
   */
  withinParticipants: { precision: number; recall: number; f1: number; ceiling: number };
  /** candidate jobs holding sentences of several researcher's jobs, most mixed first */
  merges: { job: string; groups: Record<string, number> }[];
  /** researcher's jobs spread over several candidate jobs, most spread first */
  splits: { group: string; jobs: Record<string, number> }[];
}

const LISTED = 10;

/**
 * How the candidate jobs group the labelled job sentences, against the
 * researcher's `job:` groups, by B-cubed precision and recall. A found job
 * sentence outside every candidate job (its statement is no job) stands alone.
 */
export function scoreGrouping(items: LabelledTranscript[], rules: GroupingRules): GroupingScore | undefined {
  const jobMap = groupJobs(
    items.map((item) => item.result),
    rules,
  );
  const jobOf = new Map<string, { id: string; statement: string }>();
  for (const stage of jobMap.stages) for (const job of stage.jobs) for (const id of job.findings) jobOf.set(id, job);
  const scored: { cluster: string; group: string; clusterName: string; participant: string }[] = [];
  for (const item of items) {
    item.gold.sentences.forEach((g, i) => {
      if (!g.job || !g.labels.includes('job')) return;
      const finding = (item.aligned[i] ?? []).flatMap((s) => item.findings.filter((f) => f.evidence.sentence === s && f.category === 'job'))[0];
      if (!finding) return;
      const job = jobOf.get(finding.id);
      scored.push({
        cluster: job?.id ?? finding.id,
        clusterName: job?.statement ?? `(no job) ${finding.statement ?? finding.sentence}`,
        group: g.job,
        participant: item.result.transcript.id,
      });
    });
  }
  const measured = bcubed(scored);
  if (!measured) return undefined;
  // clusters cut at participants (labelled jobs stay whole, so recall is against the same groups as above)
  const perParticipant = (clusterOf: (s: (typeof scored)[number]) => string) => bcubed(scored.map((s) => ({ cluster: `${clusterOf(s)}\u0000${s.participant}`, group: s.group })))!;
  const within = perParticipant((s) => s.cluster);
  const ceiling = perParticipant((s) => s.group);
  const crossTab = (key: 'cluster' | 'group', other: 'clusterName' | 'group') => {
    const table = new Map<string, Record<string, number>>();
    for (const item of scored) {
      const row = table.get(item[key]) ?? {};
      row[item[other]] = (row[item[other]] ?? 0) + 1;
      table.set(item[key], row);
    }
    return table;
  };
  const names = new Map(scored.map((s) => [s.cluster, s.clusterName]));
  const mixed = (row: Record<string, number>) => Object.keys(row).length;
  const merges = [...crossTab('cluster', 'group')]
    .filter(([, row]) => mixed(row) > 1)
    .sort((a, b) => mixed(b[1]) - mixed(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, LISTED)
    .map(([cluster, groups]) => ({ job: names.get(cluster)!, groups }));
  const splits = [...crossTab('group', 'clusterName')]
    .filter(([, row]) => mixed(row) > 1)
    .sort((a, b) => mixed(b[1]) - mixed(a[1]) || (a[0] < b[0] ? -1 : 1))
    .slice(0, LISTED)
    .map(([group, jobs]) => ({ group, jobs }));
  return {
    sentences: scored.length,
    groups: new Set(scored.map((s) => s.group)).size,
    candidateJobs: new Set(scored.map((s) => s.cluster)).size,
    precision: round(measured.precision),
    recall: round(measured.recall),
    f1: round(measured.f1),
    withinParticipants: { precision: round(within.precision), recall: round(within.recall), f1: round(within.f1), ceiling: round(ceiling.f1) },
    merges,
    splits,
  };
}
