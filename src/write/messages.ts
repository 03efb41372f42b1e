import { describeMessage, type JobmapMessage } from '../core/message.js';

/**
 * How a message reads on a terminal: `file:line:col: reason`, after a word
 * where the place alone would not say what happened (`skipped`, `ignored`) or
 * which file it is (`review:`, `participants:`). Keyed by `source/ruleId`, or
 * by source; the lines read as jobmap has always printed them.
 */
const LEADS: Record<string, string> = {
  'ingest/skipped': 'skipped ',
  'ingest/ignored': 'ignored ',
  review: 'review: ',
  participants: 'participants: ',
  output: 'jobmap: ',
};

/** One message as one line of text (no newline). */
export function formatMessage(message: JobmapMessage): string {
  return `${LEADS[`${message.source}/${message.ruleId}`] ?? LEADS[message.source] ?? ''}${describeMessage(message)}`;
}

/** Messages as lines of text, each ending in a newline; nothing for none. */
export function formatMessages(messages: JobmapMessage[]): string {
  return messages.map((message) => `${formatMessage(message)}\n`).join('');
}

/**
 * `--format json`: one object, `{ "messages": [...] }`, each message as
 * JobmapMessage has it (reason, source, ruleId, place, fatal, expected,
 * actual); `eval` adds its scores beside them. Indented, so a diff of two
 * runs reads line by line.
 */
export function formatJson<Document extends { messages: JobmapMessage[] }>(document: Document): string {
  return JSON.stringify(document, null, 2) + '\n';
}
