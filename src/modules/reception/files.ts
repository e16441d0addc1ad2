// Uploaded files: what a file is comes from its bytes (file-type's sniffing), never from its name or the
// browser's word; only PDF, JPEG and PNG are kept (never SVG or HTML, which a browser would run). They are
// written under a random name in the files folder (config FILES_DIR, outside the web root) and served only
// by the route that checks who may see the centre they belong to, as attachments the browser cannot run.
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileTypeFromBuffer } from 'file-type';
import { sql } from 'drizzle-orm';
import { rows, type Tx } from '../../kernel/db/client.js';

export const FILE_LIMITS = {
  /** A document or a photo. */
  fileBytes: 10 * 1024 * 1024,
  /** A presence register (CSV or XLSX). */
  registerBytes: 5 * 1024 * 1024,
  /** Files in one request (a checklist's photos), and all of them together. */
  files: 12,
  requestBytes: 40 * 1024 * 1024,
} as const;

export type Accept = 'document' | 'photo' | 'document_or_photo';
const ALLOWED: Record<Accept, readonly string[]> = {
  document: ['application/pdf'],
  photo: ['image/jpeg', 'image/png'],
  document_or_photo: ['application/pdf', 'image/jpeg', 'image/png'],
};

export interface UploadedFile {
  filename: string;
  field: string;
  data: Buffer;
  truncated: boolean;
}

export type FileProblem = 'missing' | 'tooLarge' | 'wrongType';

/** The sniffed media type, if the content is one this field accepts. */
export async function checkFile(file: UploadedFile | undefined, accept: Accept): Promise<{ ok: true; mediaType: string } | { ok: false; problem: FileProblem }> {
  if (!file || file.data.length === 0) return { ok: false, problem: 'missing' };
  if (file.truncated || file.data.length > FILE_LIMITS.fileBytes) return { ok: false, problem: 'tooLarge' };
  const sniffed = await fileTypeFromBuffer(file.data);
  if (!sniffed || !ALLOWED[accept].includes(sniffed.mime)) return { ok: false, problem: 'wrongType' };
  return { ok: true, mediaType: sniffed.mime };
}

/** A file name to show and to offer on download: no path, no control characters, bounded. */
export function cleanName(name: string, fallback: string): string {
  const base = name.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  const clean = base.replace(/[\u0000-\u001f\u007f"<>]/g, '').trim().slice(0, 200);
  return clean || fallback;
}

export interface StoredFile {
  id: string;
  path: string;
}

/**
 * Writes the file under a random name and records it, in the caller's transaction. If the transaction
 * fails afterwards, call `discard` with what this returned: no file is left without its row.
 */
export async function storeFile(tx: Tx, filesDir: string, input: { centreId: string; file: UploadedFile; mediaType: string; userId: string }): Promise<StoredFile> {
  const storageName = randomBytes(32).toString('hex');
  await mkdir(filesDir, { recursive: true, mode: 0o700 });
  const path = join(filesDir, storageName);
  await writeFile(path, input.file.data, { mode: 0o600, flag: 'wx' });
  const sha256 = createHash('sha256').update(input.file.data).digest('hex');
  const [row] = await rows<{ id: string }>(
    tx,
    sql`INSERT INTO reception_files (centre_id, storage_name, media_type, original_name, size_bytes, sha256, uploaded_by)
      VALUES (${input.centreId}, ${storageName}, ${input.mediaType}, ${cleanName(input.file.filename, 'file')}, ${input.file.data.length}, ${sha256}, ${input.userId})
      RETURNING id`,
  );
  return { id: row!.id, path };
}

export async function discard(stored: StoredFile[]): Promise<void> {
  await Promise.all(stored.map((s) => rm(s.path, { force: true })));
}

export async function readStoredFile(filesDir: string, storageName: string): Promise<Buffer> {
  if (!/^[0-9a-f]{64}$/.test(storageName)) throw new Error('bad storage name');
  return readFile(join(filesDir, storageName));
}
