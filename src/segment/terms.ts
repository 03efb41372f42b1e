import { stem } from './nlp.js';

const STOPWORDS = new Set(
  (
    'a an the my our your their his her its this that these those some any of to for in on at by with from about into ' +
    'and or but it them me us i we you they he she be is are was were am been do does did have has had get got ' +
    'thing things stuff lot lots more most very so just really also like what which who up out'
  ).split(' '),
);

/** Content-word stems of a statement: the terms its similarity is measured on. */
export function terms(statement: string): string[] {
  const words = statement.toLowerCase().match(/[\p{L}\p{N}']+/gu) ?? [];
  return [...new Set(words.filter((w) => !STOPWORDS.has(w)).map(stem))];
}
