import { compilePattern } from '../rules/patternCompile.js';
import type { CandidateJob, JobMap } from '../jobMapTypes.js';
import { emitYaml } from '../write/yaml.js';

/** A suggestion needs this many participants: one person's wording is not yet a shared job. */
export const SUGGEST_MIN_PARTICIPANTS = 3;
const MAX_WORDINGS = 8;

/**
 * The inductive clusters as codebook entries (id, statement, phrases and
 * patterns from their members' wordings), for the researcher to edit and keep
 * in a project rules folder: from then on a statement that matches an entry
 * joins that job whatever its wording (deductive coding).
 */
/** How a suggested codebook starts: the file `--to` names is replaced only when it starts so. */
export const SUGGESTED_HEADER = '# Suggested by `jobmap jobs suggest`:';

export function suggestCodebook(jobMap: JobMap, minParticipants = SUGGEST_MIN_PARTICIPANTS): string {
  const jobs = jobMap.stages
    .flatMap((stage) => stage.jobs)
    .filter((job) => job.support.participants >= minParticipants)
    .sort((a, b) => b.support.participants - a.support.participants || b.support.mentions - a.support.mentions || (a.id < b.id ? -1 : 1));
  const header = [
    SUGGESTED_HEADER + ' the candidate jobs said by at least',
    `# ${minParticipants} participants, as codebook entries. Edit them (rename, merge two into`,
    '# one, add the wordings you see in the quotes, delete what is no job) and keep',
    '# the file in your project rules folder (e.g. rules/codebook/jobs.yaml).',
    '# docs/rules.md, "The job codebook", says how entries match.',
  ].join('\n');
  return `${header}\n${emitYaml({ codebook: 'jobs', description: 'Named jobs of this study.', jobs: jobs.map(entry) })}`;
}

function entry(job: CandidateJob) {
  const wordings = [job.statement, ...job.variants].slice(0, MAX_WORDINGS);
  return {
    id: job.id,
    statement: job.statement,
    description: `${job.support.participants} participants, ${job.support.mentions} mentions when suggested`,
    phrases: wordings,
    // "write * emails" also finds "write the weekly emails"; the sentence's words, not the statement's, are matched
    patterns: [...new Set(wordings.map(loosePattern).filter((p): p is string => p !== undefined))],
  };
}

/** "draft replies to parents" -> "draft * parents": the first and last word, anything between. */
function loosePattern(statement: string): string | undefined {
  const words = statement
    .toLowerCase()
    .split(/\s+/)
    .filter((w) => /^[a-z]+$/.test(w));
  if (words.length < 3) return undefined;
  const pattern = `${words[0]} * ${words[words.length - 1]}`;
  try {
    compilePattern(pattern);
    return pattern;
  } catch {
    return undefined;
  }
}
