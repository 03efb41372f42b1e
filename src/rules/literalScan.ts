/**
 * Which of many literals a text holds, found in one pass over it. The rule
 * index asks, for every sentence, whether each regex rule's required literals
 * (regexPrefilter.ts) are there; asked one regex at a time that is dozens of
 * substring searches a sentence, and nearly every answer is no. An
 * Aho-Corasick automaton reads the sentence once and marks every literal it
 * holds, overlapping ones too.
 *
 * Literals are printable ASCII (regexPrefilter.ts keeps only those), so the
 * automaton is a table of 128 columns; any other character leads back to the
 * start, since no literal holds it.
 */
const COLUMNS = 128;

export class LiteralScan {
  /** the state after each state and character: a full table, so scanning follows one entry a character */
  private readonly step: Int32Array;
  /** the literals that end at each state, through its suffixes too */
  private readonly ends: number[][];
  private readonly heldAt: Uint32Array;
  private stamp = 0;

  /** `literals` are lower case; a literal's id is its position in the list. */
  constructor(literals: readonly string[]) {
    const goto: Map<number, number>[] = [new Map()];
    const ends: number[][] = [[]];
    literals.forEach((literal, id) => {
      let state = 0;
      for (let i = 0; i < literal.length; i++) {
        const char = literal.charCodeAt(i);
        if (char >= COLUMNS) throw new Error(`literal "${literal}" is not ASCII`);
        let next = goto[state]!.get(char);
        if (next === undefined) {
          next = goto.length;
          goto.push(new Map());
          ends.push([]);
          goto[state]!.set(char, next);
        }
        state = next;
      }
      ends[state]!.push(id);
    });
    this.step = new Int32Array(goto.length * COLUMNS);
    // breadth first, so a state's longest proper suffix state is complete before the state is
    const fail = new Int32Array(goto.length);
    const queue: number[] = [];
    for (const [char, next] of goto[0]!) {
      this.step[char] = next;
      queue.push(next);
    }
    for (let head = 0; head < queue.length; head++) {
      const state = queue[head]!;
      ends[state]!.push(...ends[fail[state]!]!);
      for (let char = 0; char < COLUMNS; char++) {
        const next = goto[state]!.get(char);
        const fallback = this.step[fail[state]! * COLUMNS + char]!;
        if (next === undefined) this.step[state * COLUMNS + char] = fallback;
        else {
          this.step[state * COLUMNS + char] = next;
          fail[next] = fallback;
          queue.push(next);
        }
      }
    }
    this.ends = ends;
    this.heldAt = new Uint32Array(literals.length);
  }

  /** Reads the text; `holds` answers for it until the next scan. */
  scan(text: string): void {
    // a stamp per scan, so nothing is cleared between sentences; the marks are 32-bit, so clear them once the stamps would wrap
    if (this.stamp === 0xffffffff) {
      this.heldAt.fill(0);
      this.stamp = 0;
    }
    const stamp = ++this.stamp;
    let state = 0;
    for (let i = 0; i < text.length; i++) {
      const char = text.charCodeAt(i);
      state = char < COLUMNS ? this.step[state * COLUMNS + char]! : 0;
      const ended = this.ends[state]!;
      for (let e = 0; e < ended.length; e++) this.heldAt[ended[e]!] = stamp;
    }
  }

  /** Whether the text scanned last holds the literal. */
  holds(id: number): boolean {
    return this.heldAt[id] === this.stamp;
  }
}
