import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadRules } from '../src/rules/load.js';
import { transcriptAnalyser } from '../src/run/analyse.js';
import { SharedStrings, shareStrings } from '../src/run/sharedStrings.js';
import { FIXTURES, transcriptOf } from './helpers.js';

describe('run: the strings of findings posted by worker threads are shared again', () => {
  const analyse = transcriptAnalyser(loadRules());
  const folder = path.join(FIXTURES, 'ai-at-work');
  const results = readdirSync(folder)
    .sort()
    .slice(0, 6)
    .map((file) => analyse(transcriptOf(readFileSync(path.join(folder, file), 'utf8'), file)));

  it('leaves every finding as it was: only copies of equal strings are dropped', () => {
    // what a worker posts arrives as a structured clone
    const posted = structuredClone({ results, skipped: [], fromCache: false });
    const shared = new SharedStrings();
    expect(shareStrings(posted, shared).results).toEqual(results);
    expect(results.flatMap((r) => r.findings).length).toBeGreaterThan(20);
    expect(results.flatMap((r) => r.findings).some((f) => f.topicWords?.length && f.timing)).toBe(true);
  });
});
