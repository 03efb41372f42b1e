import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import JSZip from 'jszip';
import { describe, expect, it } from 'vitest';
import { crc32, zip } from '../src/write/zip.js';

const entries = [
  { name: 'project.qde', data: Buffer.from('<Project name="café"/>\n') },
  { name: 'sources/ünïcode 😅.txt', data: Buffer.from('Participant: It was a nightmare.\n'.repeat(50)) },
  { name: 'sources/empty.txt', data: new Uint8Array() },
];

describe('zip: a deterministic archive writer', () => {
  it('checksums as zip wants (CRC-32 of "123456789" is cbf43926)', () => {
    expect(crc32(Buffer.from('123456789')).toString(16)).toBe('cbf43926');
  });

  it('writes entries another zip reader reads back, in the order given, with their bytes and UTF-8 names', async () => {
    const archive = await JSZip.loadAsync(zip(entries));
    expect(Object.keys(archive.files)).toEqual(entries.map((e) => e.name));
    for (const entry of entries) expect(Buffer.from(await archive.file(entry.name)!.async('uint8array')).equals(Buffer.from(entry.data))).toBe(true);
  });

  it('dates every entry 1980-01-01 00:00, so the same entries are the same bytes', async () => {
    const archive = await JSZip.loadAsync(zip(entries));
    const date = archive.file('project.qde')!.date;
    expect([date.getFullYear(), date.getMonth(), date.getDate(), date.getHours(), date.getMinutes()]).toEqual([1980, 0, 1, 0, 0]);
    expect(zip(entries).equals(zip(entries))).toBe(true);
  });

  it.skipIf(!hasUnzip())('passes unzip -t', () => {
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'jobmap-zip-')), 'test.zip');
    writeFileSync(file, zip(entries));
    expect(execFileSync('unzip', ['-t', file], { encoding: 'utf8' })).toContain('No errors detected');
  });
});

function hasUnzip(): boolean {
  try {
    execFileSync('unzip', ['-v'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
