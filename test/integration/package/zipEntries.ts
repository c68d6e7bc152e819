import fs from 'node:fs';

/** A file in a zip archive, as its central directory lists it. */
export interface ZipEntry {
  name: string;
  size: number;
}

const endOfCentralDirectorySignature = 0x06054b50;
const centralDirectoryEntrySignature = 0x02014b50;

/** Lists the entries of a zip file (a .vsix) from its central directory; no zip64, which a vsix never needs. */
export function listZipEntries(file: string): ZipEntry[] {
  const zip = fs.readFileSync(file);
  // The end-of-central-directory record is the last 22 bytes plus a comment of up to 64 KiB.
  let end = zip.length - 22;
  while (end >= Math.max(0, zip.length - 22 - 0xffff) && zip.readUInt32LE(end) !== endOfCentralDirectorySignature) end--;
  if (end < 0 || zip.readUInt32LE(end) !== endOfCentralDirectorySignature) throw new Error(`${file} is not a zip file`);
  const count = zip.readUInt16LE(end + 10);
  const entries: ZipEntry[] = [];
  let offset = zip.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    if (zip.readUInt32LE(offset) !== centralDirectoryEntrySignature) throw new Error(`${file}: bad central directory entry ${i}`);
    const nameLength = zip.readUInt16LE(offset + 28);
    const extraLength = zip.readUInt16LE(offset + 30);
    const commentLength = zip.readUInt16LE(offset + 32);
    entries.push({ name: zip.toString('utf8', offset + 46, offset + 46 + nameLength), size: zip.readUInt32LE(offset + 24) });
    offset += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}
