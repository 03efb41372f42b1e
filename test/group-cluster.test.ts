import { describe, expect, it } from 'vitest';
import { clusterByMeaning } from '../src/group/cluster.js';
import { normalised, type Meaning } from '../src/group/meaning.js';

/**
 * Statements as clustering sees them: a unit vector near one of a few topics,
 * found through the topic's key. Made by a seeded generator, so every run sees
 * the same study.
 */
function study(topics: number, perTopic: number, keyOf = (topic: number) => [`topic${topic}`, `shared${topic % 2}`]): { id: string; meaning: Meaning }[] {
  let seed = 7;
  const next = () => {
    seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0;
    return seed / 4294967296 - 0.5;
  };
  const centres = Array.from({ length: topics }, () => Float32Array.from({ length: 16 }, next));
  return centres.flatMap((centre, t) =>
    Array.from({ length: perTopic }, (_, i) => {
      const vector = normalised(Float32Array.from(centre, (x) => x + 0.6 * next()));
      return { id: `t${t}-${i}`, meaning: { vector, keys: keyOf(t), identity: `t${t}-${i}` } };
    }),
  );
}

const partition = (clusters: { members: { id: string }[] }[]) => clusters.map((c) => c.members.map((m) => m.id).join(' ')).sort();

describe('group: clustering by meaning (clusterByMeaning)', () => {
  const statements = study(5, 30);

  it('groups a study said sixteen times over into the same jobs, each statement beside its twins', () => {
    // the bench's 16x corpus is the corpus again and again: each statement has fifteen twins with its very words
    // all under one key: each key's sample of statements must hold twelve statements, not one statement's twins
    const statements = study(5, 30, () => ['one key']);
    const copies = 16;
    const repeated = Array.from({ length: copies }, (_, c) => statements.map((s) => ({ ...s, id: c === 0 ? s.id : `${s.id}~${c}` }))).flat();
    const clusters = clusterByMeaning(repeated, (s) => s.meaning);
    const firstCopy = clusters.map((c) => ({ members: c.members.filter((m) => !m.id.includes('~')) }));
    expect(partition(firstCopy)).toEqual(partition(clusterByMeaning(statements, (s) => s.meaning)));
    for (const cluster of clusters) expect(cluster.members.length % copies).toBe(0);
  });

  it('weighs a statement said many times as many statements: its job is the one they make together', () => {
    // one statement said by ten people pulls a lone neighbour into its job as ten statements would
    const [a, b] = statements;
    const copies = Array.from({ length: 10 }, (_, i) => ({ ...a!, id: `a${i}` }));
    const alone = clusterByMeaning([...copies, b!], (s) => s.meaning);
    const spread = clusterByMeaning([...copies.map((c, i) => ({ ...c, meaning: { ...c.meaning, identity: `a${i}` } })), b!], (s) => s.meaning);
    expect(partition(alone)).toEqual(partition(spread));
    expect(alone.reduce((n, c) => n + c.members.length, 0)).toBe(11);
  });

  it('finds several jobs in the study, not one nor one per statement', () => {
    const clusters = clusterByMeaning(statements, (s) => s.meaning);
    expect(clusters.length).toBeGreaterThan(3);
    expect(clusters.length).toBeLessThan(statements.length / 2);
  });
});
