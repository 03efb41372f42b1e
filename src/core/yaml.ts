import { isMap, isScalar, isSeq, LineCounter, parseDocument, Scalar, type Node, type Pair } from 'yaml';
import { LevenshteinDistance as levenshtein } from 'natural/lib/natural/distance/levenshtein_distance.js';
import { errorMessage, type JobmapMessage, type MessageDetail, type MessageSource, type Point } from './message.js';

/**
 * Reads a YAML rule file while keeping each value's position, so that every
 * problem is reported as file:line:col with what was expected there.
 */
export class YamlReader {
  /** each problem found, an error message from `source` */
  readonly problems: JobmapMessage[] = [];
  private readonly lines = new LineCounter();
  readonly root: Node | null;

  constructor(
    readonly file: string,
    private readonly text: string,
    private readonly source: MessageSource,
  ) {
    const doc = parseDocument(text, { lineCounter: this.lines, prettyErrors: false, uniqueKeys: true });
    for (const error of doc.errors) {
      const message = error.message.split('\n')[0]!;
      // `words: [@negative-emotions]` is the likeliest way to meet this one
      const hint = /reserved character @/.test(message) ? '; write a lexicon in quotes: ["@name"]' : '';
      this.problems.push(errorMessage(source, `YAML syntax: ${message}${hint}`, { place: { file, start: this.pointAt(error.pos[0]) } }));
    }
    this.root = doc.errors.length > 0 ? null : ((doc.contents as Node | null) ?? null);
  }

  /** A problem with a value: it starts where the value does and ends where it ends. */
  fail(node: Node | null | undefined, message: string, detail: Pick<MessageDetail, 'expected' | 'actual'> = {}): void {
    const range = node?.range;
    const place = { file: this.file, start: this.pointAt(range?.[0] ?? 0), ...(range ? { end: this.pointAt(this.contentEnd(range[0], range[1])) } : {}) };
    this.problems.push(errorMessage(this.source, message, { place, ...detail }));
  }

  /**
   * A problem inside a text value, `length` characters from `offset` in the
   * value as read (a bad piece of a pattern): its place is those characters in
   * the file, past the quotes and escapes. A value whose characters cannot be
   * told apart in the file (a block or a folded line) is pointed at whole.
   */
  failInside(node: Node, offset: number, length: number, message: string): void {
    const start = sourceOffset(node, this.text, offset);
    if (start === undefined) return this.fail(node, message);
    const end = sourceOffset(node, this.text, offset + length) ?? start;
    this.problems.push(errorMessage(this.source, message, { place: { file: this.file, start: this.pointAt(start), ...(end > start ? { end: this.pointAt(end) } : {}) } }));
  }

  /** A block mapping or list runs to the start of the next line; its content ends before the line break. */
  private contentEnd(start: number, end: number): number {
    while (end > start && /\s/.test(this.text[end - 1]!)) end--;
    return end;
  }

  private pointAt(offset: number): Point {
    const { line, col } = this.lines.linePos(offset);
    return { line, column: col };
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
        this.fail(pair.key, `unknown key "${key}" in ${what}${suggest(key, known)}; expected one of: ${known.join(', ')}`, { expected: known, actual: key });
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
    this.fail(node, `${what} should be one of: ${options.join(', ')}${value ? suggest(value, [...options]) : ''}`, {
      expected: [...options],
      ...(value !== undefined ? { actual: value } : {}),
    });
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

/**
 * Where the character `offset` characters into a one-line scalar's value sits
 * in the file's text: plain values are as written, quoted ones count their
 * quote and escapes (`''` in single quotes, `\n` or `\u00e9` in double quotes).
 */
function sourceOffset(node: Node, text: string, offset: number): number | undefined {
  const range = node.range;
  if (!(node instanceof Scalar) || !range) return undefined;
  const written = text.slice(range[0], range[1]);
  if (written.includes('\n')) return undefined;
  if (node.type === Scalar.PLAIN) return written === String(node.value) ? range[0] + offset : undefined;
  if (node.type !== Scalar.QUOTE_SINGLE && node.type !== Scalar.QUOTE_DOUBLE) return undefined;
  let at = 1;
  for (let read = 0; read < offset && at < written.length - 1; read++) at += charWidth(written, at, node.type);
  return range[0] + at;
}

/** How many characters of the file one character of a quoted value takes. */
function charWidth(written: string, at: number, type: Scalar.Type): number {
  if (type === Scalar.QUOTE_SINGLE) return written.startsWith("''", at) ? 2 : 1;
  if (written[at] !== '\\') return 1;
  return { x: 4, u: 6, U: 10 }[written[at + 1] as 'x' | 'u' | 'U'] ?? 2;
}

/** ` (did you mean "x"?)` when a known name is within two edits. */
export function suggest(key: string, known: string[]): string {
  const best = known.map((k) => ({ k, d: levenshtein(key.toLowerCase(), k) })).sort((a, b) => a.d - b.d)[0];
  return best && best.d <= 2 ? ` (did you mean "${best.k}"?)` : '';
}
