import { PatternSyntaxError } from './syntaxError.js';

/**
 * Regular expressions are the escape hatch of the rule language. JavaScript's
 * engine backtracks, so a regex like `(\w+\s?)+$` can take minutes on one
 * sentence that almost matches. Two guards keep a user's regex from hanging a run:
 *
 * 1. at load time, shapes that backtrack badly are rejected with the reason:
 *    a repeated group that itself holds a repetition (`(a+)+`), a repeated
 *    group whose choices can start alike (`(a|ab)*`, `(\w|\s)+`), two
 *    unbounded repetitions of the same characters with nothing required
 *    between them (`\w+\s*\w+`, `.*.*`), and back-references;
 * 2. at match time, a regex only sees the first REGEX_INPUT_LIMIT characters of
 *    a sentence, so what remains (`.*x.*y` on a run of x's) stays small.
 */
export const REGEX_INPUT_LIMIT = 1000;

/** Compiles a `regex` entry: case-insensitive, Unicode; throws PatternSyntaxError with the reason it is refused. */
export function compileRegex(source: string): RegExp {
  let regex: RegExp;
  try {
    regex = new RegExp(source, 'iu');
  } catch (error) {
    throw new PatternSyntaxError(`not a valid regular expression: ${(error as Error).message.replace(/^Invalid regular expression: \/.*\/\w*: /, '')}`, 0);
  }
  checkBacktracking(source);
  if (regex.test('')) throw new PatternSyntaxError('the regex matches an empty sentence, so it would match everything', 0);
  return regex;
}

/** Characters an atom can match, roughly: categories (letter, digit, underscore, space, other) and single characters. */
interface CharSet {
  kinds: Set<string>;
  chars: Set<string>;
}

const ANY = (): CharSet => ({ kinds: new Set(['L', 'D', '_', 'S', 'P']), chars: new Set() });
const ESCAPES: Record<string, string[]> = { d: ['D'], w: ['L', 'D', '_'], s: ['S'], D: ['L', '_', 'S', 'P'], W: ['S', 'P'], S: ['L', 'D', '_', 'P'] };

function kindOf(c: string): string {
  return /\p{L}/u.test(c) ? 'L' : /\d/.test(c) ? 'D' : c === '_' ? '_' : /\s/.test(c) ? 'S' : 'P';
}

function overlap(a: CharSet, b: CharSet): boolean {
  const has = (set: CharSet, c: string) => set.chars.has(c) || set.kinds.has(kindOf(c));
  return [...a.kinds].some((k) => b.kinds.has(k)) || [...a.chars].some((c) => has(b, c)) || [...b.chars].some((c) => has(a, c));
}

function union(sets: CharSet[]): CharSet {
  return { kinds: new Set(sets.flatMap((s) => [...s.kinds])), chars: new Set(sets.flatMap((s) => [...s.chars])) };
}

/** One piece of a regex with its quantifier. */
interface Atom {
  text: string;
  set: CharSet;
  min: number;
  max: number;
  /** a repetition happens somewhere inside (a group holding `+`, `*` or `{n,}`) */
  repeatsInside: boolean;
  /** for a group of choices: what each choice can start with */
  firsts: CharSet[];
}

/** A small reader of the regex's shape: enough to see repetition, choices and what characters each part takes. */
class Shape {
  private at = 0;
  constructor(private readonly source: string) {}

  check(): void {
    this.body();
  }

  /** Choices up to the closing ")" (not consumed) or the end. */
  private body(): { set: CharSet; repeatsInside: boolean; firsts: CharSet[] } {
    const choices: Atom[][] = [[]];
    while (this.at < this.source.length && this.source[this.at] !== ')') {
      if (this.source[this.at] === '|') {
        this.at++;
        choices.push([]);
        continue;
      }
      const atom = this.atom();
      if (atom) choices[choices.length - 1]!.push(atom);
    }
    choices.forEach((choice) => this.checkSequence(choice));
    const atoms = choices.flat();
    return {
      set: union(atoms.map((a) => a.set)),
      repeatsInside: atoms.some((a) => a.repeatsInside || a.max > 1),
      firsts: choices.map((choice) => choice[0]?.set ?? ANY()),
    };
  }

  /** The next atom with its quantifier; undefined for zero-width pieces (^, $, \b, lookarounds). */
  private atom(): Atom | undefined {
    const from = this.at;
    const c = this.source[this.at]!;
    let set: CharSet | undefined;
    let inner = { repeatsInside: false, firsts: [] as CharSet[] };
    if (c === '(') {
      this.at++;
      const prefix = /^\?(<[=!]|<[^>]*>|[:=!])/.exec(this.source.slice(this.at))?.[0] ?? '';
      this.at += prefix.length;
      const body = this.body();
      this.at++;
      if (/^\?(<?[=!])$/.test(prefix)) return this.skipQuantifier();
      set = body.set;
      inner = body;
    } else if (c === '[') {
      set = this.charClass();
    } else if (c === '\\') {
      set = this.escape();
    } else if (c === '^' || c === '$') {
      this.at++;
    } else {
      this.at++;
      set = c === '.' ? ANY() : { kinds: new Set(), chars: new Set([c.toLowerCase(), c.toUpperCase()]) };
    }
    if (!set) return this.skipQuantifier();
    const [min, max] = this.quantifier();
    const atom: Atom = { text: this.source.slice(from, this.at), set, min, max, repeatsInside: inner.repeatsInside, firsts: inner.firsts };
    if (max > 1) this.checkRepeatedGroup(atom);
    return atom;
  }

  private checkRepeatedGroup(atom: Atom): void {
    if (atom.repeatsInside) {
      throw new PatternSyntaxError(
        `nested quantifier in "${atom.text}": a repeated group that itself repeats can take exponential time on a sentence that almost matches (catastrophic backtracking); repeat only once, e.g. "(\\w+ )+" -> "[\\w ]+"`,
        0,
      );
    }
    const { firsts } = atom;
    if (firsts.some((a, i) => firsts.some((b, j) => j > i && overlap(a, b)))) {
      throw new PatternSyntaxError(
        `ambiguous alternation under a quantifier in "${atom.text}": choices that can start alike make a repeated group try every split of the words (catastrophic backtracking); use a character class or choices that start differently`,
        0,
      );
    }
  }

  /**
   * Two unbounded repetitions that can take the same characters, with nothing
   * required between them (`\w+\s*\w+`, `.*.*`), try every split point: time
   * grows with a power of the sentence length.
   */
  private checkSequence(atoms: Atom[]): void {
    // unbounded repetitions since the last required part
    let open: Atom[] = [];
    for (const atom of atoms) {
      const twin = atom.max === Infinity ? open.find((earlier) => overlap(earlier.set, atom.set)) : undefined;
      if (twin) {
        throw new PatternSyntaxError(
          `"${twin.text}" and "${atom.text}" can match the same characters with nothing required between them, so matching tries every split point (slow backtracking); put a required separator between them or merge them`,
          0,
        );
      }
      if (atom.min > 0) open = [];
      if (atom.max === Infinity) open.push(atom);
    }
  }

  private quantifier(): [number, number] {
    const rest = this.source.slice(this.at);
    const m = /^(\*|\+|\?|\{(\d+)(,(\d*))?\})\??/.exec(rest);
    if (!m) return [1, 1];
    this.at += m[0].length;
    if (m[1] === '*') return [0, Infinity];
    if (m[1] === '+') return [1, Infinity];
    if (m[1] === '?') return [0, 1];
    const min = Number(m[2]);
    return [min, m[3] === undefined ? min : m[4] === '' ? Infinity : Number(m[4])];
  }

  private skipQuantifier(): undefined {
    this.quantifier();
    return undefined;
  }

  private charClass(): CharSet {
    const start = this.at;
    let i = this.at + 1;
    if (this.source[i] === '^') i++;
    if (this.source[i] === ']') i++;
    for (; i < this.source.length && this.source[i] !== ']'; i++) if (this.source[i] === '\\') i++;
    this.at = i + 1;
    const inside = this.source.slice(start + 1, i);
    if (inside.startsWith('^')) return ANY();
    const set: CharSet = { kinds: new Set(), chars: new Set() };
    for (let j = 0; j < inside.length; j++) {
      const c = inside[j]!;
      if (c === '\\') {
        const e = inside[++j] ?? '';
        (ESCAPES[e] ?? [kindOf(e)]).forEach((k) => set.kinds.add(k));
      } else if (inside[j + 1] === '-' && j + 2 < inside.length) {
        set.kinds.add(kindOf(c));
        set.kinds.add(kindOf(inside[j + 2]!));
        j += 2;
      } else set.chars.add(c.toLowerCase()).add(c.toUpperCase());
    }
    return set;
  }

  private escape(): CharSet | undefined {
    const e = this.source[this.at + 1] ?? '';
    if (/[1-9k]/.test(e)) {
      throw new PatternSyntaxError(`back-reference "\\${e}" is not allowed: it makes matching time unbounded; repeat the words instead`, this.at);
    }
    this.at += 2;
    if (e === 'b' || e === 'B') return undefined;
    if (e === 'p' || e === 'P' || e === 'u' || e === 'x') {
      // \p{L}, \u{...}, \x41: a class or one character; skip its argument
      const arg = /^(\{[^}]*\}|[0-9a-fA-F]{2,4})/.exec(this.source.slice(this.at))?.[0] ?? '';
      this.at += arg.length;
      return e === 'p' || e === 'P' ? ANY() : { kinds: new Set(['L', 'D', 'P']), chars: new Set() };
    }
    if (ESCAPES[e]) return { kinds: new Set(ESCAPES[e]), chars: new Set() };
    return { kinds: new Set(), chars: new Set([e]) };
  }
}

function checkBacktracking(source: string): void {
  new Shape(source).check();
}

/** The character span of the regex's first match in the sentence, if it matches within the input limit. */
export function findRegex(regex: RegExp, text: string): [number, number] | undefined {
  const match = regex.exec(text.length > REGEX_INPUT_LIMIT ? text.slice(0, REGEX_INPUT_LIMIT) : text);
  return match ? [match.index, match.index + match[0].length] : undefined;
}
