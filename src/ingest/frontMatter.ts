import { LineCounter, parseDocument } from 'yaml';
import { JobmapError } from '../errors.js';
import type { Metadata } from '../types.js';

export interface FrontMatter {
  metadata: Metadata;
  /** the text after the front matter */
  body: string;
  /** 1-based line of the body's first line in the file */
  bodyLine: number;
}

const FENCE = /^---[ \t]*$/;

/** Splits optional YAML front matter (`---` ... `---` at the very top) from the body. */
export function splitFrontMatter(text: string, file: string): FrontMatter {
  const lines = text.split('\n');
  if (!FENCE.test(lines[0] ?? '')) return { metadata: {}, body: text, bodyLine: 1 };
  const close = lines.findIndex((line, i) => i > 0 && FENCE.test(line));
  if (close < 0) return { metadata: {}, body: text, bodyLine: 1 };
  const counter = new LineCounter();
  const doc = parseDocument(lines.slice(1, close).join('\n'), { prettyErrors: false, lineCounter: counter });
  const problem = doc.errors[0];
  if (problem) {
    // +1 for the opening `---` line above the YAML
    const line = counter.linePos(problem.pos[0]).line + 1;
    throw new JobmapError(`front matter is not valid YAML: ${problem.message.split('\n')[0]}`, file, line);
  }
  const value: unknown = doc.toJS();
  if (value !== null && (typeof value !== 'object' || Array.isArray(value))) {
    throw new JobmapError('front matter must be a list of `key: value` lines', file, 2);
  }
  return {
    metadata: toMetadata((value ?? {}) as Record<string, unknown>),
    body: lines.slice(close + 1).join('\n'),
    bodyLine: close + 2,
  };
}

function toMetadata(raw: Record<string, unknown>): Metadata {
  const metadata: Metadata = {};
  for (const [key, value] of Object.entries(raw)) {
    if (Array.isArray(value)) metadata[key] = value.map(String);
    else if (typeof value === 'number' || typeof value === 'boolean') metadata[key] = value;
    else if (value instanceof Date) metadata[key] = value.toISOString().slice(0, 10);
    else if (value !== null && value !== undefined) metadata[key] = String(value);
  }
  return metadata;
}
