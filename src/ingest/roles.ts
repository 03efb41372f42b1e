import type { Metadata, Role, Speaker } from '../types.js';
import { INTERVIEWER_LABELS, labelKey, PARTICIPANT_LABELS, type RawTurn } from './dialogue.js';

/** Names listed under any of these front-matter keys are interviewers. */
const INTERVIEWER_KEYS = ['interviewers', 'interviewer', 'moderators', 'moderator'];

/**
 * Decides who interviews and who is interviewed: front matter first, then known
 * labels, then the speaker who asks the most questions.
 */
export function decideRoles(turns: RawTurn[], metadata: Metadata): Speaker[] {
  const names = [...new Set(turns.map((turn) => turn.speaker))];
  // Front matter decides only if it names someone who speaks; "Sam" for a label "Sam Lee" falls through to the labels.
  const declared = new Set([...declaredInterviewers(metadata)].filter((name) => names.some((n) => n.toLowerCase() === name)));
  const speakers = names.map((name): Speaker | undefined => {
    if (declared.size > 0) {
      const role: Role = declared.has(name.toLowerCase()) ? 'interviewer' : 'participant';
      return { name, role, reason: 'front matter' };
    }
    const key = labelKey(name);
    if (INTERVIEWER_LABELS.has(key)) return { name, role: 'interviewer', reason: `known label "${name}"` };
    if (PARTICIPANT_LABELS.has(key)) return { name, role: 'participant', reason: `known label "${name}"` };
    return undefined;
  });

  const undecided = names.filter((_, i) => !speakers[i]);
  const interviewerKnown = speakers.some((s) => s?.role === 'interviewer');
  const asker = interviewerKnown || undecided.length < 2 ? undefined : mostQuestioning(turns, undecided);
  return names.map((name, i) => {
    const decided = speakers[i];
    if (decided) return decided;
    if (name === asker) return { name, role: 'interviewer', reason: 'asks the most questions' };
    const reason = interviewerKnown ? 'not the interviewer' : 'asks fewer questions';
    return { name, role: 'participant', reason: undecided.length === 1 && !interviewerKnown ? 'only speaker' : reason };
  });
}

export function declaredInterviewers(metadata: Metadata): Set<string> {
  const names = new Set<string>();
  for (const key of INTERVIEWER_KEYS) {
    const value = metadata[key];
    const list = Array.isArray(value) ? value : typeof value === 'string' ? value.split(',') : [];
    for (const name of list) if (name.trim()) names.add(name.trim().toLowerCase());
  }
  return names;
}

function mostQuestioning(turns: RawTurn[], names: string[]): string | undefined {
  const share = (name: string) => {
    const own = turns.filter((turn) => turn.speaker === name);
    return own.filter((turn) => /\?\s*$/.test(turn.text)).length / Math.max(1, own.length);
  };
  const ranked = names.map((name) => ({ name, share: share(name) })).sort((a, b) => b.share - a.share);
  const [top, next] = ranked;
  if (!top || top.share < 0.3 || (next && top.share - next.share < 0.15)) return undefined;
  return top.name;
}
