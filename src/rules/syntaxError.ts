/**
 * A pattern or regex a rule file cannot use, with where in the entry the
 * problem is (`length` characters from `offset`), so the message can point
 * inside the pattern. Its own module: the pattern and the regex compilers both throw it.
 */
export class PatternSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
    readonly length = 0,
  ) {
    super(message);
  }
}
