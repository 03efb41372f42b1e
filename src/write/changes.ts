import type { ClassifiedFinding, TranscriptFindings } from '../types.js';
import { clip, compareIds } from '../group/related.js';

/** What the next run remembers of a finding: enough to say what it is, where, and which rules made it. */
export interface FindingSnapshot {
  id: string;
  category: string;
  stage: string;
  at: string;
  sentence: string;
  rules: string[];
}

export interface FindingsDiff {
  added: FindingSnapshot[];
  removed: FindingSnapshot[];
  moved: { finding: FindingSnapshot; from: string }[];
}

/** The findings of a run by id. Ids are content hashes of the sentence, so the same sentence keeps its id across runs. */
export function snapshot(results: TranscriptFindings[], sentenceOf: (sentence: string) => string = (sentence) => sentence): Map<string, FindingSnapshot> {
  // one entry per finding, made once: at twenty thousand interviews this map is a few hundred thousand entries
  const findings = new Map<string, FindingSnapshot>();
  for (const r of results) {
    // a sentence with several findings is shortened, and its place written, once
    const said = new Map<string, { line: number; sentence: string; at: string }>();
    for (const f of r.findings) {
      let where = said.get(f.sentence);
      // the same words said again on another line are that line's
      if (where?.line !== f.evidence.line) {
        where = { line: f.evidence.line, sentence: sentenceOf(f.sentence), at: `${f.evidence.file}:${f.evidence.line}` };
        said.set(f.sentence, where);
      }
      findings.set(f.id, snapshotOf(f, where));
    }
  }
  return findings;
}

function snapshotOf(f: ClassifiedFinding, { sentence, at }: { sentence: string; at: string }): FindingSnapshot {
  return { id: f.id, category: f.category, stage: f.stage, at, sentence, rules: f.rules };
}

/** New findings, findings gone, and findings whose stage changed, each in id order. */
export function diffFindings(before: Map<string, FindingSnapshot>, after: Map<string, FindingSnapshot>): FindingsDiff {
  const byId = (a: { id: string }, b: { id: string }) => compareIds(a.id, b.id);
  const added = [...after.values()].filter((f) => !before.has(f.id)).sort(byId);
  const removed = [...before.values()].filter((f) => !after.has(f.id)).sort(byId);
  const moved = [...after.values()]
    .filter((f) => before.has(f.id) && before.get(f.id)!.stage !== f.stage)
    .sort(byId)
    .map((finding) => ({ finding, from: before.get(finding.id)!.stage }));
  return { added, removed, moved };
}

export function isEmptyDiff(diff: FindingsDiff): boolean {
  return diff.added.length + diff.removed.length + diff.moved.length === 0;
}

/**
 * One line per change (`+` new, `-` gone, `~` moved stage), at most `limit` of
 * each kind, then a count line:
 *   + pain     use            01-budgeting-app-switch.txt:64  "That was annoying."
 *   ~ trigger  use -> purchase  06-home-security-cameras.txt:12  "..."
 */
export function formatDiff(diff: FindingsDiff, limit = 15): string {
  if (isEmptyDiff(diff)) return '  no finding changed\n';
  const line = (mark: string, f: FindingSnapshot, stage: string) => `${findingLine(mark, f, stage)}\n`;
  const section = <T>(items: T[], show: (item: T) => string) => items.slice(0, limit).map(show).join('') + (items.length > limit ? `  ... ${items.length - limit} more\n` : '');
  return (
    section(diff.added, (f) => line('+', f, f.stage)) +
    section(diff.removed, (f) => line('-', f, f.stage)) +
    section(diff.moved, ({ finding, from }) => line('~', finding, `${from} -> ${finding.stage}`)) +
    `  ${diff.added.length} new, ${diff.removed.length} gone, ${diff.moved.length} moved stage\n`
  );
}

/** `  + pain     use            file:line  "sentence..."`: one finding that changed, on the stage given. */
export function findingLine(mark: string, f: FindingSnapshot, stage: string): string {
  return `  ${mark} ${f.category.padEnd(8)} ${stage.padEnd(14)} ${f.at}  "${clip(f.sentence, 70)}"`;
}
