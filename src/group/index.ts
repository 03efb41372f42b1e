import type { RuleSet } from '../rules/types.js';
import { wordVectors } from '../segment/vectors.js';
import type { CandidateJob, JobMap, Quote } from '../jobMapTypes.js';
import type { ClassifiedFinding, TranscriptFindings } from '../types.js';
import { clusterByMeaning, type Cluster } from './cluster.js';
import { dot, MeaningSpace, type Meaning } from './meaning.js';
import { at, clip, compareIds, cuesNear, NearFindings, when } from './related.js';
import { storyOfOneAnswer } from './story.js';
import { followTheirJob, sameParticipantJobs } from './participant.js';
import type { GeneralNouns } from '../classify/statementObject.js';
import { isSupportVerb } from '../classify/statementWords.js';
import { generalNounsOf } from '../classify/actions.js';
import { clusteringKey, type GroupingMemo, type RememberedJob } from './memo.js';

export type { GroupingMemo, RememberedJob } from './memo.js';

interface Mention {
  finding: ClassifiedFinding;
  statement: string;
  participant: string;
  /** the transcript's other findings by turn, for cues near the job */
  neighbours: NearFindings;
  meaning?: Meaning;
}

const MAX_QUOTES = 3;
const MAX_VARIANTS = 5;

/** What grouping reads from the rules: the stage model, the related words, the codebook and the general nouns (lexicons). */
export type GroupingRules = Pick<RuleSet, 'stages' | 'related' | 'codebook' | 'lexicons'>;

/**
 * Groups job findings into candidate jobs and files each under its stage. A
 * statement that matches a codebook job joins it whatever its wording; the
 * rest are clustered by meaning (lemmas, related words, word vectors), or,
 * when `memo` holds clusters of exactly this input, taken from it.
 */
export function groupJobs(results: TranscriptFindings[], rules: GroupingRules, memo?: GroupingMemo): JobMap {
  const mentions: Mention[] = results.flatMap(({ transcript, findings }) => {
    const neighbours = new NearFindings(findings);
    return findings
      .filter((f) => f.category === 'job')
      .map((finding) => ({
        finding,
        statement: finding.statement ?? finding.sentence,
        participant: `${transcript.id}/${finding.evidence.speaker}`,
        neighbours,
      }));
  });
  const order = rules.stages.stages.map((stage) => stage.id);
  const coded = new Map(rules.codebook.map((job) => [job.id, [] as Mention[]]));
  for (const m of mentions) if (m.finding.codebookJob) coded.get(m.finding.codebookJob)?.push(m);
  const uncoded = mentions.filter((m) => !m.finding.codebookJob || !coded.has(m.finding.codebookJob));

  const codebookJobs = rules.codebook
    .filter((entry) => coded.get(entry.id)!.length > 0)
    .map((entry) => ({ ...candidateJob(coded.get(entry.id)!, order, entry.statement), id: entry.id }));
  const inductive = inductiveJobs(mentions, uncoded, rules, memo).map(({ members, statement }) => candidateJob(members, order, statement));
  assignIds(inductive, new Set(codebookJobs.map((job) => job.id)));
  const jobs = [...codebookJobs, ...inductive];
  return {
    model: rules.stages.model,
    stages: order.map((id) => ({
      id,
      jobs: jobs.filter((job) => job.stage === id).sort(byEvidence),
    })),
  };
}

/** The clusters of the mentions no codebook job took, each with its name: from the memo when it holds this very input, else clustered (and remembered). */
function inductiveJobs(mentions: Mention[], uncoded: Mention[], rules: GroupingRules, memo?: GroupingMemo): { members: Mention[]; statement: string }[] {
  const general = generalNounsOf(rules);
  const key = memo && clusteringKey(mentions, { related: rules.related.groups, generalNouns: general, codebook: rules.codebook.map((job) => job.id) });
  const remembered = key ? fromMemo(memo.recall(key), uncoded, general) : undefined;
  if (remembered) return remembered;
  // how rare a word is, and the drift of common speech, are read from every job statement, coded or not
  const space = new MeaningSpace(rules.related, wordVectors(), mentions.map(wordsOf));
  const meaning = (m: Mention) =>
    (m.meaning ??= space.meaningOf(
      { words: wordsOf(m), ...(m.finding.statementHead ? { head: m.finding.statementHead } : {}), topic: m.finding.topicWords ?? [] },
      !m.finding.notAJob,
    ));
  const jobs = clusterMentions(uncoded, meaning, general).map((cluster) => ({ members: cluster.members, statement: representative(cluster, meaning) }));
  if (key)
    memo.remember(
      key,
      jobs.map(({ members, statement }): RememberedJob => ({ statement, members: members.map((m) => m.finding.id) })),
    );
  return jobs;
}

/**
 * The remembered clusters over this run's mentions, or undefined unless they
 * are what clustering could have made of them: each member a mention of this
 * run, none in two jobs, and every mention that founds a job in one.
 */
function fromMemo(jobs: RememberedJob[] | undefined, mentions: Mention[], general: GeneralNouns): { members: Mention[]; statement: string }[] | undefined {
  if (!jobs) return undefined;
  const byId = new Map(mentions.map((m) => [m.finding.id, m]));
  const placed = new Set<Mention>();
  const clusters: { members: Mention[]; statement: string }[] = [];
  for (const job of jobs) {
    const members: Mention[] = [];
    for (const id of job.members) {
      const mention = byId.get(id);
      if (!mention || placed.has(mention)) return undefined;
      placed.add(mention);
      members.push(mention);
    }
    clusters.push({ statement: job.statement, members });
  }
  return mentions.every((m) => placed.has(m) || !foundsJob(m, general)) ? clusters : undefined;
}

/**
 * Candidate jobs from the mentions no codebook job took: statements clustered
 * by meaning across participants, then each participant's other mentions of
 * the same job follow it (followTheirJob). "Use AI", "do this" or "with my
 * research" founds no job: such a finding joins a job only with its
 * participant's mentions on the same topic. It never joins another person's
 * job by its words alone, since its participant would then count as saying a
 * job they never stated ("I wanted to see the whole family's week on my
 * phone" made a second buyer of "find a reliable family car").
 */
function clusterMentions(mentions: Mention[], meaning: (m: Mention) => Meaning, general: GeneralNouns): Cluster<Mention>[] {
  const founds = (m: Mention) => foundsJob(m, general);
  const byMeaning = clusterByMeaning(mentions.filter(founds), meaning);
  const threads = sameParticipantJobs(mentions.map((m) => ({ participant: m.participant, id: m.finding.id, topic: m.finding.topicWords ?? wordsOf(m) })));
  const { clusters } = followTheirJob(
    byMeaning,
    threads.map((thread) => thread.map((i) => mentions[i]!)),
    { participant: (m) => m.participant, id: (m) => m.finding.id, isJob: founds, vector: (m) => meaning(m).vector },
  );
  return clusters;
}

/**
 * Whether a mention may found or anchor a candidate job: a statement that is
 * a job and names more than a general noun. "Bounce ideas off" or "answer
 * questions" says what kind of thing is handled, not which job (ideas for a
 * convention, for shoe designs, for a business plan): across participants it
 * would gather many jobs, so it follows its participant's job on the same
 * topic instead, as a statement that is no job does.
 */
function foundsJob(m: Mention, general: GeneralNouns): boolean {
  if (m.finding.notAJob) return false;
  const object = wordsOf(m).slice(1);
  return Boolean(m.finding.statementHead) || object.length === 0 || !object.every((word) => general.has(word));
}

function wordsOf(m: Mention): string[] {
  return m.finding.statementWords ?? m.statement.toLowerCase().split(/\s+/);
}

/**
 * A job is named by its most representative well-formed member: the statement
 * nearest the centre of the job's meaning, favouring a wording several people
 * used ("write emails" over "write emails in this setting") and one that names
 * what it acts on; ties go to the most said, then the shorter.
 */
function representative(cluster: Cluster<Mention>, meaning: (m: Mention) => Meaning): string {
  const counts = new Map<string, number>();
  for (const m of cluster.members) counts.set(m.statement, (counts.get(m.statement) ?? 0) + 1);
  const wordings = new Map<string, Set<string>>();
  for (const m of cluster.members) {
    const said = wording(m.statement);
    wordings.set(said, (wordings.get(said) ?? new Set()).add(m.participant));
  }
  const candidates = cluster.members.filter((m) => !m.finding.notAJob);
  const pool = candidates.length ? candidates : cluster.members;
  const norm = Math.sqrt(dot(cluster.sum, cluster.sum)) || 1;
  // a name is read at a glance: past four words each costs a little; a wording more people used gains a little
  const scored = pool.map((m) => {
    const extraWords = Math.max(0, m.statement.split(' ').length - 4);
    const sayers = wordings.get(wording(m.statement))!.size;
    const named = (m.finding.statementHead ? 0 : NAME_WITHOUT_OBJECT) + (isSupportVerb(wordsOf(m)[0] ?? '') ? NAME_WITH_SUPPORT_VERB : 0);
    const score = dot(meaning(m).vector, cluster.sum) / norm - 0.03 * extraWords + NAME_PER_SAYER * Math.min(4, Math.log2(sayers)) - named;
    return { statement: m.statement, score: Math.round(score * 1e6) };
  });
  scored.sort(
    (a, b) => b.score - a.score || counts.get(b.statement)! - counts.get(a.statement)! || a.statement.length - b.statement.length || compareIds(a.statement, b.statement),
  );
  return scored[0]!.statement;
}

/** How much a name gains each time the number of people who said it doubles, and what one that names no object loses... */
const NAME_PER_SAYER = 0.05;
const NAME_WITHOUT_OBJECT = 0.1;
/** ... and one led by a verb that says little alone ("do research", "make a list"). */
const NAME_WITH_SUPPORT_VERB = 0.1;

/** A statement's wording, whatever its articles and case ("write an email", "Write the email" -> "write email"). */
function wording(statement: string): string {
  return statement
    .toLowerCase()
    .replace(/\b(a|an|the|my|our|their|some|this|that|these|those)\b/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Most people first, then most mentions; ties in id order. */
export function byEvidence(a: CandidateJob, b: CandidateJob): number {
  return b.support.participants - a.support.participants || b.support.mentions - a.support.mentions || compareIds(a.id, b.id);
}

function candidateJob(cluster: Mention[], order: string[], statement: string): CandidateJob {
  // a statement that is no job ("do", "i use AI in lots of ways") is evidence, not another wording of the job
  const statements = [statement, ...tally(cluster.filter((m) => !m.finding.notAJob).map((m) => m.statement)).filter((s) => s !== statement)];
  const stages = Object.fromEntries(order.map((id) => [id, cluster.filter((m) => m.finding.stage === id).length] as const).filter(([, n]) => n > 0));
  const stage = order.reduce((best, id) => ((stages[id] ?? 0) > (stages[best] ?? 0) ? id : best), order[0]!);
  const near = cluster.map((m) => ({ job: m.finding, near: m.neighbours.of(m.finding) }));
  const cues = cuesNear(near);
  const story = storyOfOneAnswer(
    statement,
    near.map(({ job, near }) => ({ job, sameAnswer: near.filter((f) => f.evidence.turn === job.evidence.turn) })),
  );
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
    cues,
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
  for (const m of ranked)
    if (!seen.has(m.participant) && picked.length < MAX_QUOTES) {
      picked.push(m);
      seen.add(m.participant);
    }
  for (const m of ranked) if (!picked.includes(m) && picked.length < MAX_QUOTES) picked.push(m);
  return picked.map(({ finding }) => ({
    text: clip(finding.sentence, 300),
    transcript: finding.transcript,
    at: at(finding),
    ...when(finding),
    speaker: finding.evidence.speaker,
  }));
}

/** Readable ids from the statement ("job.find-cheaper-plan-team"), made unique in a stable order; codebook ids are taken first. */
function assignIds(jobs: CandidateJob[], used: Set<string>): void {
  const sorted = [...jobs].sort((a, b) => compareIds(a.statement, b.statement) || compareIds(a.quotes[0]?.at ?? '', b.quotes[0]?.at ?? ''));
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
