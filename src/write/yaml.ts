/**
 * A YAML emitter for the plain data jobmap writes: objects, arrays, strings,
 * numbers, booleans and null. The `yaml` package builds a document tree before
 * it prints, which took seconds on a thousand transcripts; printing directly is
 * some twenty times faster. Anything that could read back as something else is
 * double-quoted, and a test reads every output back with `yaml` to prove it.
 */
export function emitYaml(value: unknown): string {
  const lines: string[] = [];
  if (isBlock(value)) emitBlock(value, 0, lines);
  else lines.push(inline(value));
  return lines.join('\n') + '\n';
}

type Block = Record<string, unknown> | unknown[];

function isBlock(value: unknown): value is Block {
  if (Array.isArray(value)) return value.length > 0 && !isNumberList(value);
  return typeof value === 'object' && value !== null && Object.values(value).some((v) => v !== undefined);
}

/** Character spans read best on one line: `span: [9, 33]`. */
function isNumberList(value: unknown[]): boolean {
  return value.every((item) => typeof item === 'number');
}

function emitBlock(value: Block, indent: number, lines: string[]): void {
  const pad = ' '.repeat(indent);
  if (Array.isArray(value)) {
    for (const item of value) {
      if (isBlock(item) && !Array.isArray(item)) {
        // "- key: value" with the object's other keys aligned under its first
        const first = lines.length;
        emitBlock(item, indent + 2, lines);
        lines[first] = pad + '- ' + lines[first]!.slice(indent + 2);
      } else if (isBlock(item)) {
        lines.push(pad + '-');
        emitBlock(item, indent + 2, lines);
      } else {
        lines.push(pad + '- ' + inline(item));
      }
    }
    return;
  }
  for (const [key, item] of Object.entries(value)) {
    if (item === undefined) continue;
    if (isBlock(item)) {
      lines.push(pad + scalar(key) + ':');
      emitBlock(item, indent + 2, lines);
    } else {
      lines.push(pad + scalar(key) + ': ' + inline(item));
    }
  }
}

function inline(value: unknown): string {
  if (Array.isArray(value)) return '[' + value.map(scalar).join(', ') + ']';
  if (typeof value === 'object' && value !== null) return '{}';
  return scalar(value);
}

function scalar(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : value > 0 ? '.inf' : value < 0 ? '-.inf' : '.nan';
  if (typeof value === 'boolean') return String(value);
  const text = String(value);
  return isPlainSafe(text) ? text : quoted(text);
}

/** Words YAML 1.1 or 1.2 readers take for booleans, nulls or numbers. */
const LOOKS_TYPED = /^(?:true|false|yes|no|on|off|y|n|null|~|[-+]?\.?\d.*|[-+]?\.(?:inf|nan))$/i;

/** Plain (unquoted) only when no YAML reader could take it for anything but this string. */
function isPlainSafe(text: string): boolean {
  if (text === '' || text !== text.trim()) return false;
  if (/^[-?:,[\]{}#&*!|>'"%@`<=]/.test(text)) return false;
  // control characters must be quoted (escaped) to survive a YAML round trip
  // eslint-disable-next-line no-control-regex
  if (/: |:$| #|[\u0000-\u001f\u007f-\u009f\u2028\u2029\ufeff]/.test(text)) return false;
  return !LOOKS_TYPED.test(text);
}

/** A JSON string is a valid YAML double-quoted scalar; line and paragraph separators are escaped too, which JSON leaves raw. */
function quoted(text: string): string {
  return JSON.stringify(text).replace(/[\u007f-\u009f\u2028\u2029\ufeff]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}
