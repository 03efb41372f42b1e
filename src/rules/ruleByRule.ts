import { createHash } from 'node:crypto';
import { deserialize, serialize } from 'node:v8';
import { YamlReader } from '../core/yaml.js';
import type { ReadContext } from './cues.js';
import { compiledKey, type CompiledStore } from './compiled.js';
import { isLexiconFile, readRuleFile } from './schema.js';
import type { RuleFile } from './ruleFile.js';

/**
 * A category file is mostly its list of rules, and a tuning session edits one
 * rule at a time. Parsing the YAML of pain.yaml (230 KB) and compiling its
 * cues took most of a second after every edit of it, so a category file is
 * read rule by rule: its text is cut where each item of `rules:` starts, and
 * a rule whose text and place are unchanged is taken compiled from the store;
 * only the others are parsed, each alone.
 *
 * A rule is parsed alone as the file's header, blank lines down to the rule's
 * first line, then the rule: every line keeps its number and column, so what
 * is read (a rule's line, an example's) and any problem are where they are in
 * the file. A file that cannot be cut this way (a key after the list, a list
 * not indented by two, flow style) or whose rules read with a problem is read
 * whole, as before, so its messages are those of the whole file.
 */
export interface RuleByRule {
  /** the header's lines and the `rules:` line */
  header: string[];
  rules: RuleText[];
}

/** One item of `rules:`: its first line (0-based) and its lines, the comments after it included. */
export interface RuleText {
  line: number;
  lines: string[];
}

const LIST = /^rules:[ \t]*(#.*)?\r?$/;
const ITEM = /^ {2}- /;
const BLANK_OR_COMMENT = /^\s*(#.*)?$/;
/** what an item's own lines start with: deeper than its dash */
const INSIDE = /^ {3}/;

/** The file cut into its header and its rules, or undefined when it is not a plain block list at two spaces. */
export function cutIntoRules(text: string): RuleByRule | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((line) => LIST.test(line));
  if (at < 0) return undefined;
  const rules: RuleText[] = [];
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i]!;
    if (ITEM.test(line)) rules.push({ line: i, lines: [line] });
    else if (rules.length > 0 && (INSIDE.test(line) || BLANK_OR_COMMENT.test(line))) rules[rules.length - 1]!.lines.push(line);
    else if (!BLANK_OR_COMMENT.test(line)) return undefined;
  }
  return rules.length > 0 ? { header: lines.slice(0, at + 1), rules } : undefined;
}

/** Whether the file is a lexicon, read from its header alone when it can be cut into rules (a category file's header is a few lines). */
export function headerSaysLexicon(text: string): { isLexicon: boolean; problems: number } | undefined {
  const cut = cutIntoRules(text);
  if (!cut) return undefined;
  const reader = new YamlReader('', cut.header.join('\n'), 'rules');
  return { isLexicon: isLexiconFile(reader), problems: reader.problems.length };
}

/** What the store keeps of a category file: each rule's key and what it read to, in one value, so rules sharing a lexicon share its matchers. */
interface KeptRules {
  keys: string[];
  read: CategoryFile[];
}

type CategoryFile = Extract<RuleFile, { kind: 'category' }>;

/**
 * A category file read rule by rule with what the store kept of its last
 * reading (per file name and lexicons); undefined when nothing is kept (the
 * file is read whole, and `keepRuleByRule` keeps it), or when the file must
 * be read whole (see above). A rule is known by its text, its place and the
 * file's header.
 */
export function readRuleByRule(file: string, text: string, context: ReadContext, store: CompiledStore, readWith: string): CategoryFile | undefined {
  const cut = cutIntoCategoryRules(text);
  if (!cut) return undefined;
  const storeKey = compiledKey(store, file, 'rule by rule', readWith);
  const kept = keptRules(store.get(storeKey));
  if (kept.keys.length === 0) return undefined;
  const keys = ruleKeys(cut);
  const known = new Map(kept.keys.map((key, i) => [key, kept.read[i]!]));
  const read: CategoryFile[] = [];
  for (const [i, rule] of cut.rules.entries()) {
    const one = known.get(keys[i]!) ?? readAlone(file, cut.header, rule, context);
    if (!one) return undefined;
    read.push(one);
  }
  if (keys.length !== kept.keys.length || keys.some((key, i) => key !== kept.keys[i])) store.set(storeKey, serialize({ keys, read } satisfies KeptRules));
  return { kind: 'category', rules: read.flatMap((one) => one.rules), disabled: read.flatMap((one) => one.disabled) };
}

/**
 * Keeps a category file read whole, without a problem, rule by rule for the
 * next reading, when each item of its list read to one rule at its line;
 * says whether it did.
 */
export function keepRuleByRule(file: string, text: string, store: CompiledStore, readWith: string, whole: CategoryFile): boolean {
  const cut = cutIntoCategoryRules(text);
  if (!cut || whole.disabled.length > 0 || whole.rules.length !== cut.rules.length) return false;
  if (whole.rules.some((rule, i) => rule.line !== cut.rules[i]!.line + 1)) return false;
  const read = whole.rules.map((rule): CategoryFile => ({ kind: 'category', rules: [rule], disabled: [] }));
  store.set(compiledKey(store, file, 'rule by rule', readWith), serialize({ keys: ruleKeys(cut), read } satisfies KeptRules));
  return true;
}

function cutIntoCategoryRules(text: string): RuleByRule | undefined {
  const cut = cutIntoRules(text);
  return cut && /^category:/m.test(cut.header.join('\n')) ? cut : undefined;
}

function ruleKeys(cut: RuleByRule): string[] {
  const header = createHash('sha256').update(cut.header.join('\n')).digest('base64url');
  return cut.rules.map((rule) => createHash('sha256').update(header).update(`\0${rule.line}\0`).update(rule.lines.join('\n')).digest('base64url'));
}

/** One rule parsed in its place; undefined when it reads with a problem (the whole file is then read for the messages). */
function readAlone(file: string, header: string[], rule: RuleText, context: ReadContext): CategoryFile | undefined {
  const padding = Array<string>(rule.line - header.length).fill('');
  const reader = new YamlReader(file, [...header, ...padding, ...rule.lines].join('\n'), 'rules');
  const read = readRuleFile(reader, context);
  return read?.kind === 'category' && reader.problems.length === 0 ? read : undefined;
}

function keptRules(bytes: Uint8Array | undefined): KeptRules {
  if (bytes) {
    try {
      const kept = deserialize(bytes) as Partial<KeptRules>;
      if (Array.isArray(kept.keys) && Array.isArray(kept.read) && kept.keys.length === kept.read.length) return kept as KeptRules;
    } catch {
      // damaged: every rule is read again
    }
  }
  return { keys: [], read: [] };
}
