import type { Rule, StageModel } from '../../rules/types.js';
import { reportedCategories, type Category } from '../../categories.js';
import type { CandidateJob, JobMap } from '../../jobMapTypes.js';
import type { TranscriptFindings } from '../../types.js';
import { tellStory } from '../../group/story.js';
import { guidOf, type XmlElement } from './xml.js';

/** What each category codes, for the code's description in a QDA tool. */
const CATEGORY_DESCRIPTIONS: Record<Category, string> = {
  job: 'Tasks, goals and progress the participant is trying to make, or what they use a product for.',
  pain: 'Struggles, obstacles, costs, risks, mistakes, workarounds and dissatisfaction the participant lived through.',
  trigger: 'The event or circumstance that made the participant start, search, switch, stop or change.',
  emotion: 'Feelings the participant expresses about the job, the product or the situation.',
  social: 'Other people shaping the job or how it is seen: recommendations, approval, obligations, image, peers.',
  outcome: 'Desired outcomes: the measures the participant uses to judge that the job went well.',
  force: 'The four forces of a switch: push of the situation, pull of the new solution, anxiety of the new, habit of the present.',
};

const CATEGORY_COLORS: Record<Category, string> = {
  job: '#1f77b4',
  pain: '#d62728',
  trigger: '#ff7f0e',
  emotion: '#9467bd',
  social: '#2ca02c',
  outcome: '#17becf',
  force: '#8c564b',
};

/** The codebook and where each finding is coded: its category, or its subtype under it, and its candidate job. */
export interface Codebook {
  codes: XmlElement[];
  /** the code a finding of this category and subtype is coded with */
  codeOf: (category: Category, subtype?: string) => string;
  /** the code of a candidate job */
  jobCode: (jobId: string) => string;
}

export interface CodebookInput {
  results: TranscriptFindings[];
  jobMap: JobMap;
  rules: Rule[];
  stages: StageModel;
  /** the note each job's review note became, by job id */
  jobNotes?: Map<string, string>;
}

/**
 * Categories as codes with their subtypes as child codes; then a "Jobs" code
 * holding one code per stage, each holding the stage's candidate jobs. GUIDs
 * come from the names, so a code keeps its GUID from one export to the next.
 */
export function buildCodebook({ results, jobMap, rules, stages, jobNotes }: CodebookInput): Codebook {
  const counts: Record<string, number> = {};
  const subtypes = new Map<string, Map<string, Set<string>>>();
  const addSubtype = (category: string, subtype: string, description?: string) => {
    const mine = subtypes.get(category) ?? new Map<string, Set<string>>();
    const descriptions = mine.get(subtype) ?? new Set<string>();
    if (description) descriptions.add(description);
    subtypes.set(category, mine.set(subtype, descriptions));
  };
  for (const rule of rules) {
    counts[rule.category] ??= 0;
    if (rule.subtype) addSubtype(rule.category, rule.subtype, rule.description);
  }
  for (const finding of results.flatMap((r) => r.findings)) {
    counts[finding.category] = (counts[finding.category] ?? 0) + 1;
    if (finding.subtype) addSubtype(finding.category, finding.subtype);
  }
  const categories = reportedCategories(counts).filter((c) => c in counts);
  const categoryCodes = categories.map((category): XmlElement => ({
    name: 'Code',
    attributes: { guid: guidOf('code', category), name: category, isCodable: true, color: CATEGORY_COLORS[category] },
    children: [
      { name: 'Description', text: CATEGORY_DESCRIPTIONS[category] },
      ...[...(subtypes.get(category) ?? new Map<string, Set<string>>())]
        .sort(([a], [b]) => (a < b ? -1 : 1))
        .map(([subtype, descriptions]): XmlElement => ({
          name: 'Code',
          attributes: { guid: guidOf('code', `${category}/${subtype}`), name: subtype, isCodable: true, color: CATEGORY_COLORS[category] },
          children: [{ name: 'Description', text: subtypeDescription(category, subtype, [...descriptions]) }],
        })),
    ],
  }));
  const known = new Set([...categories, ...[...subtypes].flatMap(([c, s]) => [...s.keys()].map((name) => `${c}/${name}`))]);
  return {
    codes: [...categoryCodes, jobsCode(jobMap, stages, jobNotes ?? new Map())],
    codeOf: (category, subtype) => guidOf('code', subtype && known.has(`${category}/${subtype}`) ? `${category}/${subtype}` : category),
    jobCode: (jobId) => guidOf('job', jobId),
  };
}

function subtypeDescription(category: string, subtype: string, descriptions: string[]): string {
  if (descriptions.length === 0) return `A ${category} of the kind "${subtype}".`;
  return descriptions.join(' ');
}

function jobsCode(jobMap: JobMap, stages: StageModel, jobNotes: Map<string, string>): XmlElement {
  const describe = new Map(stages.stages.map((stage) => [stage.id, stage.description]));
  return {
    name: 'Code',
    attributes: { guid: guidOf('code', 'Jobs'), name: 'Jobs', isCodable: false },
    children: [
      { name: 'Description', text: `Candidate jobs grouped by the stage of the ${jobMap.model} model they are said in most; each job codes the sentences that state it.` },
      ...jobMap.stages.map((stage): XmlElement => ({
        name: 'Code',
        attributes: { guid: guidOf('stage', stage.id), name: stage.id, isCodable: false },
        children: [{ name: 'Description', text: describe.get(stage.id) ?? stage.id }, ...stage.jobs.map((job) => jobCode(job, jobNotes.get(job.id)))],
      })),
    ],
  };
}

function jobCode(job: CandidateJob, note: string | undefined): XmlElement {
  return {
    name: 'Code',
    attributes: { guid: guidOf('job', job.id), name: job.statement, isCodable: true },
    children: [{ name: 'Description', text: jobDescription(job) }, note ? { name: 'NoteRef', attributes: { targetGUID: note } } : undefined],
  };
}

/** The job's id (what review.yaml names), its support, its story and its other wordings. */
function jobDescription(job: CandidateJob): string {
  const lines = [
    `${job.id}: ${job.support.participants} participants, ${job.support.mentions} mentions; ${job.dimension}.`,
    ...(job.story ? [tellStory(job.statement, job.story)] : []),
    ...(job.variants.length ? [`Also said as: ${job.variants.join('; ')}.`] : []),
    ...(job.review ? [`Review: ${job.review.status}.`] : []),
  ];
  return lines.join('\n');
}
