import * as crypto from 'node:crypto';
import type { Finding } from '../types.js';

/**
 * `<transcript>#<hash>.<category>`, the hash taken from the sentence's words:
 * a finding keeps its id when a rule changes or a line is added above it, so
 * a reviewer's decision stays with the sentence it was made on. The same
 * sentence said twice gets `-2` on its second finding of a category.
 */
export function withStableIds(findings: Finding[]): Finding[] {
  const seen = new Map<string, number>();
  // a sentence's findings of several categories come one after another: its hash is taken once
  let lastSentence: string | undefined;
  let lastHash = '';
  return findings.map((finding) => {
    if (finding.sentence !== lastSentence) [lastSentence, lastHash] = [finding.sentence, sentenceHash(finding.sentence)];
    const base = `${finding.transcript}#${lastHash}.${finding.category}`;
    const count = (seen.get(base) ?? 0) + 1;
    seen.set(base, count);
    return { ...finding, id: count === 1 ? base : `${base}-${count}` };
  });
}

/** Six hex digits of the sentence with case and spacing ignored; within one interview a clash is one in millions. */
export function sentenceHash(sentence: string): string {
  const words = sentence.toLowerCase().replace(/\s+/g, ' ').trim();
  return sha1(words).slice(0, 6);
}

/** crypto.hash, one call and no Hash object, where Node has it (20.12 and later): a run hashes tens of thousands of sentences. */
const sha1: (text: string) => string =
  typeof crypto.hash === 'function' ? (text) => crypto.hash('sha1', text, 'hex') : (text) => crypto.createHash('sha1').update(text).digest('hex');
