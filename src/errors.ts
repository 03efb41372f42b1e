import path from 'node:path';
import { describeMessage, errorMessage, formatPlace, placeAt, type JobmapMessage, type MessageSource } from './core/message.js';

/** One error type for everything a user can fix: it names the file and, where known, the line and column. */
export class JobmapError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
    this.name = 'JobmapError';
  }

  /** `file:line:col: message`, the form editors and terminals turn into links. */
  format(): string {
    return this.file === undefined ? this.message : `${formatPlace(placeAt(this.file, this.line, this.column))}: ${this.message}`;
  }
}

/** Several problems found at once (a rule folder is checked whole, so authors fix everything in one go), each a fatal message. */
export class JobmapErrors extends Error {
  constructor(readonly messages: JobmapMessage[]) {
    super(messages.map(describeMessage).join('\n'));
    this.name = 'JobmapErrors';
  }
}

export function describeError(error: unknown): string {
  if (error instanceof JobmapError) return error.format();
  if (error instanceof JobmapErrors) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** What stopped a command, as messages: each problem of a JobmapErrors as found, any other error as one from `source`. */
export function messagesOf(error: unknown, source: MessageSource): JobmapMessage[] {
  if (error instanceof JobmapErrors) return error.messages;
  if (error instanceof JobmapError && error.file !== undefined) return [errorMessage(source, error.message, { place: placeAt(error.file, error.line, error.column) })];
  return [errorMessage(source, error instanceof Error ? error.message : String(error))];
}

/** A path as the user would type it: relative to the current folder when inside it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}
