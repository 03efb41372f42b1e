import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { GroupingMemo, RememberedJob } from '../group/index.js';
import { wordVectorsIdentity } from '../segment/vectors.js';
import { entryOf, entryText } from './cache.js';
import { writeWhole } from '../write/files.js';
import { codeVersion, parserVersion, sourceCode } from './codeVersion.js';
import { makeFolder } from '../core/folder.js';

/** Beside the parses in the cache folder; pruneCache keeps it (it is no parse's entry) and removes its dead temporaries. */
const FILE = 'jobmap-grouping.json';

interface StoredMemo {
  /** the code and word vectors that clustered: other ones cluster otherwise */
  version: string;
  key: string;
  jobs: RememberedJob[];
}

/**
 * The grouping memo kept in the parse cache's folder: the last run's clusters
 * (one entry, so it never grows), under the key of their input, valid for
 * this jobmap's code and word vectors only. It is written with a checksum, as
 * the parses are, and a file that is damaged, edited or of another shape is
 * ignored: a memo that cannot be read or written costs time, never a result.
 */
export class CachedGroupingMemo implements GroupingMemo {
  private changed = false;

  private constructor(
    private readonly file: string,
    private stored: StoredMemo | undefined,
  ) {}

  static async open(cacheDir: string): Promise<CachedGroupingMemo> {
    const file = path.join(cacheDir, FILE);
    const stored = await readFile(file, 'utf8')
      .then(entryOf)
      .catch(() => undefined);
    return new CachedGroupingMemo(file, isStoredMemo(stored) && stored.version === groupingVersion() ? stored : undefined);
  }

  recall(key: string): RememberedJob[] | undefined {
    return this.stored?.key === key ? this.stored.jobs : undefined;
  }

  remember(key: string, jobs: RememberedJob[]): void {
    this.stored = { version: groupingVersion(), key, jobs };
    this.changed = true;
  }

  /** Writes what was remembered since it was opened, all at once (a reader sees the old memo or the new one). */
  async save(): Promise<void> {
    if (!this.changed || !this.stored) return;
    if (await writeWhole(this.file, entryText(this.stored), makeFolder(path.dirname(this.file)))) this.changed = false;
  }
}

let version: string | undefined;

/**
 * What clusters depend on besides their input: the grouping code (group/, and
 * classify/ whose statement words it reads), the code and libraries that
 * read words (segment/: stems, the vector file's format; parserVersion), and
 * the word vectors themselves.
 */
function groupingVersion(): string {
  version ??= codeVersion(`grouping-memo-2 ${parserVersion()} ${wordVectorsIdentity()}`, sourceCode(['group', 'classify']));
  return version;
}

function isStoredMemo(value: unknown): value is StoredMemo {
  const memo = value as StoredMemo | undefined;
  return (
    typeof memo?.version === 'string' &&
    typeof memo.key === 'string' &&
    Array.isArray(memo.jobs) &&
    memo.jobs.every((job) => typeof job?.statement === 'string' && Array.isArray(job.members) && job.members.every((id) => typeof id === 'string'))
  );
}
