// Reads the files of a ZIP archive held in memory: what an HSDS package uploaded as one .zip holds.
// Only what ordinary archivers write is read (stored or deflated entries, no encryption, no ZIP64), and
// every size is bounded before anything is inflated: an archive that would unpack to more than the limit
// (a "zip bomb") is refused without being unpacked. Each entry's CRC-32 is checked.
import { crc32, inflateRawSync } from 'node:zlib';

export interface ZipEntry {
  /** The entry's path inside the archive ('hsds/services.csv'). */
  path: string;
  data: Buffer;
}

export interface ZipLimits {
  maxEntries: number;
  /** The most bytes all entries may unpack to, together. */
  maxTotalBytes: number;
}

export type ZipProblem = 'not_zip' | 'unsupported' | 'too_many_files' | 'too_large' | 'corrupt';

export class ZipError extends Error {
  override name = 'ZipError';
  constructor(readonly problem: ZipProblem) {
    super(`ZIP archive refused: ${problem}`);
  }
}

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;

/** Whether the bytes start as a ZIP archive does (its content, not its name, says what it is). */
export function looksLikeZip(data: Buffer): boolean {
  if (data.length < 4) return false;
  const signature = data.readUInt32LE(0);
  return signature === LOCAL || (signature === END && data.length >= 22);
}

function endOfCentralDirectory(data: Buffer): number {
  // The record is 22 bytes, followed by a comment of at most 65,535 bytes.
  for (let at = data.length - 22; at >= Math.max(0, data.length - 22 - 0xffff); at--) {
    if (data.readUInt32LE(at) === END) return at;
  }
  throw new ZipError('not_zip');
}

export function readZip(data: Buffer, limits: ZipLimits): ZipEntry[] {
  if (data.length < 22) throw new ZipError('not_zip');
  const end = endOfCentralDirectory(data);
  const count = data.readUInt16LE(end + 10);
  const size = data.readUInt32LE(end + 12);
  const offset = data.readUInt32LE(end + 16);
  if (count === 0xffff || size === 0xffffffff || offset === 0xffffffff) throw new ZipError('unsupported');
  if (count > limits.maxEntries) throw new ZipError('too_many_files');
  if (offset + size > end) throw new ZipError('corrupt');

  const entries: ZipEntry[] = [];
  let total = 0;
  let at = offset;
  for (let i = 0; i < count; i++) {
    if (at + 46 > end || data.readUInt32LE(at) !== CENTRAL) throw new ZipError('corrupt');
    const flags = data.readUInt16LE(at + 8);
    const method = data.readUInt16LE(at + 10);
    const crc = data.readUInt32LE(at + 16);
    const packed = data.readUInt32LE(at + 20);
    const unpacked = data.readUInt32LE(at + 24);
    const nameLength = data.readUInt16LE(at + 28);
    const extraLength = data.readUInt16LE(at + 30);
    const commentLength = data.readUInt16LE(at + 32);
    const localOffset = data.readUInt32LE(at + 42);
    const path = data.subarray(at + 46, at + 46 + nameLength).toString(flags & 0x800 ? 'utf8' : 'latin1');
    at += 46 + nameLength + extraLength + commentLength;
    if (path.endsWith('/')) continue; // a folder
    if (flags & 0x1) throw new ZipError('unsupported'); // encrypted
    if (packed === 0xffffffff || unpacked === 0xffffffff || localOffset === 0xffffffff) throw new ZipError('unsupported');
    total += unpacked;
    if (total > limits.maxTotalBytes) throw new ZipError('too_large');

    if (localOffset + 30 > offset || data.readUInt32LE(localOffset) !== LOCAL) throw new ZipError('corrupt');
    const start = localOffset + 30 + data.readUInt16LE(localOffset + 26) + data.readUInt16LE(localOffset + 28);
    if (start + packed > offset) throw new ZipError('corrupt');
    const raw = data.subarray(start, start + packed);
    let content: Buffer;
    if (method === 0) {
      if (packed !== unpacked) throw new ZipError('corrupt');
      content = Buffer.from(raw);
    } else if (method === 8) {
      try {
        // Never more than the entry says it holds: a lying header cannot make it unpack further.
        content = inflateRawSync(raw, { maxOutputLength: Math.max(1, unpacked) });
      } catch (err) {
        throw new ZipError((err as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? 'too_large' : 'corrupt');
      }
    } else {
      throw new ZipError('unsupported');
    }
    if (content.length !== unpacked || crc32(content) !== crc) throw new ZipError('corrupt');
    entries.push({ path, data: content });
  }
  return entries;
}
