import path from 'node:path';

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
    const where = [this.file, this.line, this.column].filter((part) => part !== undefined).join(':');
    return where ? `${where}: ${this.message}` : this.message;
  }
}

/** Several problems found at once (a rule folder is checked whole, so authors fix everything in one go). */
export class JobmapErrors extends Error {
  constructor(readonly problems: JobmapError[]) {
    super(problems.map((p) => p.format()).join('\n'));
    this.name = 'JobmapErrors';
  }
}

export function describeError(error: unknown): string {
  if (error instanceof JobmapError) return error.format();
  if (error instanceof JobmapErrors) return error.message;
  if (error instanceof Error) return error.message;
  return String(error);
}

/** A path as the user would type it: relative to the current folder when inside it. */
export function displayPath(file: string): string {
  const relative = path.relative(process.cwd(), file);
  return relative.startsWith('..') ? file : relative;
}
