import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Global setup: every temporary folder the tests make (fixtures, caches,
 * output folders, and those of the CLI runs they spawn) goes under one
 * folder for the run, removed when the run ends, so running the tests leaves
 * nothing in the system's temporary folder. os.tmpdir() reads TMPDIR, which
 * the test processes inherit.
 */
export default function setup(): () => void {
  const root = mkdtempSync(path.join(os.tmpdir(), 'jobmap-tests-'));
  // open to other users as the system's temporary folder is: a test runs the CLI as another user (hostile.test.ts)
  chmodSync(root, 0o755);
  const before = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    rmSync(root, { recursive: true, force: true });
    if (before === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = before;
  };
}
