/** The forms of a word a pattern counts: its lemma, and words sharing its stem that start like it and are not its doer. */
import { stem } from '../segment/nlp.js';
import type { Token } from '../types.js';
import type { FormIndex, WordElement, WordForm } from './pattern.js';

export function wordForm(word: string): WordForm {
  return { lemma: word, stem: stem(word), prefix: word.replace(/[ey]$/, '') };
}

/**
 * "frustrate" hits frustrated, frustrating, frustration; the prefix check keeps
 * the Porter stem from joining unrelated words ("generic" would hit "generally").
 */
export function formMatches(form: WordForm, token: Token): boolean {
  if (token.lemma === form.lemma || token.norm === form.lemma) return true;
  return token.stem === form.stem && derivedForm(form, token);
}

/**
 * A word sharing the form's stem that is one of its forms: it starts like it,
 * and it is not the person or thing that does it. Porter's stem takes "-er"
 * off "manager" and "designer", so "manage" and "design" would hit them, and
 * "my manager approves the budget" read as the participant managing.
 */
function derivedForm(form: WordForm, token: Token): boolean {
  return (token.norm.startsWith(form.prefix) || token.lemma.startsWith(form.prefix)) && !isAgentNoun(token.lemma, form.lemma);
}

/** "manager(s)" of "manage", "designer" of "design", "planner" of "plan", "editor" of "edit", "creator" of "create". */
function isAgentNoun(word: string, verb: string): boolean {
  const one = word.endsWith('s') ? word.slice(0, -1) : word;
  const stemOf = verb.endsWith('e') ? verb.slice(0, -1) : verb;
  return one === `${stemOf}er` || one === `${stemOf}or` || one === `${verb}${verb.at(-1)}er`;
}

function indexForms(forms: WordForm[]): FormIndex {
  const byLemma = new Map<string, WordForm>();
  const byStem = new Map<string, WordForm[]>();
  for (const form of forms) {
    byLemma.set(form.lemma, form);
    byStem.set(form.stem, [...(byStem.get(form.stem) ?? []), form]);
  }
  return { byLemma, byStem };
}

/** Does any of the forms match the token? The same test as formMatches, looked up instead of scanned. */
export function anyFormMatches(element: WordElement, token: Token): boolean {
  if (!element.forms) return false;
  const index = (element.formIndex ??= indexForms(element.forms));
  if (index.byLemma.has(token.lemma) || index.byLemma.has(token.norm)) return true;
  const sameStem = index.byStem.get(token.stem);
  if (!sameStem) return false;
  for (let f = 0; f < sameStem.length; f++) if (derivedForm(sameStem[f]!, token)) return true;
  return false;
}
