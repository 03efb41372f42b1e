import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { entryOf, entryText } from './cache.js';
import { writeWhole } from '../write/files.js';
import { makeFolder } from '../core/folder.js';

interface Stored<T> {
  /** the code (and data) that made the value: another version makes it otherwise */
  version: string;
  key: string;
  value: T;
}

/**
 * One value kept in the parse cache's folder under the key of its input (one
 * entry, so it never grows), valid for one version of the code that made it:
 * the last run's clusters (groupingMemo.ts), the last run's job map
 * (mapMemo.ts). It is written with a checksum, as the parses are, and a file
 * that is damaged, edited or of another shape is ignored: a memo that cannot
 * be read or written costs time, never a result. pruneCache keeps it (it is
 * no parse's entry) and removes its dead temporaries.
 */
export class OneEntryMemo<T> {
  private changed = false;

  private constructor(
    private readonly file: string,
    private readonly version: string,
    private stored: Stored<T> | undefined,
  ) {}

  static async open<T>(file: string, version: string, isValue: (value: unknown) => value is T): Promise<OneEntryMemo<T>> {
    const stored = (await readFile(file, 'utf8')
      .then(entryOf)
      .catch(() => undefined)) as Partial<Stored<unknown>> | undefined;
    const valid = stored?.version === version && typeof stored.key === 'string' && isValue(stored.value);
    return new OneEntryMemo<T>(file, version, valid ? (stored as Stored<T>) : undefined);
  }

  recall(key: string): T | undefined {
    return this.stored?.key === key ? this.stored.value : undefined;
  }

  remember(key: string, value: T): void {
    this.stored = { version: this.version, key, value };
    this.changed = true;
  }

  /** Writes what was remembered since it was opened, all at once (a reader sees the old memo or the new one). */
  async save(): Promise<void> {
    if (!this.changed || !this.stored) return;
    if (await writeWhole(this.file, entryText(this.stored), makeFolder(path.dirname(this.file)))) this.changed = false;
  }
}
