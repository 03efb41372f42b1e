import { LiteralScan } from './literalScan.js';
import { foldCase, requiredLiterals } from './regexPrefilter.js';

/**
 * The rule index's regex entries. A regex has no words to be indexed by, so
 * each sentence weighs all of them; the literals each needs (regexPrefilter.ts)
 * are looked for in one pass over the sentence (literalScan.ts), and only the
 * regexes whose literals are all there become candidates. Most sentences
 * carry none of them to the engine.
 */
export class RegexEntries<E> {
  private readonly scan: LiteralScan;
  /** for each entry, its groups of literal ids: one of each group must be in the text */
  private readonly needs: number[][][];

  constructor(
    private readonly entries: E[],
    sources: string[],
  ) {
    const ids = new Map<string, number>();
    const idOf = (literal: string) => {
      let id = ids.get(literal);
      if (id === undefined) ids.set(literal, (id = ids.size));
      return id;
    };
    this.needs = sources.map((source) => requiredLiterals(source).map((choices) => choices.map(idOf)));
    this.scan = new LiteralScan([...ids.keys()]);
  }

  get size(): number {
    return this.entries.length;
  }

  /** Adds to `found` the entries the text may match; without the text, every entry (the regex decides). */
  addCandidates(text: string | undefined, found: E[]): void {
    if (this.entries.length === 0) return;
    if (text === undefined) {
      found.push(...this.entries);
      return;
    }
    this.scan.scan(foldCase(text));
    for (let i = 0; i < this.entries.length; i++) if (this.holdsAll(this.needs[i]!)) found.push(this.entries[i]!);
  }

  /** Loops, not some() with a callback: asked for every regex entry of every sentence, a closure each would be garbage. */
  private holdsAll(groups: number[][]): boolean {
    for (let g = 0; g < groups.length; g++) if (!this.holdsOne(groups[g]!)) return false;
    return true;
  }

  private holdsOne(group: number[]): boolean {
    for (let i = 0; i < group.length; i++) if (this.scan.holds(group[i]!)) return true;
    return false;
  }
}
