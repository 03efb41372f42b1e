import { closeSync, mkdirSync, openSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { temporaryName } from '../write/files.js';

/**
 * Lines written to a temporary file beside `beside` as they come, to be read
 * back once when they are saved: the outcome memo's lines are made while the
 * main thread waits on the workers, not at the end while both sit idle, and
 * are never the whole file in memory. The name is write/files.ts
 * `temporaryName`'s, so a run that is killed leaves a file pruneCache removes.
 * Lines are ASCII (checkedLines.ts). A write that fails (a full disk) gives up
 * the spool: the lines are lost, which costs the next run time, never a result.
 */
export class LineSpool {
  private open: { file: string; fd: number } | undefined;
  private failed = false;

  constructor(private readonly beside: string) {}

  write(line: string): void {
    if (this.failed) return;
    try {
      if (!this.open) {
        mkdirSync(path.dirname(this.beside), { recursive: true });
        const file = temporaryName(this.beside);
        this.open = { file, fd: openSync(file, 'w') };
      }
      writeSync(this.open.fd, line, null, 'latin1');
    } catch {
      this.discard();
      this.failed = true;
    }
  }

  /** Closes the file and gives its name (the caller reads it, then removes it), or undefined when nothing was written or a write failed. */
  close(): string | undefined {
    if (!this.open) return undefined;
    const { file, fd } = this.open;
    this.open = undefined;
    try {
      closeSync(fd);
      return file;
    } catch {
      rmSync(file, { force: true });
      return undefined;
    }
  }

  /** Closes and removes the file: the lines of a run that stopped before saving them. */
  discard(): void {
    const file = this.close();
    if (file) rmSync(file, { force: true });
  }
}
