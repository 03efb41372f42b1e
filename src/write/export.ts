import path from 'node:path';
import type { FindingDecision } from '../review/file.js';
import type { RuleSet } from '../rules/types.js';
import type { JobMap } from '../jobMapTypes.js';
import type { TranscriptFindings } from '../types.js';
import { findingsCsv, jobsCsv } from './csv.js';
import { writeAtomically } from './files.js';
import { qdc, qdpx } from './qdpx/project.js';

/** What `jobmap export` writes: a REFI-QDA project, a REFI-QDA codebook, or two CSV tables. */
export const EXPORT_FORMATS = ['qdpx', 'qdc', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Where each format goes unless --to says: a file, or for csv a folder. */
export const DEFAULT_EXPORT_TARGETS: Record<ExportFormat, string> = { qdpx: 'jobmap.qdpx', qdc: 'jobmap.qdc', csv: 'jobmap-csv' };

export interface ExportInput {
  /** the study's name in a QDA tool */
  name: string;
  results: TranscriptFindings[];
  jobMap: JobMap;
  rules: RuleSet;
  findingDecisions: Map<string, FindingDecision>;
}

/** Writes one export (atomically, like every file jobmap writes) and returns the files written. */
export async function writeExport(format: ExportFormat, to: string, input: ExportInput): Promise<string[]> {
  const content = { ...input, origin: 'jobmap', rules: input.rules.rules, stages: input.rules.stages };
  if (format === 'qdpx') {
    await writeAtomically(to, qdpx(content));
    return [to];
  }
  if (format === 'qdc') {
    await writeAtomically(to, qdc(content));
    return [to];
  }
  const files = { findings: path.join(to, 'findings.csv'), jobs: path.join(to, 'jobs.csv') };
  await writeAtomically(files.findings, findingsCsv(input.results, input.jobMap, input.findingDecisions));
  await writeAtomically(files.jobs, jobsCsv(input.jobMap));
  return [files.findings, files.jobs];
}
