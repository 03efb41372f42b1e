import { readdir, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { JobmapError } from '../errors.js';
import { isOurs } from './files.js';
import { LOCK_FILE } from './lock.js';
import { STAGING_DIR } from './stage.js';
import { RUN_STATE_FILE } from './runState.js';

/** What may be in an output folder jobmap has not written yet: the reviewer's decisions, and jobmap's own run files. */
const ALLOWED_IN_NEW_FOLDER = new Set(['review.yaml', LOCK_FILE, STAGING_DIR, RUN_STATE_FILE]);

/**
 * Refuses an output folder that would hurt: a file, the root of the file system, the
 * input folder or a folder inside it (the next run would read the report as
 * a transcript), and a folder holding files jobmap never wrote, unless
 * `force` (even then jobmap replaces none of those files).
 */
export async function checkOutputFolder(outDir: string, input: string, force = false): Promise<void> {
  const info = await stat(outDir).catch(() => undefined);
  if (info && !info.isDirectory()) throw new JobmapError('the output folder is a file; choose another --out folder', outDir);
  const out = await realPathOf(outDir);
  if (path.dirname(out) === out) throw new JobmapError('is the root of the file system; choose a folder of its own for --out', outDir);
  const inputInfo = await stat(input).catch(() => undefined);
  if (inputInfo?.isDirectory()) {
    const folder = await realPathOf(input);
    if (out === folder || out.startsWith(folder + path.sep)) {
      throw new JobmapError(`is inside the input folder ${input}, so the next run would read its own output; choose an --out folder outside it`, outDir);
    }
  }
  if (force) return;
  const names = (await readdir(outDir).catch(() => [] as string[])).filter((name) => !ALLOWED_IN_NEW_FOLDER.has(name));
  if (names.length === 0 || (names.includes('jobs.yaml') && (await isOurs(path.join(outDir, 'jobs.yaml'))))) return;
  const shown = names.sort().slice(0, 3).join(', ') + (names.length > 3 ? ` and ${names.length - 3} more` : '');
  throw new JobmapError(
    `holds files jobmap did not write (${shown}); choose an empty or new --out folder, or add --force to write beside them (jobmap replaces none of them)`,
    outDir,
  );
}

/** The real path, links resolved, of a path that may not exist yet (its nearest existing folder's, and the rest). */
async function realPathOf(file: string): Promise<string> {
  const absolute = path.resolve(file);
  const rest: string[] = [];
  for (let at = absolute; ; at = path.dirname(at)) {
    const real = await realpath(at).catch(() => undefined);
    if (real) return path.join(real, ...rest.reverse());
    if (path.dirname(at) === at) return absolute;
    rest.push(path.basename(at));
  }
}
