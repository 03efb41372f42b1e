/** The agreement measures eval reports, each small enough to check by hand. */

/** part / whole, or null where the whole is empty and the measure does not apply. */
export function ratio(part: number, whole: number): number | null {
  return whole ? part / whole : null;
}

/** The harmonic mean of precision and recall; null where there is nothing to recall. */
export function f1Of(precision: number | null, recall: number | null): number | null {
  if (recall === null) return null;
  return precision && recall ? (2 * precision * recall) / (precision + recall) : 0;
}

/** Two coders' yes/no decisions on the same units. */
export interface Agreement {
  both: number;
  goldOnly: number;
  rulesOnly: number;
  neither: number;
}

/**
 * Cohen's kappa: (observed - expected) / (1 - expected), where expected is the
 * agreement two coders with these yes-rates would reach by chance. 1 is perfect,
 * 0 chance; null when chance agreement is already perfect (both say only no).
 */
export function cohensKappa({ both, goldOnly, rulesOnly, neither }: Agreement): number | null {
  const n = both + goldOnly + rulesOnly + neither;
  if (n === 0) return null;
  const observed = (both + neither) / n;
  const goldYes = (both + goldOnly) / n;
  const rulesYes = (both + rulesOnly) / n;
  const expected = goldYes * rulesYes + (1 - goldYes) * (1 - rulesYes);
  return expected === 1 ? null : (observed - expected) / (1 - expected);
}

/**
 * B-cubed precision and recall of a clustering against reference groups: for
 * each item, the share of its cluster that shares its group (precision) and the
 * share of its group that shares its cluster (recall), averaged over items.
 */
export function bcubed(items: { cluster: string; group: string }[]): { precision: number; recall: number; f1: number } | null {
  if (items.length === 0) return null;
  const count = (key: (item: (typeof items)[number]) => string) => {
    const counts = new Map<string, number>();
    for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1);
    return counts;
  };
  const clusters = count((i) => i.cluster);
  const groups = count((i) => i.group);
  const both = count((i) => `${i.cluster}\u0000${i.group}`);
  let precision = 0;
  let recall = 0;
  for (const item of items) {
    const shared = both.get(`${item.cluster}\u0000${item.group}`)!;
    precision += shared / clusters.get(item.cluster)!;
    recall += shared / groups.get(item.group)!;
  }
  precision /= items.length;
  recall /= items.length;
  return { precision, recall, f1: f1Of(precision, recall)! };
}

export function round<T extends number | null>(value: T): T {
  return (value === null ? null : Math.round(value * 100) / 100) as T;
}

export function mean(values: number[]): number {
  return values.length ? values.reduce((sum, v) => sum + v, 0) / values.length : 0;
}
