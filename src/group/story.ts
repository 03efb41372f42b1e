import type { ClassifiedFinding } from '../types.js';

const TRIGGER_LEAD = /\b(when|after|once|the day|the moment|as soon as|since|that's when|until)\b\s+(.+)/i;
const OUTCOME_LEAD = /\b(?:so that|so|in order to|to make sure|as long as)\s+(?:that\s+)?(.+)/i;
const CLAUSE_END = /[.;!?,]|\s(?:but|because)\s/i;
const MAX_WORDS = 14;

/** "When <trigger>, I want to <job>, so I can <outcome>", from whatever parts the evidence has. */
export function jobStory(statement: string, trigger?: ClassifiedFinding, outcome?: ClassifiedFinding): string | undefined {
  const when = trigger && triggerClause(trigger);
  const so = outcome && outcomeClause(outcome);
  if (!when && !so) return undefined;
  const parts = [when ? `When ${when}, I want to ${statement}` : `I want to ${statement}`];
  if (so) parts.push(/^(i|we)\b/i.test(so) ? `so ${so}` : `so that ${so}`);
  return parts.join(', ');
}

function triggerClause(finding: ClassifiedFinding): string | undefined {
  const lead = TRIGGER_LEAD.exec(finding.sentence);
  const text = lead ? (/^(when|that's when)$/i.test(lead[1]!) ? lead[2]! : `${lead[1]!.toLowerCase()} ${lead[2]}`) : finding.sentence;
  return shorten(text.replace(/^after\s+/i, 'after '));
}

function outcomeClause(finding: ClassifiedFinding): string | undefined {
  const lead = OUTCOME_LEAD.exec(finding.sentence.slice(finding.span[0])) ?? OUTCOME_LEAD.exec(finding.sentence);
  return shorten(lead ? lead[1]! : finding.sentence.slice(finding.span[0]));
}

function shorten(text: string): string | undefined {
  const end = CLAUSE_END.exec(text);
  const clause = (end ? text.slice(0, end.index) : text).trim().split(/\s+/).slice(0, MAX_WORDS).join(' ');
  const cleaned = clause.replace(/[,\s]+$/, '');
  return cleaned.split(' ').length >= 2 ? lowerFirst(cleaned) : undefined;
}

function lowerFirst(text: string): string {
  return /^I\b/.test(text) ? text : text.charAt(0).toLowerCase() + text.slice(1);
}
