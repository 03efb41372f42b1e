import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node, type YAMLMap } from 'yaml';
import { JobmapError } from '../errors.js';
import { cuesToTurns, nonEmpty, type Cue } from './cues.js';
import type { ParsedSource } from './format.js';
import { formatTime, parseClock } from './time.js';

const SPEAKER_KEYS = ['speaker', 'speaker_label', 'speaker_name', 'name'];
const START_KEYS = ['start', 'start_time', 'timestamp', 'time'];
const SHAPE = 'expected Whisper-style {"segments": [{"start", "text", "speaker"?}]} or a list of {"speaker", "start", "text"}';

/**
 * Speech-to-text JSON: Whisper and WhisperX (`{segments: [...]}`), AssemblyAI
 * (`{utterances: [...]}`, milliseconds), or a plain list of `{speaker, start, text}`. Read with the YAML parser (JSON is YAML)
 * so every segment keeps the line it sits on.
 */
export function parseSpeechJson(text: string, file: string): ParsedSource {
  const counter = new LineCounter();
  const doc = parseDocument(text, { lineCounter: counter, uniqueKeys: false, prettyErrors: false });
  const where = (node: Node | null | undefined) => counter.linePos(node?.range?.[0] ?? 0);
  const problem = doc.errors[0];
  if (problem) throw new JobmapError(`not valid JSON: ${problem.message.split('\n')[0]}`, file, counter.linePos(problem.pos[0]).line);
  const root = doc.contents;
  const segments = isMap(root) ? root.get('segments', true) : undefined;
  const utterances = isMap(root) && !segments ? root.get('utterances', true) : undefined;
  const list = isSeq(root) ? root : (segments ?? utterances);
  if (!isSeq(list)) throw new JobmapError(SHAPE, file, where(root as Node).line);
  // AssemblyAI's {utterances: [...]} counts time in milliseconds; Whisper and the rest in seconds
  const unit = utterances ? 0.001 : 1;

  const cues: Cue[] = [];
  for (const item of list.items) {
    const at = where(item as Node);
    if (!isMap(item)) throw new JobmapError(`a segment must be an object with "text"; ${SHAPE}`, file, at.line);
    const textNode = item.get('text', true);
    if (textNode === undefined) throw new JobmapError('a segment has no "text"', file, at.line);
    if (!isScalar(textNode) || typeof textNode.value !== 'string') throw new JobmapError('"text" must be a string', file, where(textNode as Node).line);
    const said = String(textNode.value).replace(/\s+/g, ' ');
    const pos = where(textNode);
    const lead = said.length - said.trimStart().length;
    const speaker = firstString(item, SPEAKER_KEYS);
    const time = startTime(item, file, at.line, unit);
    // +1: the column of a JSON string is that of its opening quote
    cues.push({ ...(speaker ? { voice: speaker } : {}), ...(time ? { time } : {}), lines: said.trim() ? [{ text: said.trim(), line: pos.line, column: pos.col + 1 + lead }] : [] });
  }
  return { metadata: {}, turns: nonEmpty(cuesToTurns(cues), file) };
}

function firstString(item: YAMLMap, keys: string[]): string | undefined {
  for (const key of keys) {
    const value: unknown = item.get(key);
    if ((typeof value === 'string' && value.trim()) || typeof value === 'number') return String(value).trim();
  }
  return undefined;
}

/** Seconds as a number (Whisper), or a clock time as text; anything else is an error with the line. */
function startTime(item: YAMLMap, file: string, line: number, unit: number): string | undefined {
  for (const key of START_KEYS) {
    const value: unknown = item.get(key);
    if (value === undefined || value === null) continue;
    const seconds = typeof value === 'number' ? value * unit : typeof value === 'string' ? parseClock(value) : undefined;
    if (seconds === undefined || !Number.isFinite(seconds) || seconds < 0) {
      throw new JobmapError(`"${key}" must be seconds (12.5) or a time ("00:00:12"), not ${JSON.stringify(value)}`, file, line);
    }
    return formatTime(seconds);
  }
  return undefined;
}
