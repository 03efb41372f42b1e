/** The rule files that name words rather than rules: a lexicon, related words for grouping, the codebook's jobs. */
import type { Node } from 'yaml';
import type { YamlReader } from '../core/yaml.js';
import { CUE_KEYS, readCues, type ReadContext } from './cues.js';
import { lineAndColumn, readDisabled, readExamples, type DisabledRule, type RuleFile } from './ruleFile.js';
import type { CodebookJob } from './types.js';

const LEXICON_NAME = /^[a-z][a-z0-9_-]*$/;

export function readLexiconFile(reader: YamlReader, root: Node): RuleFile | undefined {
  const entries = reader.map(root, 'a lexicon file', ['lexicon', 'description', 'replace', 'examples', ...CUE_KEYS]);
  if (!entries) return undefined;
  const name = reader.string(entries.get('lexicon'), '`lexicon`');
  if (name !== undefined && !LEXICON_NAME.test(name)) {
    reader.fail(entries.get('lexicon'), `lexicon name "${name}" should be lowercase words joined by dashes, e.g. negative-emotions`);
  }
  // A lexicon cannot use another: an empty table makes "@name" inside it an error.
  const matchers = readCues(reader, entries, { lexicons: new Map() });
  if (matchers.length === 0) reader.fail(root, `lexicon "${name ?? '?'}" needs at least one entry in \`words\`, \`phrases\`, \`patterns\` or \`regex\``);
  if (name === undefined) return undefined;
  return {
    kind: 'lexicon',
    replace: entries.has('replace') ? (reader.boolean(entries.get('replace'), '`replace`') ?? false) : false,
    lexicon: {
      name,
      description: entries.has('description') ? (reader.string(entries.get('description'), '`description`') ?? '') : '',
      matchers,
      // a lexicon makes no finding, so its examples say only what an entry finds (`matched`), never a subtype
      examples: entries.has('examples') ? [{ file: reader.file, ...readExamples(reader, entries.get('examples')!, ['text', 'matched']) }] : [],
      file: reader.file,
      ...lineAndColumn(reader, root),
    },
  };
}

/** `related: job-words` with `groups:`, lists of words that mean one thing to grouping ([write, draft, compose]). */
export function readRelatedFile(reader: YamlReader, root: Node): RuleFile | undefined {
  const entries = reader.map(root, 'a related-words file', ['related', 'description', 'replace', 'groups']);
  if (!entries) return undefined;
  reader.string(entries.get('related'), '`related`');
  const groups = reader.list(entries.get('groups'), '`groups`').flatMap((node) => {
    const words = reader
      .strings(node, 'each item of `groups`')
      .map((item) => item.value.trim().toLowerCase())
      .filter(Boolean);
    if (words.length < 2) reader.fail(node, 'each item of `groups` lists at least two words that mean the same job, e.g. [write, draft, compose]');
    return words.length >= 2 ? [words] : [];
  });
  if (groups.length === 0) reader.fail(root, 'a related-words file needs `groups:`, a list of word lists');
  const replace = entries.has('replace') ? (reader.boolean(entries.get('replace'), '`replace`') ?? false) : false;
  return { kind: 'related', groups, replace };
}

const CODEBOOK_KEYS = ['id', 'statement', 'description', ...CUE_KEYS, 'disabled'];

/** `codebook: jobs` with `jobs:`, named jobs whose words, phrases or patterns a job statement matches. */
export function readCodebookFile(reader: YamlReader, root: Node, context: ReadContext): RuleFile | undefined {
  const entries = reader.map(root, 'a codebook file', ['codebook', 'description', 'jobs']);
  if (!entries) return undefined;
  reader.string(entries.get('codebook'), '`codebook`');
  const jobs: CodebookJob[] = [];
  const disabled: DisabledRule[] = [];
  const list = entries.has('jobs') && (entries.get('jobs') === null || entries.get('jobs') === undefined) ? [] : reader.list(entries.get('jobs'), '`jobs`');
  for (const node of list) {
    const job = reader.map(node, 'a codebook job', CODEBOOK_KEYS);
    if (!job) continue;
    const id = job.has('id') ? reader.string(job.get('id'), '`id`') : undefined;
    if (id === undefined) {
      reader.fail(node, 'every codebook job needs an `id`, e.g. `id: job.draft-emails`');
      continue;
    }
    if (!/^job\.[a-z0-9][a-z0-9-]*$/.test(id)) reader.fail(job.get('id'), `codebook job id "${id}" should be job. and lowercase words joined by dashes, e.g. job.draft-emails`);
    if (job.has('disabled')) {
      const result = readDisabled(reader, node, job, id);
      if (result) disabled.push(result.disabled);
      continue;
    }
    const statement = job.has('statement') ? reader.string(job.get('statement'), '`statement`') : undefined;
    if (statement === undefined) reader.fail(node, `codebook job "${id}" needs a \`statement\`, the verb-led job it names (e.g. "draft and polish emails")`);
    const matchers = readCues(reader, job, context);
    if (matchers.length === 0) reader.fail(node, `codebook job "${id}" needs at least one entry in \`words\`, \`phrases\`, \`patterns\` or \`regex\``);
    jobs.push({
      id,
      statement: statement ?? id,
      description: job.has('description') ? (reader.string(job.get('description'), '`description`') ?? '') : '',
      matchers,
      file: reader.file,
      ...lineAndColumn(reader, node),
    });
  }
  return { kind: 'codebook', jobs, disabled };
}
