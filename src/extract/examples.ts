import { parseTranscript } from '../ingest/index.js';
import { indexRules, type RuleIndex } from '../rules/ruleIndex.js';
import type { Lexicon } from '../rules/cues.js';
import { CueList } from '../rules/cueList.js';
import { contentWords } from '../rules/find.js';
import { findPattern } from '../rules/patternMatch.js';
import type { Example, Rule } from '../rules/types.js';
import { segmentTranscript } from '../segment/index.js';
import type { Role, SegmentedTranscript, Sentence, Transcript, Turn } from '../types.js';
import { findingsOf } from './index.js';
import { matchSentence, type RuleHit } from './match.js';

export interface ExampleFailure {
  rule: Rule;
  expected: 'match' | 'no_match';
  example: Example;
  /** what the rule did on the example: fired, blocked (and why), or nothing */
  outcome: string;
}

/**
 * Runs every rule's `examples` as a test: `match` sentences must fire the
 * rule (on the words in `matched`, and making a finding of the `subtype`,
 * when the example says), `no_match` ones must not.
 */
export function checkExamples(rules: Rule[]): ExampleFailure[] {
  const failures: ExampleFailure[] = [];
  const everyRule = indexRules(rules);
  for (const rule of rules) {
    const index = indexRules([rule]);
    const cases = [
      ...rule.examples.match.map((example) => ({ example, expected: 'match' as const })),
      ...rule.examples.noMatch.map((example) => ({ example, expected: 'no_match' as const })),
    ];
    for (const { example, expected } of cases) {
      const segmented = exampleTranscript(example.text, rule.conditions.speaker === 'interviewer' ? 'interviewer' : 'participant');
      // In a dialogue example only the speaker the rule reads is under test; the rest is context.
      const outcomes = segmented.sentences
        .filter((sentence) => rule.conditions.speaker === 'any' || sentence.role === rule.conditions.speaker)
        .flatMap((sentence) => matchSentence(index, sentence, segmented.sentences).map((hit) => ({ hit, sentence })));
      const fired = outcomes.find(({ hit }) => hit.status === 'fired');
      if ((expected === 'match') === Boolean(fired)) {
        const wrong = fired && detailsDiffer(example, fired, rule, everyRule, segmented);
        if (wrong) failures.push({ rule, expected, example, outcome: wrong });
        continue;
      }
      const shown = fired ?? outcomes[0];
      failures.push({ rule, expected, example, outcome: shown ? describeHit(shown.hit, shown.sentence.text) : 'nothing matched' });
    }
  }
  return failures;
}

export interface LexiconExampleFailure {
  lexicon: Lexicon;
  file: string;
  expected: 'match' | 'no_match';
  example: Example;
  /** what the lexicon's entries found in the example: the words and the entry, or nothing */
  outcome: string;
}

/**
 * Runs every lexicon's `examples` as a test: one of its entries must find
 * words in each `match` sentence (the words in `matched`, when it says),
 * none in a `no_match` one. A lexicon is a list of cues, not a rule: no
 * condition is read, so its examples show what its words catch wherever it
 * is used; a rule that uses it shows its own.
 */
export function checkLexiconExamples(lexicons: Lexicon[]): LexiconExampleFailure[] {
  return lexicons.flatMap((lexicon) =>
    lexicon.examples.flatMap(({ file, match, noMatch }) =>
      [...match.map((example) => ({ example, expected: 'match' as const })), ...noMatch.map((example) => ({ example, expected: 'no_match' as const }))].flatMap(
        ({ example, expected }) => {
          const found = lexiconFinds(lexicon, example.text);
          const right =
            expected === 'match' ? found !== undefined && (example.matched === undefined || found.words.toLowerCase() === example.matched.toLowerCase()) : found === undefined;
          if (right) return [];
          const outcome = found ? `found "${found.words}" (${found.entry})` : 'nothing found';
          return [{ lexicon, file, expected, example, outcome }];
        },
      ),
    ),
  );
}

/** The first words one of the lexicon's entries finds in the example's participant sentences, and the entry as written. */
function lexiconFinds(lexicon: Lexicon, text: string): { words: string; entry: string } | undefined {
  const { sentences } = exampleTranscript(text, 'participant');
  // the entry as every rule's cue list finds it (cueList.ts, anchors and all), then where it is
  const cues = new CueList(lexicon.matchers);
  for (const sentence of sentences.filter((s) => s.role === 'participant')) {
    const words = contentWords(sentence.tokens);
    const matcher = cues.find(sentence, words);
    const span = matcher && findPattern(matcher.pattern, words, sentence.text);
    if (span) return { words: sentence.text.slice(words[span.start]!.start, words[span.end - 1]!.end), entry: `${matcher.kind} "${matcher.source}"` };
  }
  return undefined;
}

/** What a fired `match` example got wrong: the words matched, or the subtype of the finding every rule of the category makes. */
function detailsDiffer(example: Example, fired: { hit: RuleHit; sentence: Sentence }, rule: Rule, everyRule: RuleIndex, segmented: SegmentedTranscript): string | undefined {
  const { sentence } = fired;
  const matched = sentence.text.slice(fired.hit.span[0], fired.hit.span[1]);
  if (example.matched !== undefined && matched.toLowerCase() !== example.matched.toLowerCase()) return `matched "${matched}", not "${example.matched}"`;
  if (example.subtype === undefined) return undefined;
  const finding = findingsOf('example', sentence, matchSentence(everyRule, sentence, segmented.sentences)).find((f) => f.category === rule.category);
  return finding?.subtype === example.subtype ? undefined : `a ${rule.category} finding of subtype "${finding?.subtype ?? 'none'}", not "${example.subtype}"`;
}

/** `blocked-by-unless on "hassle" (unless "no big deal")`: what a rule did on a sentence, in one line. */
export function describeHit(hit: RuleHit, text: string): string {
  const explained = hit.condition?.explain(hit);
  const why = explained ? ` (${explained})` : '';
  return `${hit.status} on "${text.slice(hit.span[0], hit.span[1])}"${why}`;
}

/**
 * An example is one sentence said by the speaker the rule reads, or, when it
 * has speaker-labelled lines ("Interviewer: ...\nParticipant: ..."), a short
 * dialogue, so rules with `after_question` or `near` can be shown in context.
 */
export function exampleTranscript(text: string, role: Role): SegmentedTranscript {
  if (/\n/.test(text.trim()) && /^\s*[\w .*]+:\s/m.test(text)) {
    return segmentTranscript(parseTranscript(text, { id: 'example', file: 'example.txt' }));
  }
  const turn: Turn = { index: 0, speaker: 'Example', role, text, lines: [{ textStart: 0, line: 1, column: 1 }] };
  const transcript: Transcript = { id: 'example', file: 'example', metadata: {}, speakers: [], turns: [turn] };
  return segmentTranscript(transcript);
}
