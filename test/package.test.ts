import { mkdirSync, mkdtempSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FIXTURES, programOutput, programRun, ROOT } from './helpers.js';

/**
 * The package as a user gets it: `npm pack` (what `npm publish` would send;
 * `npm test` builds dist/ afresh first), unpacked into another project's
 * node_modules, imported by its name. Its runtime dependencies are this
 * checkout's, linked, so the test installs nothing.
 */
async function installPacked(): Promise<string> {
  const work = mkdtempSync(path.join(os.tmpdir(), 'jobmap-pack-'));
  const [packed] = JSON.parse(await programOutput('npm', ['pack', '--ignore-scripts', '--json', '--pack-destination', work], { cwd: ROOT })) as { filename: string }[];
  const project = path.join(work, 'project');
  const installed = path.join(project, 'node_modules', 'jobmap');
  mkdirSync(installed, { recursive: true });
  await programOutput('tar', ['-xzf', path.join(work, packed!.filename), '-C', installed, '--strip-components', '1']);
  // only what the package says it needs at run time: a forgotten dependency, or an import of a devDependency, fails here
  const { dependencies } = JSON.parse(readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  for (const dependency of Object.keys(dependencies)) {
    mkdirSync(path.dirname(path.join(project, 'node_modules', dependency)), { recursive: true });
    symlinkSync(path.join(ROOT, 'node_modules', dependency), path.join(project, 'node_modules', dependency));
  }
  writeFileSync(path.join(project, 'package.json'), '{ "name": "uses-jobmap", "private": true, "type": "module" }\n');
  return project;
}

describe('jobmap as a package', () => {
  let project: string;
  beforeAll(async () => {
    project = await installPacked();
  });

  it('runs the engine when imported by name, and keeps its internals to itself', async () => {
    const input = path.join(FIXTURES, 'ai-at-work');
    writeFileSync(
      path.join(project, 'use.mjs'),
      [
        "import { run, createJobmap, loadConfig, JobmapError } from 'jobmap';",
        `const report = await run({ input: ${JSON.stringify(input)}, outDir: 'out', config: loadConfig(), cacheDir: false, threads: 1 });`,
        'const jobs = report.jobMap.stages.reduce((sum, stage) => sum + stage.jobs.length, 0);',
        'let streamed = 0;',
        `for await (const outcome of createJobmap({ threads: 2 }).analyse(${JSON.stringify(input)})) streamed += outcome.results.length;`,
        "let internal = 'importable';",
        "try { await import('jobmap/dist/cli.js'); } catch (error) { internal = error.code; }",
        'console.log(JSON.stringify({ transcripts: report.results.length, streamed, findings: report.results.flatMap((r) => r.findings).length > 0, jobs: jobs > 0, error: new JobmapError("x") instanceof Error, internal }));',
      ].join('\n'),
    );
    const printed = JSON.parse(await programOutput(process.execPath, ['use.mjs'], { cwd: project }));
    const transcripts = readdirSync(input).filter((f) => f.endsWith('.txt')).length;
    expect(printed).toEqual({ transcripts, streamed: transcripts, findings: true, jobs: true, error: true, internal: 'ERR_PACKAGE_PATH_NOT_EXPORTED' });
  });

  it('comes with its types: a TypeScript project type-checks against them, and a wrong option is an error', async () => {
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    const options = [
      '--noEmit',
      '--strict',
      '--module',
      'nodenext',
      '--moduleResolution',
      'nodenext',
      '--target',
      'es2022',
      '--skipLibCheck',
      '--types',
      'node',
      '--typeRoots',
      path.join(ROOT, 'node_modules', '@types'),
    ];
    writeFileSync(
      path.join(project, 'use.ts'),
      [
        "import { createJobmap, evaluate, run, type EvalReport, type RunReport, type SourceOutcome } from 'jobmap';",
        "const report: RunReport = await run({ input: 'interviews', outDir: 'out' });",
        "const scores: EvalReport = await evaluate({ gold: ['labels'] });",
        'const outcomes: SourceOutcome[] = [];',
        "for await (const outcome of createJobmap({ cacheDir: '.cache' }).analyse('interviews', { ruleCounts: true })) outcomes.push(outcome);",
        'export const macro: number = scores.macroF1 + report.results.length + outcomes.length;',
      ].join('\n'),
    );
    await programOutput(process.execPath, [tsc, ...options, 'use.ts'], { cwd: project });
    writeFileSync(path.join(project, 'wrong.ts'), "import { run } from 'jobmap';\nawait run({ input: 'interviews', outputDir: 'out' });\n");
    const wrong = await programRun(process.execPath, [tsc, ...options, 'wrong.ts'], { cwd: project });
    expect(wrong.status).not.toBe(0);
    expect(wrong.stdout).toMatch(/wrong\.ts\(2,.*'outputDir' does not exist in type 'RunOptions'/);
  });
});
