import type { StageModel } from '../rules/types.js';
import type { CandidateJob, ClassifiedFinding, JobMap, Quote, TranscriptFindings } from '../types.js';
import { clusterStatements } from './cluster.js';
import { isJobStatement } from '../classify/statement.js';
import { at, clip, compareIds, nearFindings, topCues, when } from './related.js';
import { jobStory } from './story.js';

interface Mention {
  finding: ClassifiedFinding;
  statement: string;
  participant: string;
  /** the transcript's other findings, for cues near the job */
  neighbours: ClassifiedFinding[];
}

const MAX_QUOTES = 3;
const MAX_VARIANTS = 5;

/** Normalises job statements, clusters them across transcripts, and files each cluster under its stage. */
export function groupJobs(results: TranscriptFindings[], model: StageModel): JobMap {
  const mentions: Mention[] = results.flatMap(({ transcript, findings }) =>
    findings
      .filter((f) => f.category === 'job')
      .map((finding) => ({
        finding,
        statement: finding.statement ?? finding.sentence,
        participant: `${transcript.id}/${finding.evidence.speaker}`,
        neighbours: findings,
      })),
  );
  const order = model.stages.map((stage) => stage.id);
  // "check", "do this" or "with my research" is no job; such findings stay in the transcript files only.
  const meaningful = mentions.filter((m) => isJobStatement(m.statement));
  const jobs = clusterStatements(meaningful).map((cluster) => candidateJob(cluster, order));
  assignIds(jobs);
  return {
    model: model.model,
    stages: order.map((id) => ({
      id,
      jobs: jobs.filter((job) => job.stage === id).sort(byEvidence),
    })),
  };
}

/** Most people first, then most mentions; ties in id order. */
export function byEvidence(a: CandidateJob, b: CandidateJob): number {
  return b.support.participants - a.support.participants || b.support.mentions - a.support.mentions || compareIds(a.id, b.id);
}

function candidateJob(cluster: Mention[], order: string[]): CandidateJob {
  const statements = tally(cluster.map((m) => m.statement));
  const statement = statements[0]!;
  const stages = Object.fromEntries(
    order.map((id) => [id, cluster.filter((m) => m.finding.stage === id).length] as const).filter(([, n]) => n > 0),
  );
  const stage = order.reduce((best, id) => ((stages[id] ?? 0) > (stages[best] ?? 0) ? id : best), order[0]!);
  const near = cluster.flatMap((m) =>
    nearFindings(m.finding, m.neighbours).map((finding) => ({ finding, sameTurn: finding.evidence.turn === m.finding.evidence.turn })),
  );
  const cues = {
    pains: topCues('pain', near),
    triggers: topCues('trigger', near),
    emotions: topCues('emotion', near),
    social: topCues('social', near),
    outcomes: topCues('outcome', near),
  };
  // A story claims the trigger and outcome belong to this job, so only the job's own answer may supply them.
  const strongest = (category: string) =>
    near
      .filter((n) => n.sameTurn && n.finding.category === category)
      .sort((a, b) => b.finding.confidence - a.finding.confidence || compareIds(a.finding.id, b.finding.id))[0]?.finding;
  const story = jobStory(statement, strongest('trigger'), strongest('outcome'));
  return {
    id: '',
    stage,
    statement,
    dimension: tally(cluster.map((m) => m.finding.dimension ?? 'functional'))[0]!,
    support: { participants: new Set(cluster.map((m) => m.participant)).size, mentions: cluster.length },
    speakers: [...new Set(cluster.map((m) => m.participant))].sort(),
    findings: cluster.map((m) => m.finding.id).sort(compareIds),
    stages,
    variants: statements.slice(1, 1 + MAX_VARIANTS),
    quotes: quotes(cluster),
    ...cues,
    ...(story ? { story } : {}),
  };
}

/** Distinct values, most frequent first; ties go to the shorter, then alphabetical. */
function tally(values: string[]): string[] {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].length - b[0].length || compareIds(a[0], b[0])).map(([v]) => v);
}

/** The surest quotes, one per participant before a second from anyone. */
function quotes(cluster: Mention[]): Quote[] {
  const ranked = [...cluster].sort((a, b) => b.finding.confidence - a.finding.confidence || compareIds(a.finding.id, b.finding.id));
  const picked: Mention[] = [];
  const seen = new Set<string>();
  for (const m of ranked) if (!seen.has(m.participant) && picked.length < MAX_QUOTES) { picked.push(m); seen.add(m.participant); }
  for (const m of ranked) if (!picked.includes(m) && picked.length < MAX_QUOTES) picked.push(m);
  return picked.map(({ finding }) => ({
    text: clip(finding.sentence, 300),
    transcript: finding.transcript,
    at: at(finding),
    ...when(finding),
    speaker: finding.evidence.speaker,
  }));
}

/** Readable ids from the statement ("job.find-cheaper-plan-team"), made unique in a stable order. */
function assignIds(jobs: CandidateJob[]): void {
  const sorted = [...jobs].sort((a, b) => compareIds(a.statement, b.statement) || compareIds(a.quotes[0]?.at ?? '', b.quotes[0]?.at ?? ''));
  const used = new Set<string>();
  for (const job of sorted) {
    const base = 'job.' + slug(job.statement);
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    job.id = id;
  }
}

const SLUG_STOPWORDS = new Set(['a', 'an', 'the', 'my', 'our', 'to', 'of', 'for', 'and', 'it', 'that', 'with', 'on', 'in']);

export function slug(statement: string): string {
  const words = (statement.toLowerCase().match(/[a-z0-9]+/g) ?? []).filter((w) => !SLUG_STOPWORDS.has(w));
  return words.slice(0, 6).join('-') || 'job';
}
