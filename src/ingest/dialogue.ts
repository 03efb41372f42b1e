import type { LineSpan, Metadata } from '../types.js';
import { normaliseClock } from './time.js';

/** A turn before roles are decided. */
export interface RawTurn {
  speaker: string;
  text: string;
  lines: LineSpan[];
}

export interface Dialogue {
  turns: RawTurn[];
  /** `Key: value` lines found above the first turn (e.g. `**Transcript ID:** work_0496`) */
  header: Metadata;
}

export interface LabelledLine {
  name: string;
  text: string;
  textColumn: number;
  /** the timestamp written with the label (`[00:01:02] Dana:`, `Dana (01:02):`), normalised */
  time?: string;
}

// `Name: text`, `**Name:** text`, `**Name**: text`, `[00:01:02] Name: text`, `Name (00:01): text`
const LABEL =
  /^(\s*(?:\[?(?<before>\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?)\]?\s+)?(?:\*\*|__)?)(?<name>[\p{L}\p{N}][\p{L}\p{N} .'&-]{0,39}?)(\s*\((?<after>\d{1,2}:\d{2}(?::\d{2})?)\))?(?:\*\*|__)?\s*:\s*(?:\*\*|__)?\s?/u;
const SEPARATOR = /^\s*(?:-{3,}|\*{3,}|_{3,})\s*$/;
const HEADING = /^\s*#{1,6}\s/;

export const INTERVIEWER_LABELS = new Set(['interviewer', 'moderator', 'q', 'question', 'assistant', 'ai', 'researcher', 'host', 'facilitator', 'int', 'i']);
export const PARTICIPANT_LABELS = new Set(['participant', 'a', 'answer', 'user', 'respondent', 'interviewee', 'customer', 'p', 'r']);

/**
 * Labels that count as speakers even when they occur once. Others must occur at
 * least twice, so that a line like "Note: ..." inside an answer stays part of it.
 */
const KNOWN_LABELS = new Set([...INTERVIEWER_LABELS, ...PARTICIPANT_LABELS]);

export function labelKey(name: string): string {
  return name
    .toLowerCase()
    .replace(/[\s_-]*\d+$/, '')
    .trim();
}

export function matchLabel(line: string): LabelledLine | undefined {
  const m = LABEL.exec(line);
  if (!m) return undefined;
  const name = (m.groups?.name ?? '').trim();
  const words = name.split(/\s+/);
  // Speaker names are short and capitalised: "Dana", "Participant 3", "Dr. Lee"; "so the thing is" is not.
  // Known role labels count in any case ("interviewer:", "q:").
  const capitalised = words.every((w) => /^[\p{Lu}\p{N}]/u.test(w));
  if (words.length > 4 || !(capitalised || KNOWN_LABELS.has(labelKey(name)))) return undefined;
  if (/^\d+$/.test(name)) return undefined;
  const clock = m.groups?.before ?? m.groups?.after;
  const time = clock === undefined ? undefined : normaliseClock(clock);
  return { name, text: line.slice(m[0].length), textColumn: m[0].length + 1, ...(time ? { time } : {}) };
}

/** Reads speaker-labelled dialogue; lines without a label continue the current turn. */
export function parseDialogue(body: string, firstLine: number, declaredSpeakers: string[] = []): Dialogue {
  const lines = body.split('\n').map((line) => line.replace(/\r$/, ''));
  const labelled = lines.map(matchLabel);
  const speakers = acceptedSpeakers(labelled, declaredSpeakers);
  const turns: RawTurn[] = [];
  const header: Metadata = {};
  let current: RawTurn | undefined;
  let time: string | undefined;

  lines.forEach((line, i) => {
    const lineNo = firstLine + i;
    const label = labelled[i];
    if (label && speakers.has(label.name) && !(current === undefined && namesSpeaker(label, speakers))) {
      current = { speaker: label.name, text: '', lines: [] };
      turns.push(current);
      time = label.time;
      appendLine(current, label.text, lineNo, label.textColumn, time);
      return;
    }
    if (HEADING.test(line) || SEPARATOR.test(line)) return;
    if (!current) {
      if (label && label.text.trim()) header[toKey(label.name)] = stripMarkup(label.text.trim());
      return;
    }
    appendLine(current, line, lineNo, 1, time);
  });

  for (const turn of turns) turn.text = turn.text.replace(/\s+$/, '');
  return { turns: turns.filter((turn) => turn.text.trim() !== ''), header };
}

/** Labels seen at least twice, known role labels and declared names; with no one left to answer, every label. */
export function acceptedSpeakers(labelled: (LabelledLine | undefined)[], declared: string[]): Set<string> {
  const counts = new Map<string, number>();
  for (const label of labelled) if (label) counts.set(label.name, (counts.get(label.name) ?? 0) + 1);
  const declaredKeys = new Set(declared.map((name) => name.toLowerCase()));
  const accepted = [...counts].filter(([name, count]) => count >= 2 || KNOWN_LABELS.has(labelKey(name)) || declaredKeys.has(name.toLowerCase()));
  // A short exchange still needs someone to answer: with only interviewers found, every label speaks.
  const answerer = accepted.some(([name]) => !declaredKeys.has(name.toLowerCase()) && !INTERVIEWER_LABELS.has(labelKey(name)));
  if (!answerer) return new Set(counts.keys());
  return new Set(accepted.map(([name]) => name));
}

/**
 * `Interviewer: Sam` above the dialogue, where Sam speaks below: a line that
 * says who is who, kept as metadata (so it decides roles), not a turn.
 */
function namesSpeaker(label: LabelledLine, speakers: Set<string>): boolean {
  if (!KNOWN_LABELS.has(labelKey(label.name))) return false;
  const named = /^[^,(;-]+/.exec(label.text.trim())?.[0].trim();
  return named !== undefined && named !== label.name && speakers.has(named);
}

export function appendLine(turn: RawTurn, raw: string, line: number, column: number, time?: string): void {
  const indent = raw.length - raw.trimStart().length;
  const text = raw.trim();
  if (turn.text !== '') turn.text += '\n';
  if (text === '') return;
  turn.lines.push({ textStart: turn.text.length, line, column: column + indent, ...(time ? { time } : {}) });
  turn.text += text;
}

function toKey(label: string): string {
  return label
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '_')
    .replace(/^_|_$/g, '');
}

function stripMarkup(text: string): string {
  return text.replace(/^(\*\*|__)|(\*\*|__)$/g, '').trim();
}
