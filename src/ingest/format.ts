import type { JobmapError } from '../errors.js';
import type { Metadata } from '../types.js';
import type { RawTurn } from './dialogue.js';

/** What the user can set about reading files (CLI flags today; the config file maps onto it later). */
export interface IngestOptions {
  /** files larger than this many bytes are skipped, not read */
  maxFileSize: number;
  /** CSV: the column holding each interview's text (default: `text`, `transcript`, ...) */
  csvText?: string;
  /** CSV: the column holding each interview's id (default: `transcript_id`, `id`, ...; else the row number) */
  csvId?: string;
}

export const DEFAULT_INGEST_OPTIONS: IngestOptions = { maxFileSize: 20 * 1024 * 1024 };

/** One interview read from a file, before roles are decided. */
export interface ParsedSource {
  metadata: Metadata;
  turns: RawTurn[];
  /** set when a file holds several interviews (a CSV row's id); it names the transcript within the file */
  key?: string;
}

/**
 * A file format: the extensions it owns and a reader from bytes to interviews.
 * A reader throws a JobmapError when the whole file is unreadable; a file of
 * many interviews returns the error of one bad interview in its place.
 */
export interface Format {
  name: string;
  extensions: string[];
  read(bytes: Uint8Array, file: string, options: IngestOptions): Promise<(ParsedSource | JobmapError)[]> | (ParsedSource | JobmapError)[];
}
