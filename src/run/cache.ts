import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { SegmentedTranscript, Sentence, Token } from '../types.js';
import type { CountsEntry } from './ruleCounts.js';
import type { HitsEntry } from './hitsEntry.js';
import { hitsVersion, matcherVersion, parserVersion } from './codeVersion.js';
import { makeFolder } from '../core/folder.js';
import { writeWhole } from '../write/files.js';
import { isObject } from '../core/shape.js';

/**
 * Parsed transcripts on disk, so a re-run after a rule edit does not parse
 * again. An entry is named by the hash of everything its content depends on:
 * the file's bytes and name, the code of the ingest and segment stages, and the
 * NLP model's version. So an entry is never stale, only unused; a run removes
 * the entries it did not use. An entry that does not read back is rebuilt.
 * Beside a parse, stats keeps what it counted on it, and a run what the rules
 * found in it (the rules' fingerprints and the matching code's version say
 * which counts and hits still hold).
 */
export class ParseCache {
  private readonly used = new Set<string>();
  private made: Promise<unknown> | undefined;

  constructor(readonly dir: string) {}

  async read(key: string): Promise<SegmentedTranscript[] | undefined> {
    const entry = await this.readEntry(key, 'parse');
    return isParseEntry(entry) && entry.key === key ? entry.transcripts.map(unpack) : undefined;
  }

  async write(key: string, segmented: SegmentedTranscript[]): Promise<void> {
    await this.writeEntry(key, 'parse', { key, transcripts: segmented.map(pack) });
  }

  /** What stats counted on this parse, if it reads back and was counted by this matching code. */
  async readCounts(key: string): Promise<CountsEntry | undefined> {
    const entry = await this.readEntry(key, 'counts');
    return isCountsEntry(entry) && entry.key === key && entry.version === matcherVersion() ? entry : undefined;
  }

  async writeCounts(key: string, counts: Omit<CountsEntry, 'key' | 'version'>): Promise<void> {
    await this.writeEntry(key, 'counts', { key, version: matcherVersion(), ...counts });
  }

  /** The rules' hits on this parse and their findings' classifications (ruleHits.ts), if the entry reads back and was made by this matching and memo code. */
  async readHits(key: string): Promise<HitsEntry | undefined> {
    const entry = await this.readEntry(key, 'hits');
    return isHitsEntry(entry) && entry.key === key && entry.version === hitsVersion() ? entry : undefined;
  }

  async writeHits(key: string, hits: Omit<HitsEntry, 'key' | 'version'>): Promise<void> {
    await this.writeEntry(key, 'hits', { key, version: hitsVersion(), ...hits });
  }

  /** The keys this process read or wrote (a worker reports them to the run). */
  usedKeys(): string[] {
    return [...this.used];
  }

  entryPath(key: string, kind: EntryKind = 'parse'): string {
    return path.join(this.dir, `jobmap-${kind}-${key}.json`);
  }

  /**
   * An entry's body when its checksum holds; its shape is for the caller to
   * check. Read synchronously: a re-run reads an entry per file, and through
   * the thread pool each small read waited its turn.
   */
  private async readEntry(key: string, kind: EntryKind): Promise<unknown> {
    this.used.add(key);
    try {
      return entryOf(readFileSync(this.entryPath(key, kind), 'utf8'));
    } catch {
      return undefined;
    }
  }

  private async writeEntry(key: string, kind: EntryKind, entry: ParseEntry | CountsEntry | HitsEntry): Promise<void> {
    this.used.add(key);
    // made once per process: a recursive mkdir before each of a few thousand writes cost a worker 0.3 s
    this.made ??= makeFolder(this.dir);
    await writeWhole(this.entryPath(key, kind), entryText(entry), this.made);
  }
}

/** The name of a file's entries: `options`, whatever else the parse depends on (the CSV columns chosen). */
export function parseKey(bytes: Uint8Array, source: { id: string; file: string }, options = ''): string {
  return createHash('sha256').update(parserVersion()).update(`\0${source.id}\0${source.file}\0${options}\0`).update(bytes).digest('hex').slice(0, 40);
}

/** A file's parse, what stats counted on it and what the rules found in it: all named by the parse's key, so they are kept and pruned together. */
type EntryKind = 'parse' | 'counts' | 'hits';

/**
 * One cache folder per input folder, under .jobmap-cache in the working folder:
 * a run prunes what it did not use, which must not touch another study's entries.
 * stats and eval --review read a folder as a run does, so they share its folder;
 * explain and eval name their files otherwise (as typed, or from where the labels
 * are), which gives other entries, so each has folders of its own.
 */
export function defaultCacheDir(input: string, command?: 'explain' | 'eval'): string {
  const absolute = path.resolve(input);
  const name = path.basename(absolute).replace(/[^\p{L}\p{N}._-]+/gu, '-') || 'root';
  const hash = createHash('sha256')
    .update(command ? `${command}\0${absolute}` : absolute)
    .digest('hex')
    .slice(0, 8);
  return path.join('.jobmap-cache', `${command ? `${command}-` : ''}${name}-${hash}`);
}

/** Cache files carry names only jobmap gives, so a cache folder shared with anything else loses nothing else. */
const ENTRY_NAME = /^jobmap-(?:parse|counts|hits)-([0-9a-f]{40})\.json$/;
/**
 * write/files.ts `temporaryName`, `<file>.<pid of the writer>.<random>.jobmap-tmp`,
 * of any file jobmap keeps here (every name it gives starts `jobmap-`): read
 * from the names' form, not listed, so a memo file added later is pruned too
 * (jobmap-map.json was once left out of a list).
 */
const TEMPORARY_NAME = /^jobmap-.+\.(\d+)\.[0-9a-z]+\.jobmap-tmp$/;
/** The first line of an entry: what it is, and the checksum of the rest. */
const ENTRY_HEADER = 'jobmap parse cache, sha256 ';

/**
 * Removes entries no source of this run needed (old versions of edited files,
 * removed files, older jobmap code), and temporary files of runs that are gone.
 * Only files named by jobmap are looked at.
 */
export async function pruneCache(dir: string, used: Set<string>): Promise<void> {
  const names = await readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    const key = ENTRY_NAME.exec(name)?.[1];
    const writer = TEMPORARY_NAME.exec(name)?.[1];
    if ((key && !used.has(key)) || (writer && !isAlive(Number(writer)))) await rm(path.join(dir, name), { force: true });
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

interface ParseEntry {
  key: string;
  transcripts: PackedTranscript[];
}

/** An entry as written: a header with the checksum of the JSON body, so a damaged or edited file is never trusted (the grouping memo is written so too). */
export function entryText(entry: object): string {
  const body = JSON.stringify(entry);
  return `${ENTRY_HEADER}${sha256(body)}\n${body}`;
}

/**
 * An entry read back, or undefined when its checksum does not match (an
 * edited or half-written file). Its shape is checked by what reads it: what
 * is not trusted is parsed or counted again, never quoted.
 */
export function entryOf(text: string): unknown {
  const newline = text.indexOf('\n');
  if (!text.startsWith(ENTRY_HEADER) || newline < 0) return undefined;
  const body = text.slice(newline + 1);
  if (text.slice(ENTRY_HEADER.length, newline) !== sha256(body)) return undefined;
  return JSON.parse(body) as unknown;
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

function isParseEntry(entry: unknown): entry is ParseEntry {
  return isObject(entry) && typeof entry.key === 'string' && Array.isArray(entry.transcripts) && entry.transcripts.every(isPackedTranscript);
}

function isPackedTranscript(packed: unknown): boolean {
  if (!isObject(packed) || !isObject(packed.transcript) || !Array.isArray(packed.sentences)) return false;
  const { id, file, metadata, speakers, turns } = packed.transcript;
  return typeof id === 'string' && typeof file === 'string' && isObject(metadata) && Array.isArray(speakers) && Array.isArray(turns) && packed.sentences.every(isPackedSentence);
}

function isPackedSentence(sentence: unknown): boolean {
  return isObject(sentence) && typeof sentence.text === 'string' && typeof sentence.index === 'number' && Array.isArray(sentence.tokens) && sentence.tokens.length % FIELDS === 0;
}

function isCountsEntry(entry: unknown): entry is CountsEntry {
  if (!isObject(entry) || typeof entry.key !== 'string' || typeof entry.version !== 'string' || !Array.isArray(entry.rules) || !Array.isArray(entry.transcripts)) return false;
  const rules = entry.rules.length;
  return entry.rules.every((rule) => typeof rule === 'string') && entry.transcripts.every((counted) => isCountedTranscript(counted, rules));
}

function isCountedTranscript(counted: unknown, rules: number): boolean {
  if (!isObject(counted) || !isObject(counted.transcript) || typeof counted.sentenceCount !== 'number' || !isObject(counted.sentences) || !Array.isArray(counted.hits))
    return false;
  const { participant, interviewer } = counted.sentences;
  const isHit = (hit: unknown) => Array.isArray(hit) && hit.length === 3 && hit.every(Number.isInteger) && hit[0] >= 0 && hit[0] < rules;
  return typeof participant === 'number' && typeof interviewer === 'number' && counted.hits.every(isHit);
}

function isHitsEntry(entry: unknown): entry is HitsEntry {
  if (!isObject(entry) || typeof entry.key !== 'string' || typeof entry.version !== 'string' || typeof entry.classifier !== 'string') return false;
  if (!Array.isArray(entry.rules) || !entry.rules.every((rule) => typeof rule === 'string') || !Array.isArray(entry.transcripts)) return false;
  const rules = entry.rules.length;
  const isRule = (at: unknown) => Number.isInteger(at) && (at as number) >= 0 && (at as number) < rules;
  if (!Array.isArray(entry.unnoted) || !entry.unnoted.every(isRule)) return false;
  return entry.transcripts.every((remembered) => isRememberedTranscript(remembered, rules));
}

/** Every hit is of a rule the entry names, on a sentence it keeps, and every classification is an object: a finding is made of nothing else. */
function isRememberedTranscript(remembered: unknown, rules: number): boolean {
  if (
    !isObject(remembered) ||
    !isObject(remembered.transcript) ||
    typeof remembered.sentenceCount !== 'number' ||
    !isObject(remembered.sentencesByRole) ||
    !isObject(remembered.classified) ||
    typeof remembered.words !== 'string' ||
    typeof remembered.pairs !== 'string'
  )
    return false;
  const { sentences, hits, classified, blocked, sentencesByRole } = remembered;
  if (!Array.isArray(sentences) || !sentences.every(isSentenceCard) || !Array.isArray(hits) || !Object.values(classified).every(isObject)) return false;
  const kept = new Set(sentences.map((card: { index: number }) => card.index));
  const isHit = (hit: unknown) => Array.isArray(hit) && hit.length === 5 && hit.every(Number.isInteger) && hit[0] >= 0 && hit[0] < rules && kept.has(hit[1]) && hit[4] >= 0;
  // a stop note of a rule the entry names: `[rule, sentences]`, at most all of them
  const count = remembered.sentenceCount;
  const isNote = (note: unknown) => Array.isArray(note) && note.length === 2 && note.every(Number.isInteger) && note[0] >= 0 && note[0] < rules && note[1] >= 0 && note[1] <= count;
  const { participant, interviewer } = sentencesByRole as Record<string, unknown>;
  const isCount = (n: unknown): n is number => Number.isInteger(n) && (n as number) >= 0;
  const byRole = isCount(participant) && isCount(interviewer) && participant + interviewer === count;
  return byRole && hits.every(isHit) && Array.isArray(blocked) && blocked.every(isNote);
}

function isSentenceCard(card: unknown): boolean {
  return isObject(card) && typeof card.text === 'string' && typeof card.index === 'number' && typeof card.turn === 'number' && isObject(card.location);
}

type PackedSentence = Omit<Sentence, 'tokens'> & { tokens: (string | number)[] };
type PackedTranscript = Omit<SegmentedTranscript, 'sentences'> & { sentences: PackedSentence[] };

const FIELDS = 8;

/**
 * Tokens as one flat array per sentence, with 0 for a text, lemma or stem
 * that repeats what is already there: a third of the size of plain objects,
 * and it reads back about four times faster than the sentence can be parsed.
 */
function pack(segmented: SegmentedTranscript): PackedTranscript {
  return {
    transcript: segmented.transcript,
    sentences: segmented.sentences.map((sentence) => {
      const flat: (string | number)[] = [];
      for (const t of sentence.tokens) {
        flat.push(
          // compared in place: a slice per token made a string for every word of every file
          t.end - t.start === t.text.length && sentence.text.startsWith(t.text, t.start) ? 0 : t.text,
          t.norm,
          t.lemma === t.norm ? 0 : t.lemma,
          t.stem === t.norm ? 0 : t.stem,
          t.pos,
          t.negated ? 1 : 0,
          t.start,
          t.end,
        );
      }
      return { ...sentence, tokens: flat };
    }),
  };
}

function unpack(packed: PackedTranscript): SegmentedTranscript {
  return {
    transcript: packed.transcript,
    sentences: packed.sentences.map((sentence) => {
      const flat = sentence.tokens;
      const tokens: Token[] = [];
      for (let i = 0; i < flat.length; i += FIELDS) {
        const norm = flat[i + 1] as string;
        const start = flat[i + 6] as number;
        const end = flat[i + 7] as number;
        tokens.push({
          text: flat[i] === 0 ? sentence.text.slice(start, end) : (flat[i] as string),
          norm,
          lemma: flat[i + 2] === 0 ? norm : (flat[i + 2] as string),
          stem: flat[i + 3] === 0 ? norm : (flat[i + 3] as string),
          pos: flat[i + 4] as string,
          negated: flat[i + 5] === 1,
          start,
          end,
        });
      }
      return { ...sentence, tokens };
    }),
  };
}
