import { byEvidence, slug } from '../group/index.js';
import { compareIds } from '../group/related.js';
import { CUE_CATEGORIES } from '../categories.js';
import type { CandidateJob, JobMap, RemovedJob } from '../jobMapTypes.js';
import type { TranscriptFindings } from '../types.js';
import type { FindingDecision, JobDecision, Review } from './file.js';
import { describeAddition, resolveAdditions } from './additions.js';
import { placeAt, warningMessage, type JobmapMessage } from '../core/message.js';

export { loadReview, type Review } from './file.js';

/** The review file's name in the output folder, unless --review names another. */
export const REVIEW_FILE = 'review.yaml';

/** A decision that applies to nothing in this run; reported, and kept in the review file for when it matches again. */
export interface Unmatched {
  id: string;
  decision: string;
  at: string;
  reason: string;
}

export interface ReviewReport {
  file: string;
  decisions: number;
  applied: number;
  jobs: Record<string, number>;
  findings: Record<string, number>;
  unmatched: Unmatched[];
  /** job decisions that followed their job to a new id: its old statement is now one of its variants */
  followed: { from: string; to: string }[];
}

export interface ReviewedGroups {
  /** the results with the review's added findings that name one sentence each (the others are taken back and reported) */
  results: TranscriptFindings[];
  /** undefined when nothing was grouped (a dry run) */
  jobMap: JobMap | undefined;
  /** the decision on each finding that has one, for the transcript files */
  findingDecisions: Map<string, FindingDecision>;
  report: ReviewReport;
  /** each unmatched decision as a warning at its line of the review file */
  messages: JobmapMessage[];
}

/**
 * The review stage, around grouping: rejected findings are left out before
 * jobs are grouped (they support nothing), then job decisions are applied to
 * the candidate jobs: merges, rejections, renames, acceptances. A `group`
 * that groups nothing (undefined: a dry run) leaves the job decisions unread.
 */
export function groupReviewed(results: TranscriptFindings[], review: Review, group: (kept: TranscriptFindings[]) => JobMap | undefined): ReviewedGroups {
  const unmatched: Unmatched[] = [];
  const messages: JobmapMessage[] = [];
  const unmatchedAt = (line: number, miss: Omit<Unmatched, 'at'>) => {
    unmatched.push({ id: miss.id, decision: miss.decision, at: `${review.file}:${line}`, reason: miss.reason });
    messages.push(warningMessage('review', `${miss.id} (${miss.decision}): ${miss.reason}; kept in the review file`, { ruleId: 'unmatched', place: placeAt(review.file, line) }));
  };
  const decisionText = (d: JobDecision | FindingDecision) => (d.kind === 'rename' ? `rename to "${d.name}"` : d.kind === 'merge' ? `merge into ${d.into}` : d.kind);
  const miss = (id: string, decision: JobDecision | FindingDecision, reason: string) => unmatchedAt(decision.line, { id, decision: decisionText(decision), reason });

  const added = resolveAdditions(results, review);
  results = added.results;
  for (const { addition, reason } of added.unmatched) unmatchedAt(addition.line, { id: describeAddition(addition), decision: `add ${addition.category}`, reason });
  // a run with no review file (most runs) neither lists every finding's id nor copies every transcript's findings
  const present = review.findings.size > 0 ? new Set(results.flatMap((r) => r.findings.map((f) => f.id))) : new Set<string>();
  const findingDecisions = new Map<string, FindingDecision>(added.decisions);
  for (const [id, decision] of review.findings) {
    if (present.has(id)) findingDecisions.set(id, decision);
    else miss(id, decision, 'no finding has this id in this run (its sentence changed, its transcript was not read, or no rule fires on it now)');
  }
  const rejects = [...findingDecisions.values()].some((d) => d.kind === 'reject');
  const kept = rejects ? results.map((r) => ({ ...r, findings: r.findings.filter((f) => findingDecisions.get(f.id)?.kind !== 'reject') })) : results;
  const grouped = group(kept);
  // no grouping (a dry run): the job decisions apply to nothing, and are not reported as matching nothing
  const { jobMap, counts, followed } = grouped ? applyJobDecisions(grouped, review, miss) : { jobMap: undefined, counts: noJobDecisions(), followed: [] };

  const findingCounts = { accepted: 0, rejected: 0, ...(review.additions.length ? { added: 0 } : {}) };
  for (const d of findingDecisions.values()) findingCounts[`${d.kind}ed` as 'accepted']++;
  const decisions = review.jobs.size + review.findings.size + review.additions.length;
  return {
    results,
    jobMap,
    findingDecisions,
    report: { file: review.file, decisions, applied: decisions - unmatched.length, jobs: counts, findings: findingCounts, unmatched, followed },
    messages,
  };
}

type Miss = (id: string, decision: JobDecision, reason: string) => void;

const noJobDecisions = () => ({ accepted: 0, rejected: 0, renamed: 0, merged: 0, pending: 0 });

/** Changes the map in place: it is the one grouping just made for this run. */
function applyJobDecisions(jobMap: JobMap, review: Review, miss: Miss) {
  const jobs = new Map(jobMap.stages.flatMap((stage) => stage.jobs.map((job) => [job.id, job] as const)));
  const followed: { from: string; to: string }[] = [];
  const removed: RemovedJob[] = [];
  const counts = noJobDecisions();

  // Decisions by the id of the job they apply to now; an id whose statement changed follows it to its new id.
  const decided = new Map<string, { id: string; decision: JobDecision }>();
  for (const [id, decision] of review.jobs) {
    const job = jobs.get(id) ?? follow(id, jobs, decision, miss);
    if (!job) continue;
    if (job.id !== id) followed.push({ from: id, to: job.id });
    if (decided.has(job.id)) miss(id, decision, `${job.id} already has a decision (line ${decided.get(job.id)!.decision.line})`);
    else decided.set(job.id, { id, decision });
  }
  const decisionOf = (job: CandidateJob) => decided.get(job.id)?.decision;

  // Merges first, so a merged job's evidence counts for the job it joins, whatever is decided about that one.
  for (const [id, { id: asWritten, decision }] of decided) {
    if (decision.kind !== 'merge') continue;
    const target = finalTarget(decision.into, jobs, decided);
    if (typeof target === 'string') {
      decided.delete(id);
      miss(asWritten, decision, target);
      continue;
    }
    if (target.id === id) {
      decided.delete(id);
      miss(asWritten, decision, 'a job cannot be merged into itself');
      continue;
    }
    const source = jobs.get(id)!;
    combine(target, source);
    removed.push({ id, statement: source.statement, review: `merged into ${target.id}`, ...note(decision) });
    counts.merged++;
  }

  for (const stage of jobMap.stages) {
    stage.jobs = stage.jobs.filter((job) => {
      const decision = decisionOf(job);
      if (decision?.kind === 'merge') return false;
      if (decision?.kind === 'reject') {
        removed.push({ id: job.id, statement: job.statement, review: 'rejected', ...note(decision) });
        counts.rejected++;
        return false;
      }
      if (decision?.kind === 'rename') {
        job.review = { ...job.review, status: 'renamed', generatedStatement: job.statement, ...note(decision) };
        job.statement = decision.name;
        counts.renamed++;
      } else if (decision?.kind === 'accept') {
        job.review = { ...job.review, status: 'accepted', ...note(decision) };
        counts.accepted++;
      } else if (review.exists) {
        job.review = { ...job.review, status: 'pending' };
        counts.pending++;
      }
      return true;
    });
    stage.jobs.sort(byEvidence);
  }
  if (removed.length) jobMap.removed = removed.sort((a, b) => (a.id < b.id ? -1 : 1));
  return { jobMap, counts, followed };
}

/** A decision on an id that is gone follows the job whose variants now include the old statement, if exactly one does. */
function follow(id: string, jobs: Map<string, CandidateJob>, decision: JobDecision, miss: Miss): CandidateJob | undefined {
  const matches = [...jobs.values()].filter((job) => job.variants.some((variant) => `job.${slug(variant)}` === id));
  if (matches.length === 1) return matches[0];
  miss(
    id,
    decision,
    matches.length > 1
      ? `no job has this id; its statement is now a variant of several (${matches.map((j) => j.id).join(', ')})`
      : 'no candidate job has this id in this run (its statement changed or its evidence is gone)',
  );
  return undefined;
}

/** Where a merge ends: `a -> b -> c` merges a into c; a cycle or a missing job is the reason it cannot apply. */
function finalTarget(into: string, jobs: Map<string, CandidateJob>, decided: Map<string, { decision: JobDecision }>): CandidateJob | string {
  const seen = new Set<string>();
  let id = into;
  for (;;) {
    const job = jobs.get(id);
    if (!job) return `the job to merge into, ${id}, is not in this run`;
    const next = decided.get(id)?.decision;
    if (next?.kind !== 'merge') return job;
    if (seen.has(id)) return `merges run in a circle through ${id}`;
    seen.add(id);
    id = next.into;
  }
}

/** One job's evidence added to another's: people counted once, mentions added, quotes and cues side by side. */
function combine(target: CandidateJob, source: CandidateJob): void {
  target.speakers = [...new Set([...target.speakers, ...source.speakers])].sort();
  target.support = { participants: target.speakers.length, mentions: target.support.mentions + source.support.mentions };
  target.findings = [...target.findings, ...source.findings].sort(compareIds);
  for (const [stage, n] of Object.entries(source.stages)) target.stages[stage] = (target.stages[stage] ?? 0) + n;
  target.variants = [...new Set([...target.variants, source.statement, ...source.variants])].filter((v) => v !== target.statement);
  const unique = <T extends { at: string; text: string }>(items: T[]) => [...new Map(items.map((i) => [`${i.at} ${i.text}`, i])).values()];
  target.quotes = unique([...target.quotes, ...source.quotes]);
  for (const { id } of CUE_CATEGORIES) {
    const both = unique([...(target.cues[id] ?? []), ...(source.cues[id] ?? [])]);
    if (both.length) target.cues[id] = both;
  }
  target.review = { status: target.review?.status ?? 'pending', ...target.review, merged: [...(target.review?.merged ?? []), source.id].sort() };
}

function note(decision: JobDecision): { note?: string } {
  return decision.note === undefined ? {} : { note: decision.note };
}
