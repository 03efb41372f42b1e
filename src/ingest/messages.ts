import { errorMessage, infoMessage, placeAt, type JobmapMessage } from '../core/message.js';
import { describeError, JobmapError } from '../errors.js';

/**
 * A file (or one interview in it) that could not be read, and why; the rest
 * of the batch still runs. Fatal for that file, so a run that skipped one
 * exits 1. Placed at the error's line where the reader knew it; `error`
 * may be the reason itself.
 */
export function skippedMessage(file: string, error: unknown): JobmapMessage {
  const place = error instanceof JobmapError && error.file !== undefined ? placeAt(error.file, error.line, error.column) : placeAt(file);
  return errorMessage('ingest', error instanceof JobmapError ? error.message : describeError(error), { ruleId: 'skipped', place });
}

/** A file in the input folder that is no transcript jobmap reads (audio, images, a link it does not follow): listed, not read. */
export function ignoredMessage(file: string, reason: string): JobmapMessage {
  return infoMessage('ingest', reason, { ruleId: 'ignored', place: placeAt(file) });
}
