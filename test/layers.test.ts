import { readFileSync } from 'node:fs';
import path from 'node:path';
import fg from 'fast-glob';
import { describe, expect, it } from 'vitest';
import { ROOT } from './helpers.js';

/**
 * The layers of src/, lowest first. A module may import from its own layer
 * and the layers below it, never from one above: data flows one way, and a
 * stage cannot reach back into the stages that come after it.
 */
const LAYERS: string[][] = [
  ['core', 'types.ts', 'categories.ts', 'jobMapTypes.ts', 'errors.ts', 'types-shims'], // types, errors, the position-keeping YAML reader
  ['ingest'],
  ['segment'],
  ['config.ts'],
  ['rules'],
  ['extract'],
  ['classify'],
  ['group'],
  ['review'],
  ['compare'],
  ['write'],
  ['run'],
  ['pipeline.ts'],
  ['eval', 'tools', 'watch', 'progress.ts'], // the other commands: folds over the engine's stream (run/engine.ts), or over runs
  ['index.ts', 'cli.ts', 'cli'], // the doors: the library's exports and the command line
  ['bin.ts'],
];

const SRC = path.join(ROOT, 'src');

function layerOf(file: string): number {
  const top = path.relative(SRC, file).split(path.sep)[0]!;
  const layer = LAYERS.findIndex((names) => names.includes(top));
  if (layer < 0) throw new Error(`${path.relative(ROOT, file)} is in no layer: add "${top}" to LAYERS in test/layers.test.ts`);
  return layer;
}

/** Each module's relative imports (`import ... from './x.js'`, `export ... from`), as source paths. */
function importGraph(): Map<string, string[]> {
  const files = fg.sync('**/*.ts', { cwd: SRC, absolute: true });
  return new Map(
    files.map((file) => {
      const text = readFileSync(file, 'utf8');
      const targets = [...text.matchAll(/^(?:import|export)\b[^'"]*?from\s+'(\.{1,2}\/[^']+)'/gm)].map((m) => path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, '.ts')));
      return [file, targets];
    }),
  );
}

/** Modules that import each other, directly or round about (Tarjan's strongly connected components). */
function cycles(graph: Map<string, string[]>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const found: string[][] = [];
  const visit = (file: string) => {
    index.set(file, counter);
    low.set(file, counter++);
    stack.push(file);
    for (const next of graph.get(file) ?? []) {
      if (!graph.has(next)) continue;
      if (!index.has(next)) {
        visit(next);
        low.set(file, Math.min(low.get(file)!, low.get(next)!));
      } else if (stack.includes(next)) low.set(file, Math.min(low.get(file)!, index.get(next)!));
    }
    if (low.get(file) === index.get(file)) {
      const component: string[] = [];
      let member: string;
      do component.push((member = stack.pop()!));
      while (member !== file);
      if (component.length > 1) found.push(component.map((f) => path.relative(ROOT, f)).sort());
    }
  };
  for (const file of graph.keys()) if (!index.has(file)) visit(file);
  return found;
}

describe('the layers of src/', () => {
  const graph = importGraph();

  it('has no import from a higher layer', () => {
    const upward = [...graph].flatMap(([file, targets]) =>
      targets.filter((target) => layerOf(target) > layerOf(file)).map((target) => `${path.relative(ROOT, file)} imports ${path.relative(ROOT, target)}`),
    );
    expect(upward).toEqual([]);
  });

  it('has no import cycle', () => {
    expect(cycles(graph)).toEqual([]);
  });

  it('reads every import it checks (a test that cannot fail is no test)', () => {
    const { size } = graph;
    const edges = [...graph.values()].flat().length;
    expect(size).toBeGreaterThan(50);
    expect(edges).toBeGreaterThan(size);
    expect(
      cycles(
        new Map([
          ['a', ['b']],
          ['b', ['a']],
        ]),
      ),
    ).toHaveLength(1);
    expect(() => layerOf(path.join(SRC, 'nowhere', 'x.ts'))).toThrow(/in no layer/);
  });
});
