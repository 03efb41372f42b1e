import { writeFileSync } from 'node:fs';

/**
 * Where a run can be made to stop and wait, so a test can kill it at a known
 * moment instead of after a guessed time: with JOBMAP_PAUSE_AT=<point> the run
 * writes the file JOBMAP_PAUSE_FILE when it reaches that point and then waits
 * for ever. Points: `locked` (it owns the output folder), `staged` (the new
 * output is written, not yet current), `committed` (about to move it into
 * place), `moving` (one file moved).
 */
export type PausePoint = 'locked' | 'staged' | 'committed' | 'moving';

export async function pauseAt(point: PausePoint): Promise<void> {
  if (process.env.JOBMAP_PAUSE_AT !== point) return;
  if (process.env.JOBMAP_PAUSE_FILE) writeFileSync(process.env.JOBMAP_PAUSE_FILE, String(process.pid));
  await new Promise(() => setInterval(() => undefined, 60_000));
}
