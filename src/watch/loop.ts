/** Where changes come from: fs.watch in the program, a hand-driven source in tests. `start` returns a function that stops it. */
export interface ChangeSource {
  start(onChange: (file: string) => void): () => void;
}

/** setTimeout and clearTimeout, injectable so a test decides when the debounce fires. */
export interface Timer {
  set(fire: () => void, ms: number): unknown;
  clear(handle: unknown): void;
}

export const realTimer: Timer = { set: (fire, ms) => setTimeout(fire, ms), clear: (handle) => clearTimeout(handle as NodeJS.Timeout) };

export interface WatchLoopOptions {
  source: ChangeSource;
  /** quiet time after the last change before a re-run: an editor's save is often several events */
  debounceMs: number;
  timer?: Timer;
  /** re-runs with the files that changed since the last run, in order of first change */
  rerun: (changed: string[]) => Promise<void>;
}

/**
 * Debounced re-runs, one at a time: changes during a run are gathered and
 * start one more run when it ends. `stop` stops listening and waits for the
 * run under way, so nothing is left half written.
 */
export class WatchLoop {
  private pending: string[] = [];
  private timerHandle: unknown;
  private running: Promise<void> | undefined;
  private stopSource: (() => void) | undefined;
  private stopped = false;
  private finished!: () => void;
  /** settles when the loop is stopped and the last run has ended */
  readonly done = new Promise<void>((resolve) => (this.finished = resolve));

  constructor(private readonly options: WatchLoopOptions) {}

  start(): void {
    this.stopSource = this.options.source.start((file) => this.changed(file));
  }

  private get timer(): Timer {
    return this.options.timer ?? realTimer;
  }

  private changed(file: string): void {
    if (this.stopped) return;
    if (!this.pending.includes(file)) this.pending.push(file);
    if (this.timerHandle !== undefined) this.timer.clear(this.timerHandle);
    this.timerHandle = this.timer.set(() => this.fire(), this.options.debounceMs);
  }

  private fire(): void {
    this.timerHandle = undefined;
    // a run under way picks the new changes up when it ends
    if (this.running || this.stopped || this.pending.length === 0) return;
    const changed = this.pending;
    this.pending = [];
    this.running = this.options.rerun(changed).finally(() => {
      this.running = undefined;
      if (this.stopped) this.finished();
      else if (this.pending.length > 0) this.fire();
    });
  }

  /** Stops listening; resolves once a run under way has finished. */
  async stop(): Promise<void> {
    if (this.stopped) return this.done;
    this.stopped = true;
    this.stopSource?.();
    if (this.timerHandle !== undefined) this.timer.clear(this.timerHandle);
    if (!this.running) this.finished();
    return this.done;
  }
}
