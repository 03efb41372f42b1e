import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';

/**
 * Where rule files already read and checked are kept, compiled, between runs
 * (run/ruleFileStore.ts keeps them in the parse cache's folder). Reading the
 * shipped rules is parsing forty YAML files and compiling some thousands of
 * words, phrases and patterns, about 0.4 s before any transcript is read; a
 * run after one rule edit reads one file again and takes the others from here.
 */
export interface CompiledStore {
  /** the version of the code that reads and compiles rule files: part of every key */
  readonly version: string;
  get(key: string): Uint8Array | undefined;
  set(key: string, compiled: Uint8Array): void;
}

/** A key (40 hex digits) for what one rule file compiles to: the code's version, the file's name as shown in messages, its text, and what else it was read with. */
export function compiledKey(store: CompiledStore, file: string, text: string, readWith: string): string {
  return createHash('sha256').update(store.version).update('\0').update(file).update('\0').update(readWith).update('\0').update(text).digest('hex').slice(0, 40);
}

/**
 * What a rule file compiled to, from the store, or made by `compile` and kept
 * there. Only a file read without a problem is kept (`compile` says so), so a
 * file with a mistake is read, and its mistake reported, every time. A
 * structured clone keeps which objects are shared within the file (a lexicon
 * named twice in one rule is one list of matchers).
 */
export function compiledOnce<T>(store: CompiledStore | undefined, key: () => string, compile: () => { value: T; keep: boolean }): T {
  if (!store) return compile().value;
  const at = key();
  const kept = store.get(at);
  if (kept) {
    try {
      return deserialize(kept) as T;
    } catch {
      // damaged: read the file again
    }
  }
  const { value, keep } = compile();
  if (keep) {
    try {
      store.set(at, serialize(value));
    } catch {
      // something that cannot be copied is only read again next time
    }
  }
  return value;
}
