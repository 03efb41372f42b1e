import type { Progress } from './pipeline.js';

/** Runs shorter than this finish before a bar would help; a bar that flashes is noise. */
const SHOW_AFTER_MS = 1500;
const REDRAW_EVERY_MS = 100;
const WIDTH = 24;

export interface Terminal {
  isTTY?: boolean;
  columns?: number;
  write: (text: string) => unknown;
}

/**
 * A one-line progress bar: files done, findings, elapsed, rate. Drawn only on a
 * terminal, so a log file or a pipe never sees a control character.
 */
export function progressBar(terminal: Terminal, now: () => number = Date.now): { update: (p: Progress) => void; done: () => void } {
  const started = now();
  let drawn = false;
  let lastDraw = 0;
  return {
    update(progress) {
      const time = now();
      if (!terminal.isTTY || time - started < SHOW_AFTER_MS || (time - lastDraw < REDRAW_EVERY_MS && progress.files < progress.totalFiles)) return;
      lastDraw = time;
      drawn = true;
      const line = progressLine(progress, (time - started) / 1000);
      terminal.write(`\r${line.slice(0, (terminal.columns ?? 80) - 1)}\x1b[K`);
    },
    done() {
      if (drawn) terminal.write('\r\x1b[K');
    },
  };
}

export function progressLine(progress: Progress, seconds: number): string {
  const share = progress.totalFiles ? progress.files / progress.totalFiles : 1;
  const filled = Math.round(share * WIDTH);
  const rate = seconds > 0 ? Math.round(progress.files / seconds) : 0;
  const cached = progress.fromCache ? `, ${progress.fromCache} from cache` : '';
  return (
    `[${'#'.repeat(filled)}${'-'.repeat(WIDTH - filled)}] ${progress.files}/${progress.totalFiles} files, ` +
    `${progress.findings} findings, ${seconds.toFixed(1)} s, ${rate} files/s${cached}`
  );
}
