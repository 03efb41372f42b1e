import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import fg from 'fast-glob';
import type { JobmapMessage } from '../core/message.js';
import { ignoredMessage } from './messages.js';

export interface FolderFile {
  /** path relative to the input folder, forward slashes */
  file: string;
  absolutePath: string;
}

export interface WalkOptions {
  /** patterns of files that are never transcripts */
  ignore: string[];
  /** read links to files and folders outside the input folder (default: list them as ignored) */
  followSymlinks?: boolean;
}

/**
 * The files under a folder, recursively. A link is read only when it leads
 * outside the folder and the user asked for it (`--follow-symlinks`): a link
 * to `/etc/passwd` would otherwise be quoted in the output. A link into the
 * input folder, or into a linked folder being read (`ln -s . self`), would
 * read those files twice, or forever; it is listed as ignored, with the
 * reason. Two links to one folder elsewhere read it twice, as asked.
 */
export async function walkFolder(root: string, options: WalkOptions): Promise<{ files: FolderFile[]; ignored: JobmapMessage[] }> {
  const files: FolderFile[] = [];
  const ignored: JobmapMessage[] = [];
  // `reading`: the real folders being read, the input folder and the linked folders that led here
  const walk = async (dir: string, prefix: string, reading: string[]): Promise<void> => {
    const entries = await fg('**/*', { cwd: dir, onlyFiles: false, followSymbolicLinks: false, objectMode: true, caseSensitiveMatch: false, ignore: options.ignore });
    for (const entry of entries.sort((a, b) => (a.path < b.path ? -1 : 1))) {
      const file = prefix + entry.path;
      const absolutePath = path.join(dir, entry.path);
      if (entry.dirent.isFile()) files.push({ file, absolutePath });
      if (!entry.dirent.isSymbolicLink()) continue;
      const target = await realpath(absolutePath).catch(() => undefined);
      const info = target ? await stat(target).catch(() => undefined) : undefined;
      if (!target || !info) {
        ignored.push(ignoredMessage(file, 'a link to nothing (its target is gone)'));
      } else if (reading.some((folder) => target === folder || target.startsWith(folder + path.sep))) {
        ignored.push(ignoredMessage(file, `a link to ${info.isDirectory() ? 'a folder' : 'a file'} read where it is (${target})`));
      } else if (!options.followSymlinks) {
        ignored.push(ignoredMessage(file, `a link to outside the input folder (${target}); --follow-symlinks reads it`));
      } else if (info.isDirectory()) {
        await walk(target, `${file}/`, [...reading, target]);
      } else if (info.isFile()) {
        files.push({ file, absolutePath });
      }
    }
  };
  await walk(root, '', [await realpath(root)]);
  return { files, ignored };
}
