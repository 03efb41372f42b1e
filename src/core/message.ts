/**
 * Everything jobmap tells a user besides its results, in one shape: a file it
 * skipped or ignored, a review decision or participants.yaml entry that
 * matched nothing, a problem in a rule file, a label eval could not score.
 * Modelled on vfile-message (unified): where (`place`), why (`reason`), who
 * says it (`source`, and `ruleId` for the kind of message within it) and how
 * bad it is (`fatal`). One formatter prints them all, as text or JSON
 * (src/write/messages.ts), so an editor or a CI job reads every command alike.
 */

/** The part of jobmap that speaks, which is where to look to fix it. */
export type MessageSource = 'jobmap' | 'ingest' | 'rules' | 'config' | 'review' | 'participants' | 'eval' | 'output';

/** 1-based, as editors count; a column is left out where only the line is known. */
export interface Point {
  line: number;
  column?: number;
}

export interface Place {
  file: string;
  start?: Point;
  /** just after the last character concerned (a rule file's value, a pattern's bad piece), so an editor can underline it */
  end?: Point;
}

export interface JobmapMessage {
  reason: string;
  source: MessageSource;
  /** the kind of message within its source (`skipped`, `ignored`, `unmatched`...), for scripts to pick out; left out where one kind says it all */
  ruleId?: string;
  place?: Place;
  /** true: an error (a file that could not be read, a rule file that cannot load); false: a warning, worth a change; null: for information */
  fatal: boolean | null;
  /** what would have been right there (the keys a mapping knows), and what was there instead */
  expected?: string[];
  actual?: string;
}

/** What a message may say beyond its reason. */
export type MessageDetail = Pick<JobmapMessage, 'ruleId' | 'place' | 'expected' | 'actual'>;

export function errorMessage(source: MessageSource, reason: string, detail: MessageDetail = {}): JobmapMessage {
  return message(source, reason, true, detail);
}

export function warningMessage(source: MessageSource, reason: string, detail: MessageDetail = {}): JobmapMessage {
  return message(source, reason, false, detail);
}

export function infoMessage(source: MessageSource, reason: string, detail: MessageDetail = {}): JobmapMessage {
  return message(source, reason, null, detail);
}

/** Fields in one order, so two runs' JSON differ only where the messages do. */
function message(source: MessageSource, reason: string, fatal: boolean | null, detail: MessageDetail): JobmapMessage {
  return {
    reason,
    source,
    ...(detail.ruleId !== undefined ? { ruleId: detail.ruleId } : {}),
    ...(detail.place !== undefined ? { place: detail.place } : {}),
    fatal,
    ...(detail.expected !== undefined ? { expected: detail.expected } : {}),
    ...(detail.actual !== undefined ? { actual: detail.actual } : {}),
  };
}

/** A place from the parts callers usually hold: a file, and the line and column where known. */
export function placeAt(file: string, line?: number, column?: number): Place {
  return line === undefined ? { file } : { file, start: column === undefined ? { line } : { line, column } };
}

/** `file:line:col`, the form editors and terminals turn into links. */
export function formatPlace(place: Place): string {
  const { file, start } = place;
  return [file, start?.line, start?.column].filter((part) => part !== undefined).join(':');
}

/** Messages in the order of their places (file, line, column; those without a place first), for output that is the same run after run. */
export function byPlace(a: JobmapMessage, b: JobmapMessage): number {
  const key = (m: JobmapMessage) => [m.place?.file ?? '', m.place?.start?.line ?? 0, m.place?.start?.column ?? 0] as const;
  const [fa, la, ca] = key(a);
  const [fb, lb, cb] = key(b);
  return fa < fb ? -1 : fa > fb ? 1 : la - lb || ca - cb;
}

/** `file:line:col: reason`, or the reason alone where there is no place. */
export function describeMessage(message: JobmapMessage): string {
  return message.place ? `${formatPlace(message.place)}: ${message.reason}` : message.reason;
}
