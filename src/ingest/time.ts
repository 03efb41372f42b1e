/** Clock times as transcripts write them: `1:05`, `00:01:05`, `00:01:05.250` (VTT), `00:01:05,250` (SRT). */
const CLOCK = /^(?:(\d{1,3}):)?(\d{1,2}):(\d{2})(?:[.,](\d{1,3}))?$/;

/** Seconds from a clock time, or undefined when it is not one. */
export function parseClock(text: string): number | undefined {
  const m = CLOCK.exec(text.trim());
  if (!m) return undefined;
  const [, hours, minutes, seconds, fraction] = m;
  if (Number(seconds) >= 60 || (hours !== undefined && Number(minutes) >= 60)) return undefined;
  return Number(hours ?? 0) * 3600 + Number(minutes) * 60 + Number(seconds) + Number(`0.${fraction ?? 0}`);
}

/** `00:01:05`: one form for every source, whole seconds (a quote is found by ear, not by the millisecond). */
export function formatTime(seconds: number): string {
  const whole = Math.max(0, Math.floor(seconds));
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(whole / 3600))}:${pad(Math.floor(whole / 60) % 60)}:${pad(whole % 60)}`;
}

/** A clock time as written in the source, normalised; undefined when it is not one. */
export function normaliseClock(text: string): string | undefined {
  const seconds = parseClock(text);
  return seconds === undefined ? undefined : formatTime(seconds);
}
