/**
 * FNV-1a, 32 bits, over a text's UTF-16 code units: a fast hash for sets of
 * words kept in the cache (run/outcomeBasis.ts) and for word pairs
 * (rules/wordPairs.ts), where two texts that share a hash only cost an
 * analysis. `hash` goes on from an earlier text, so "a b" can be hashed as
 * "a", then " ", then "b" without making the string.
 */
export function fnv1a(text: string, hash = FNV_OFFSET): number {
  for (let i = 0; i < text.length; i++) hash = fnvStep(hash, text.charCodeAt(i));
  return hash;
}

/** One code unit more. */
export function fnvStep(hash: number, code: number): number {
  return Math.imul(hash ^ code, FNV_PRIME);
}

export const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
