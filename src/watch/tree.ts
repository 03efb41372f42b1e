import { readdirSync, statSync, watch as fsWatch, type FSWatcher } from 'node:fs';
import path from 'node:path';
import { describeError } from '../errors.js';

/**
 * Watches a folder and every folder under it, each with its own watcher on the
 * folder (never on a file): an editor that saves by writing a new file and
 * renaming it over the old one (`sed -i`, vim, many IDEs) replaces the file,
 * and a watcher on the file would go deaf; Node's recursive watch on Linux
 * does exactly that. A folder made later is watched from then on, and the
 * files already in it when it is seen count as changed, so none is missed.
 */
export function watchTree(root: string, onFile: (file: string) => void, err: (text: string) => void, skip: (dir: string) => boolean): () => void {
  const watchers = new Map<string, FSWatcher>();
  const add = (dir: string, announce: boolean) => {
    if (watchers.has(dir) || skip(dir)) return;
    let watcher: FSWatcher;
    try {
      watcher = fsWatch(dir, (_event, name) => {
        if (name !== null) seen(path.join(dir, name.toString()));
      });
    } catch (error) {
      err(`jobmap watch: cannot watch ${dir}: ${describeError(error)}\n`);
      return;
    }
    watcher.on('error', () => forget(dir));
    watchers.set(dir, watcher);
    for (const entry of entries(dir)) {
      const child = path.join(dir, entry.name);
      if (entry.isDirectory()) add(child, announce);
      else if (announce) onFile(child);
    }
  };
  const forget = (dir: string) => {
    for (const [watched, watcher] of watchers) {
      if (watched === dir || watched.startsWith(dir + path.sep)) {
        watcher.close();
        watchers.delete(watched);
      }
    }
  };
  const seen = (file: string) => {
    const info = statSync(file, { throwIfNoEntry: false });
    if (info?.isDirectory()) add(file, true);
    else if (!info && watchers.has(file)) forget(file);
    else onFile(file);
  };
  add(root, false);
  return () => forget(root);
}

function entries(dir: string) {
  try {
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return [];
  }
}
