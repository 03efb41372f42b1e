import { placeAt, warningMessage, type JobmapMessage } from '../core/message.js';

/** A label, gold file or review decision eval could not score, at its place: a warning, as the rest is scored (exit 1). */
export function notScored(reason: string, file: string, line?: number): JobmapMessage {
  return warningMessage('eval', reason, { ruleId: 'not-scored', place: placeAt(file, line) });
}
