import { existsSync, mkdtempSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeFolder } from '../src/core/folder.js';

describe('makeFolder: mkdir -p that always ends', () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'jobmap-folder-'));

  it('makes every missing folder, and accepts one that is there', async () => {
    const deep = path.join(root, 'a', 'b', 'c');
    await makeFolder(deep);
    expect(statSync(deep).isDirectory()).toBe(true);
    await expect(makeFolder(deep)).resolves.toBeUndefined();
  });

  it('names the file in the way', async () => {
    writeFileSync(path.join(root, 'file'), 'x');
    await expect(makeFolder(path.join(root, 'file', 'below'))).rejects.toThrow(/file/);
  });

  // Node's own recursive mkdir never returns here: a run with `--out /proc/x` spun at 100% CPU
  it.runIf(existsSync('/proc/self'))('fails under /proc, where making a folder fails although its parent is there', async () => {
    await expect(makeFolder('/proc/jobmap-test/out')).rejects.toThrow(/proc\/jobmap-test/);
  });
});
