import type { Sentence } from '../types.js';

/** Lowercase words joined by single spaces: splitters and quoting differ, words do not. */
export function canonical(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, ' ')
    .trim();
}

/**
 * Finds which of our sentences each labelled text overlaps, by locating both
 * in one canonical stream of the transcript's words. Returns undefined for a
 * label whose words do not occur in the transcript.
 */
export function alignLabels(sentences: Sentence[], labels: string[]): (number[] | undefined)[] {
  let stream = '';
  const spans: [number, number][] = [];
  for (const sentence of sentences) {
    if (stream) stream += ' ';
    const start = stream.length;
    stream += canonical(sentence.text);
    spans.push([start, stream.length]);
  }
  let cursor = 0;
  return labels.map((label) => {
    const probe = canonical(label);
    if (!probe) return undefined;
    let at = stream.indexOf(probe, cursor);
    if (at < 0) at = stream.indexOf(probe);
    if (at < 0) return undefined;
    cursor = at + probe.length;
    const end = at + probe.length;
    return spans.flatMap(([s, e], index) => (s < end && at < e ? [index] : []));
  });
}
