/** Two jobs that could merge, and how alike they are. */
export interface Merge {
  score: number;
  a: number;
  b: number;
  /** the versions of the two jobs when scored: a job that has grown since is scored again */
  va: number;
  vb: number;
}

/**
 * A max-heap of candidate merges: the most alike pair first, ties to the lower
 * indexes. Kept in typed arrays: a large study pushes and pops some hundred
 * thousand merges, and objects would cost more to collect than to compare.
 */
export class MergeHeap {
  private size = 0;
  private scores = new Float64Array(1024);
  private pairs = new Int32Array(4 * 1024);

  push(merge: Merge): void {
    if (this.size === this.scores.length) this.grow();
    let i = this.size++;
    this.put(i, merge.score, merge.a, merge.b, merge.va, merge.vb);
    while (i > 0) {
      const up = (i - 1) >> 1;
      if (!this.before(i, up)) break;
      this.swap(i, up);
      i = up;
    }
  }

  pop(): Merge | undefined {
    if (this.size === 0) return undefined;
    const p = this.pairs;
    const top = { score: this.scores[0]!, a: p[0]!, b: p[1]!, va: p[2]!, vb: p[3]! };
    this.size--;
    if (this.size > 0) {
      this.swap(0, this.size);
      for (let i = 0; ;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let best = i;
        if (l < this.size && this.before(l, best)) best = l;
        if (r < this.size && this.before(r, best)) best = r;
        if (best === i) break;
        this.swap(i, best);
        i = best;
      }
    }
    return top;
  }

  private before(x: number, y: number): boolean {
    const sx = this.scores[x]!;
    const sy = this.scores[y]!;
    if (sx !== sy) return sx > sy;
    const p = this.pairs;
    return p[4 * x]! < p[4 * y]! || (p[4 * x] === p[4 * y] && p[4 * x + 1]! < p[4 * y + 1]!);
  }

  private put(i: number, score: number, a: number, b: number, va: number, vb: number): void {
    this.scores[i] = score;
    const p = this.pairs;
    p[4 * i] = a;
    p[4 * i + 1] = b;
    p[4 * i + 2] = va;
    p[4 * i + 3] = vb;
  }

  private swap(i: number, j: number): void {
    const p = this.pairs;
    const score = this.scores[i]!;
    this.scores[i] = this.scores[j]!;
    this.scores[j] = score;
    for (let k = 0; k < 4; k++) {
      const kept = p[4 * i + k]!;
      p[4 * i + k] = p[4 * j + k]!;
      p[4 * j + k] = kept;
    }
  }

  private grow(): void {
    const scores = new Float64Array(2 * this.scores.length);
    scores.set(this.scores);
    const pairs = new Int32Array(2 * this.pairs.length);
    pairs.set(this.pairs);
    this.scores = scores;
    this.pairs = pairs;
  }
}
