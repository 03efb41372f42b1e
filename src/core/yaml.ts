import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type Pair } from 'yaml';
import { LevenshteinDistance as levenshtein } from 'natural/lib/natural/distance/levenshtein_distance.js';
import { JobmapError } from '../errors.js';

/**
 * Reads a YAML rule file while keeping each value's position, so that every
 * problem is reported as file:line:col with what was expected there.
 */
export class YamlReader {
  readonly problems: JobmapError[] = [];
  private readonly lines = new LineCounter();
  readonly root: Node | null;

  constructor(
    readonly file: string,
    text: string,
  ) {
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    for (const error of doc.errors) {
      const { line, col } = this.lines.linePos(error.pos[0]);
      const message = error.message.split('\n')[0]!;
      // `words: [@negative-emotions]` is the likeliest way to meet this one
      const hint = /reserved character @/.test(message) ? '; write a lexicon in quotes: ["@name"]' : '';
      this.problems.push(new JobmapError(`YAML syntax: ${message}${hint}`, file, line, col));
    }
    this.root = doc.errors.length > 0 ? null : ((doc.contents as Node | null) ?? null);
  }

  fail(node: Node | null | undefined, message: string): void {
    const offset = node?.range?.[0] ?? 0;
    const { line, col } = this.lines.linePos(offset);
    this.problems.push(new JobmapError(message, this.file, line, col));
  }

  lineOf(node: Node | null | undefined): number {
    return this.positionOf(node).line;
  }

  positionOf(node: Node | null | undefined): { line: number; col: number } {
    return this.lines.linePos(node?.range?.[0] ?? 0);
  }

  /** The entries of a mapping; unknown keys are reported with the nearest known one. */
  map(node: Node | null | undefined, what: string, known: string[]): Map<string, Node | null> | undefined {
    if (!isMap(node)) {
      this.fail(node, `${what} should be a mapping of \`key: value\` lines`);
      return undefined;
    }
    const entries = new Map<string, Node | null>();
    for (const pair of node.items as Pair<Node, Node | null>[]) {
      const key = isScalar(pair.key) ? String(pair.key.value) : '';
      if (!known.includes(key)) {
        this.fail(pair.key, `unknown key "${key}" in ${what}${suggest(key, known)}; expected one of: ${known.join(', ')}`);
        continue;
      }
      entries.set(key, pair.value);
    }
    return entries;
  }

  string(node: Node | null | undefined, what: string): string | undefined {
    if (isScalar(node) && (typeof node.value === 'string' || typeof node.value === 'number') && String(node.value).trim() !== '') {
      return String(node.value);
    }
    this.fail(node, `${what} should be a text value`);
    return undefined;
  }

  number(node: Node | null | undefined, what: string, min: number, max: number): number | undefined {
    if (isScalar(node) && typeof node.value === 'number' && node.value >= min && node.value <= max) return node.value;
    this.fail(node, `${what} should be a number from ${min} to ${max}`);
    return undefined;
  }

  integer(node: Node | null | undefined, what: string, min: number, max: number): number | undefined {
    if (isScalar(node) && Number.isInteger(node.value) && (node.value as number) >= min && (node.value as number) <= max) return node.value as number;
    this.fail(node, `${what} should be a whole number from ${min} to ${max}`);
    return undefined;
  }

  boolean(node: Node | null | undefined, what: string): boolean | undefined {
    if (isScalar(node) && typeof node.value === 'boolean') return node.value;
    this.fail(node, `${what} should be true or false`);
    return undefined;
  }

  oneOf<T extends string>(node: Node | null | undefined, what: string, options: readonly T[]): T | undefined {
    const value = isScalar(node) ? String(node.value) : undefined;
    if (value !== undefined && (options as readonly string[]).includes(value)) return value as T;
    this.fail(node, `${what} should be one of: ${options.join(', ')}${value ? suggest(value, [...options]) : ''}`);
    return undefined;
  }

  /** A list of text values; each item comes with its node so later checks can point at it. */
  strings(node: Node | null | undefined, what: string): { value: string; node: Node }[] {
    if (isScalar(node) && typeof node.value === 'string') return [{ value: node.value, node }];
    if (!isSeq(node)) {
      this.fail(node, `${what} should be a list, e.g. [one, two] or lines starting with "- "`);
      return [];
    }
    const items: { value: string; node: Node }[] = [];
    for (const item of node.items as Node[]) {
      const value = this.string(item, `each item of ${what}`);
      if (value !== undefined) items.push({ value, node: item });
    }
    return items;
  }

  list(node: Node | null | undefined, what: string): Node[] {
    if (!isSeq(node)) {
      this.fail(node, `${what} should be a list of entries starting with "- "`);
      return [];
    }
    return node.items as Node[];
  }
}

/** ` (did you mean "x"?)` when a known name is within two edits. */
export function suggest(key: string, known: string[]): string {
  const best = known
    .map((k) => ({ k, d: levenshtein(key.toLowerCase(), k) }))
    .sort((a, b) => a.d - b.d)[0];
  return best && best.d <= 2 ? ` (did you mean "${best.k}"?)` : '';
}
