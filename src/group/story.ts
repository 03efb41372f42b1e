import type { ClassifiedFinding } from '../types.js';
import type { JobStory } from '../jobMapTypes.js';
import { withoutFillers } from '../classify/statementWords.js';
import { compareIds } from './related.js';

const TRIGGER_LEAD = /\b(when|after|once|as soon as)\s+(.+)/i;
const OUTCOME_LEAD = /\b(?:so that|so|in order to|to make sure|as long as)\s+(?:that\s+)?(.+)/i;
const CLAUSE_END = /[.;!?,]|\s(?:but|because)\s/i;
const MAX_WORDS = 14;
const WANTS = /^(?:want|wanted|need|needed|wish|would like)\b/i;

/**
 * A job's story, told from one answer: the situation and the outcome said in
 * the same answer (turn) as one mention of the job, never stitched from two
 * participants or two moments. The surest mention whose answer gives both wins,
 * else the surest that gives one; no story when no answer gives either.
 */
export function storyOfOneAnswer(statement: string, mentions: { job: ClassifiedFinding; sameAnswer: ClassifiedFinding[] }[]): JobStory | undefined {
  const surest = (findings: ClassifiedFinding[], category: string) =>
    findings.filter((f) => f.category === category).sort((a, b) => b.confidence - a.confidence || compareIds(a.id, b.id))[0];
  const told = [...mentions]
    .sort((a, b) => b.job.confidence - a.job.confidence || compareIds(a.job.id, b.job.id))
    .map(({ sameAnswer }) => storyParts(statement, surest(sameAnswer, 'trigger'), surest(sameAnswer, 'outcome')))
    .filter((story): story is JobStory => story !== undefined);
  return told.find((story) => story.situation && story.outcome) ?? told[0];
}

/** The parts of a story the evidence has: the trigger's situation, the outcome after "so". */
export function storyParts(statement: string, trigger?: ClassifiedFinding, outcome?: ClassifiedFinding): JobStory | undefined {
  const when = trigger && triggerClause(trigger);
  const outcomeText = outcome && outcomeClause(outcome);
  // an outcome the statement already says ("stop missing things without having to check") is not said twice
  const so = outcomeText && readsAsClause(outcomeText) && !statement.toLowerCase().includes(outcomeText.toLowerCase()) ? outcomeText : undefined;
  if (!when && !so) return undefined;
  return {
    ...(when ? { situation: /^(after|once|as soon as)\b/.test(when) ? capitalise(when) : `When ${when}` } : {}),
    ...(so ? { outcome: /^(i|we)\b/i.test(so) ? `so ${so}` : /^without\b/i.test(so) ? so : `so that ${so}` } : {}),
  };
}

/** "When <situation>, I want to <job>, so I can <outcome>", with the job's statement as it is now. */
export function tellStory(statement: string, story: JobStory): string {
  // "want something I set up once" is already a want: "I want something...", not "I want to want something..."
  const want = WANTS.test(statement) ? `I ${statement}` : `I want to ${statement}`;
  return [story.situation ? `${story.situation}, ${want}` : want, ...(story.outcome ? [story.outcome] : [])].join(', ');
}

/** The story a job's evidence tells, as a sentence (tests and one-off use). */
export function jobStory(statement: string, trigger?: ClassifiedFinding, outcome?: ClassifiedFinding): string | undefined {
  const story = storyParts(statement, trigger, outcome);
  return story && tellStory(statement, story);
}

/** An outcome reads after "so" only as a clause with a subject ("I can see at a glance") or "without ...". */
function readsAsClause(text: string): boolean {
  return /^(?:i|we|you|they|it|he|she|the|my|our|everything|nothing|without)\b/i.test(text);
}

/** "It started when my daughter was born" -> "my daughter was born" (read after "When"); "after ..." keeps its word. */
function triggerClause(finding: ClassifiedFinding): string | undefined {
  const lead = TRIGGER_LEAD.exec(finding.sentence);
  if (!lead) return undefined;
  const clause = shorten(lead[2]!);
  return clause && (lead[1]!.toLowerCase() === 'when' ? clause : `${lead[1]!.toLowerCase()} ${clause}`);
}

function outcomeClause(finding: ClassifiedFinding): string | undefined {
  const lead = OUTCOME_LEAD.exec(finding.sentence.slice(finding.span[0])) ?? OUTCOME_LEAD.exec(finding.sentence);
  return shorten(lead ? lead[1]! : finding.sentence.slice(finding.span[0]));
}

function shorten(raw: string): string | undefined {
  const text = withoutFillers(raw);
  const end = CLAUSE_END.exec(text);
  const clause = (end ? text.slice(0, end.index) : text).trim().split(/\s+/).slice(0, MAX_WORDS).join(' ');
  const cleaned = clause.replace(/[,\s]+$/, '');
  return cleaned.split(' ').length >= 2 ? lowerFirst(cleaned) : undefined;
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function lowerFirst(text: string): string {
  return /^I\b/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}
