import { canonical } from '../segment/align.js';
import { evidenceOf } from '../extract/index.js';
import { sentenceHash } from '../extract/ids.js';
import type { ClassifiedFinding, Finding, SegmentedTranscript, Sentence, TranscriptFindings } from '../types.js';
import type { Addition, FindingDecision, Review } from './file.js';

/**
 * Per transcript, where the rules run (a worker thread): each `add:` entry
 * that names a participant sentence of this transcript becomes a finding with
 * no rule, or, where the rules found that sentence in that category already,
 * marks their finding. Added findings then go through classify like any
 * other, so a job gets its statement and joins a candidate job.
 */
export function withAddedFindings(segmented: SegmentedTranscript, findings: Finding[], additions: Addition[]): Finding[] {
  if (additions.length === 0) return findings;
  const result = [...findings];
  const ids = new Set(findings.map((f) => f.id));
  for (const addition of additions) {
    for (const sentence of sentencesNamed(segmented, addition)) {
      const found = result.findIndex((f) => f.evidence.sentence === sentence.index && f.category === addition.category);
      if (found >= 0) result[found] = { ...result[found]!, addedAt: addition.line };
      else result.push(addedFinding(segmented.transcript.id, sentence, addition, ids));
    }
  }
  return result.sort((a, b) => a.evidence.sentence - b.evidence.sentence);
}

/** The participant sentences an entry names: starting at its file:line (and column), and holding its quote's words. */
function sentencesNamed(segmented: SegmentedTranscript, addition: Addition): Sentence[] {
  const quote = addition.quote ? canonical(addition.quote) : undefined;
  return segmented.sentences.filter((sentence) => {
    if (sentence.role !== 'participant') return false;
    const { at } = addition;
    if (at && (sentence.location.file !== at.file || sentence.location.line !== at.line)) return false;
    if (at?.column !== undefined && sentence.location.column !== at.column) return false;
    return quote === undefined || ` ${canonical(sentence.text)} `.includes(` ${quote} `);
  });
}

function addedFinding(transcript: string, sentence: Sentence, addition: Addition, ids: Set<string>): Finding {
  const base = `${transcript}#${sentenceHash(sentence.text)}.${addition.category}`;
  let id = base;
  for (let n = 2; ids.has(id); n++) id = `${base}-${n}`;
  ids.add(id);
  const span = quotedSpan(sentence.text, addition.quote);
  return {
    id,
    transcript,
    category: addition.category,
    ...(addition.subtype ? { subtype: addition.subtype } : {}),
    sentence: sentence.text,
    match: sentence.text.slice(span[0], span[1]),
    span,
    rules: [],
    confidence: 1,
    evidence: evidenceOf(sentence),
    addedAt: addition.line,
  };
}

/**
 * The reviewer's quote is the match, as a rule's words would be: a job's
 * statement is read from where the match starts ("I was so stressed, I ended
 * up copying the numbers..." quoted from "copying" is "copy the numbers").
 * Without a quote, or one written differently from the sentence, the match is
 * the whole sentence.
 */
function quotedSpan(sentence: string, quote: string | undefined): [number, number] {
  const at = quote ? sentence.toLowerCase().indexOf(quote.toLowerCase()) : -1;
  return at < 0 ? [0, sentence.length] : [at, at + quote!.length];
}

/** After classify: a stage the reviewer gave wins over the one the cues chose. */
export function withReviewStages(findings: ClassifiedFinding[], additions: Addition[]): ClassifiedFinding[] {
  const stageOf = new Map(additions.flatMap((a) => (a.stage ? [[a.line, a.stage] as const] : [])));
  if (stageOf.size === 0) return findings;
  return findings.map((finding) => {
    const stage = finding.addedAt === undefined ? undefined : stageOf.get(finding.addedAt);
    return stage ? { ...finding, stage, stageEvidence: 'review', stageBecause: `set by review (add: entry on line ${finding.addedAt})` } : finding;
  });
}

export interface ResolvedAdditions {
  results: TranscriptFindings[];
  /** per finding an entry made or confirmed: `add` for a finding of the review alone, `accept` where the rules found it too */
  decisions: Map<string, FindingDecision>;
  unmatched: { addition: Addition; reason: string }[];
}

/**
 * In the main thread, over all transcripts: an entry must name exactly one
 * sentence. One that names none, or several (a quote said twice, a line with
 * two sentences), is reported, and its findings are taken back.
 */
export function resolveAdditions(results: TranscriptFindings[], review: Review): ResolvedAdditions {
  const decisions = new Map<string, FindingDecision>();
  const unmatched: ResolvedAdditions['unmatched'] = [];
  const withdrawn = new Set<number>();
  for (const addition of review.additions) {
    const named = results.flatMap((r) => r.findings.filter((f) => f.addedAt === addition.line));
    if (named.length === 1) {
      const finding = named[0]!;
      decisions.set(finding.id, { kind: finding.rules.length ? 'accept' : 'add', line: addition.line, ...(addition.note ? { note: addition.note } : {}) });
      continue;
    }
    withdrawn.add(addition.line);
    unmatched.push({ addition, reason: named.length === 0 ? notFound(addition) : severalFound(named) });
  }
  if (withdrawn.size === 0) return { results, decisions, unmatched };
  const taken = (f: ClassifiedFinding) => f.addedAt !== undefined && withdrawn.has(f.addedAt);
  return {
    results: results.map((r) => ({
      ...r,
      findings: r.findings.flatMap((f) => (!taken(f) ? [f] : f.rules.length ? [withoutAddition(f)] : [])),
    })),
    decisions,
    unmatched,
  };
}

function withoutAddition(finding: ClassifiedFinding): ClassifiedFinding {
  const { addedAt, ...rest } = finding;
  return rest;
}

function notFound(addition: Addition): string {
  const where = addition.at ? `starts at ${addition.at.file}:${addition.at.line}${addition.at.column ? `:${addition.at.column}` : ''}` : '';
  const words = addition.quote ? `has the words "${addition.quote}"` : '';
  return `no participant sentence ${[where, words].filter(Boolean).join(' and ')} in this run (check the file and line in a finding's \`at:\`)`;
}

function severalFound(named: ClassifiedFinding[]): string {
  const places = named.map((f) => `${f.evidence.file}:${f.evidence.line}:${f.evidence.column}`).join(', ');
  return `${named.length} sentences match (${places}); name one with \`at: file:line:column\``;
}

/** An entry as the unmatched list names it: where it points and the words it quotes. */
export function describeAddition(addition: Addition): string {
  const at = addition.at ? `${addition.at.file}:${addition.at.line}${addition.at.column ? `:${addition.at.column}` : ''}` : '';
  return [at, addition.quote ? `"${addition.quote}"` : ''].filter(Boolean).join(' ');
}
