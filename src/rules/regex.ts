import { RE2JS } from 're2js';
import { PatternSyntaxError } from './syntaxError.js';
import { mayMatchText, rarestFirst, requiredLiterals, type RequiredLiterals } from './regexPrefilter.js';

/**
 * Regular expressions are the escape hatch of the rule language. JavaScript's
 * own engine backtracks, so a regex like `(\w?\w)+$` can take minutes on one
 * long word; a shape checker that refused such regexes always missed some.
 * So a rule's regex runs on RE2's engine (re2js, a pure JavaScript port): its
 * time grows linearly with the sentence, whatever the regex. The price is what
 * RE2 leaves out: back-references and lookaround (lookahead, lookbehind), which
 * a rule file is told about when it is loaded.
 *
 * A regex still sees only the first REGEX_INPUT_LIMIT characters of a
 * sentence: a bound on the time of each match, and what rules were written for.
 */
export const REGEX_INPUT_LIMIT = 1000;

/** Constructs RE2 cannot run, with what to write instead; found before the engine's own terser message. */
const UNSUPPORTED: { shape: RegExp; what: string; engineLacks: string; instead: string }[] = [
  {
    shape: /\(\?<?[=!]/,
    what: 'lookaround ("(?=", "(?!", "(?<=", "(?<!")',
    engineLacks: 'lookaround',
    instead: 'match the words themselves, or use a pattern with `unless` or `near`',
  },
  { shape: /\\(?:[1-9]|k<)/, what: 'a back-reference ("\\1", "\\k<name>")', engineLacks: 'back-references', instead: 'repeat the words instead' },
];

/** Compiles a `regex` entry (case-insensitive, Unicode); throws PatternSyntaxError with the reason it is refused. */
function compileRegex(source: string): RE2JS {
  const plain = withoutEscapedBackslashes(source);
  for (const { shape, what, engineLacks, instead } of UNSUPPORTED) {
    const found = shape.exec(plain);
    if (found)
      throw new PatternSyntaxError(
        `${what} is not supported: rule regexes run on a linear-time engine (RE2), which cannot hang a run and has no ${engineLacks}; ${instead}`,
        found.index,
        found[0].length,
      );
  }
  let regex: RE2JS;
  try {
    regex = RE2JS.compile(source, RE2JS.CASE_INSENSITIVE);
  } catch (error) {
    // the engine quotes the part it stopped at (`missing closing ): \`(abc\``), which is where to point
    const part = (error as { input?: unknown }).input;
    const at = typeof part === 'string' && part ? source.indexOf(part) : -1;
    const reason = `not a valid regular expression (RE2 syntax): ${(error as Error).message.replace(/^error parsing regexp: /i, '')}`;
    throw at < 0 ? new PatternSyntaxError(reason, 0, source.length) : new PatternSyntaxError(reason, at, (part as string).length);
  }
  if (regex.matcher('').find()) throw new PatternSyntaxError('the regex matches an empty sentence, so it would match everything', 0, source.length);
  return regex;
}

/** `\\1` is a backslash and a 1, not a back-reference; blanked out in place, so what is found keeps its offset. */
function withoutEscapedBackslashes(source: string): string {
  return source.replace(/\\\\/g, '__');
}

interface CompiledRegex {
  regex: RE2JS;
  required: RequiredLiterals;
  /** the sentence asked about last, and the answer: an `unless` lexicon's regex is asked again by every rule that reads it */
  lastText: string | undefined;
  lastFound: [number, number] | undefined;
}

/** Compiled once per thread: rules reach worker threads as plain data (a structured clone), with the regex as its source. */
const compiled = new Map<string, CompiledRegex>();

function compiledEntry(source: string): CompiledRegex {
  let entry = compiled.get(source);
  if (!entry) {
    entry = { regex: compileRegex(source), required: rarestFirst(requiredLiterals(source)), lastText: undefined, lastFound: undefined };
    compiled.set(source, entry);
  }
  return entry;
}

/**
 * Checks a `regex` entry as its rule file is read (throws PatternSyntaxError
 * with the reason it is refused), and keeps what was compiled: the thread
 * that read the rules then matches with it, rather than compiling each regex
 * a second time on its first sentence (RE2's compile is most of the cost).
 */
export function checkRegex(source: string): void {
  compiledEntry(source);
}

/** The character span of the regex's first match in the sentence, if it matches within the input limit. */
export function findRegex(source: string, text: string): [number, number] | undefined {
  const entry = compiledEntry(source);
  if (text === entry.lastText) return entry.lastFound;
  entry.lastText = text;
  entry.lastFound = firstMatch(entry, text);
  return entry.lastFound;
}

function firstMatch(entry: CompiledRegex, text: string): [number, number] | undefined {
  const input = text.length > REGEX_INPUT_LIMIT ? text.slice(0, REGEX_INPUT_LIMIT) : text;
  // a sentence without the words the regex cannot do without is not worth the engine's time (regexPrefilter.ts); the rarest are asked first, so most sentences are turned away by one
  if (!mayMatchText(entry.required, input)) return undefined;
  // most sentences the literals let through still do not match: whether one does is asked first of the engine's fast
  // path (no spans to track, a DFA), and only a sentence that matches is searched again for where
  if (!entry.regex.test(input)) return undefined;
  const matcher = entry.regex.matcher(input);
  return matcher.find() ? [matcher.start(), matcher.end()] : undefined;
}
