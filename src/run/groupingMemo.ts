import path from 'node:path';
import type { GroupingMemo, RememberedJob } from '../group/index.js';
import { wordVectorsIdentity } from '../segment/vectors.js';
import { codeVersion, parserVersion, sourceCode, topModules } from './codeVersion.js';
import { OneEntryMemo } from './oneEntryMemo.js';

/** Beside the parses in the cache folder. */
const FILE = 'jobmap-grouping.json';

/**
 * The grouping memo kept in the parse cache's folder (oneEntryMemo.ts): the
 * last run's clusters under the key of their input, valid for this jobmap's
 * code and word vectors only.
 */
export class CachedGroupingMemo implements GroupingMemo {
  private constructor(private readonly memo: OneEntryMemo<RememberedJob[]>) {}

  static async open(cacheDir: string): Promise<CachedGroupingMemo> {
    return new CachedGroupingMemo(await OneEntryMemo.open(path.join(cacheDir, FILE), groupingVersion(), isRememberedJobs));
  }

  recall(key: string): RememberedJob[] | undefined {
    return this.memo.recall(key);
  }

  remember(key: string, jobs: RememberedJob[]): void {
    this.memo.remember(key, jobs);
  }

  save(): Promise<void> {
    return this.memo.save();
  }
}

let version: string | undefined;

/**
 * What clusters depend on besides their input: the grouping code (group/, and
 * classify/ whose statement words it reads), the code and libraries that
 * read words (segment/: stems, the vector file's format; parserVersion), the
 * categories (categories.ts), and the word vectors themselves.
 */
function groupingVersion(): string {
  version ??= codeVersion(`grouping-memo-3 ${parserVersion()} ${wordVectorsIdentity()}`, [...sourceCode(['group', 'classify']), ...topModules(['types', 'categories'])]);
  return version;
}

function isRememberedJobs(value: unknown): value is RememberedJob[] {
  return (
    Array.isArray(value) && value.every((job) => typeof job?.statement === 'string' && Array.isArray(job.members) && job.members.every((id: unknown) => typeof id === 'string'))
  );
}
