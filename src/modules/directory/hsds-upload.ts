// What a person uploads as an HSDS tabular package — one .zip of CSV files (with or without the standard's
// datapackage.json), or the CSV files themselves — turned into the package's files. What a file is comes
// from its bytes, never from its name: a ZIP archive by its signature, datapackage.json by being JSON with
// `resources`, a CSV by being text. A CSV whose name is not one of the standard's is recognized by its
// datapackage entry or else by its header row.
import { basename } from 'node:path';
import { parse } from 'csv-parse/sync';
import { HSDS_RESOURCES, RESOURCE_BY_NAME, RESOURCE_BY_PATH } from './hsds-tabular.js';
import type { PackageFile } from './hsds-import.js';
import { looksLikeZip, readZip, ZipError } from './zip-reader.js';

export interface UploadedFile {
  filename: string;
  data: Buffer;
  /** The upload went past the size limit and was cut. */
  truncated: boolean;
}

export const UPLOAD_LIMITS = {
  /** One uploaded file (a .zip or a CSV). */
  fileBytes: 20 * 1024 * 1024,
  files: 30,
  /** All the CSV files of the package, unpacked, together. */
  totalBytes: 60 * 1024 * 1024,
  zipEntries: 100,
} as const;

export type UploadProblem = 'none' | 'tooLarge' | 'tooManyFiles' | 'notText' | 'zipUnsupported' | 'zipCorrupt' | 'noCsv';

export type Unpacked = { ok: true; files: PackageFile[] } | { ok: false; problem: UploadProblem; file?: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** The text of a file, if it is text (UTF-8, no NUL byte); undefined for anything binary. */
function textOf(data: Buffer): string | undefined {
  if (data.includes(0)) return undefined;
  try {
    return utf8.decode(data);
  } catch {
    return undefined;
  }
}

/** The resource names of a datapackage.json by file name ('services.csv' → 'service'), if it is one. */
function datapackageOf(text: string): Map<string, string> | undefined {
  if (!/^\s*\{/.test(text)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const resources = (json as { resources?: unknown }).resources;
  if (!Array.isArray(resources)) return undefined;
  const byFile = new Map<string, string>();
  for (const r of resources as { name?: unknown; path?: unknown }[]) {
    if (typeof r?.name === 'string' && typeof r.path === 'string' && RESOURCE_BY_NAME.has(r.name)) byFile.set(basename(r.path), r.name);
  }
  return byFile;
}

/** The one resource whose fields hold every column of this header and whose required fields it has. */
function resourceOfHeader(text: string): string | undefined {
  let header: string[];
  try {
    header = ((parse(text, { bom: true, to_line: 1, relax_column_count: true }) as string[][])[0] ?? []).map((h) => h.trim());
  } catch {
    return undefined;
  }
  if (!header.includes('id')) return undefined;
  const fits = HSDS_RESOURCES.filter((r) => {
    const names = new Set(r.fields.map((f) => f.name));
    return header.every((h) => names.has(h)) && r.fields.every((f) => !f.required || header.includes(f.name));
  }).sort((a, b) => a.fields.length - b.fields.length);
  if (fits.length === 0) return undefined;
  // Two resources that fit as tightly: the header does not say which.
  if (fits.length > 1 && fits[1]!.fields.length === fits[0]!.fields.length) return undefined;
  return fits[0]!.name;
}

/** Turns what was uploaded into the package's files, or says what is wrong with it. */
export function unpackUpload(uploads: readonly UploadedFile[]): Unpacked {
  const sent = uploads.filter((u) => u.data.length > 0 || u.filename);
  if (sent.length === 0 || sent.every((u) => u.data.length === 0)) return { ok: false, problem: 'none' };
  if (sent.length > UPLOAD_LIMITS.files) return { ok: false, problem: 'tooManyFiles' };
  const truncated = sent.find((u) => u.truncated);
  if (truncated) return { ok: false, problem: 'tooLarge', file: truncated.filename };

  const candidates: { name: string; data: Buffer }[] = [];
  for (const upload of sent) {
    const name = basename(upload.filename.replace(/\\/g, '/')) || 'upload';
    if (!looksLikeZip(upload.data)) {
      candidates.push({ name, data: upload.data });
      continue;
    }
    try {
      const entries = readZip(upload.data, { maxEntries: UPLOAD_LIMITS.zipEntries, maxTotalBytes: UPLOAD_LIMITS.totalBytes });
      for (const e of entries) {
        const entryName = basename(e.path);
        // Archivers' own files (macOS resource forks, hidden files) are not part of the package.
        if (e.path.startsWith('__MACOSX/') || entryName.startsWith('.')) continue;
        candidates.push({ name: entryName, data: e.data });
      }
    } catch (err) {
      if (!(err instanceof ZipError)) throw err;
      const problem: UploadProblem = err.problem === 'too_large' ? 'tooLarge' : err.problem === 'too_many_files' ? 'tooManyFiles' : err.problem === 'unsupported' ? 'zipUnsupported' : 'zipCorrupt';
      return { ok: false, problem, file: name };
    }
  }
  if (candidates.reduce((n, c) => n + c.data.length, 0) > UPLOAD_LIMITS.totalBytes) return { ok: false, problem: 'tooLarge' };

  const texts: { name: string; text: string }[] = [];
  let datapackage: Map<string, string> | undefined;
  for (const c of candidates) {
    const text = textOf(c.data);
    if (text === undefined) return { ok: false, problem: 'notText', file: c.name };
    const described = datapackageOf(text);
    if (described) datapackage = described;
    else texts.push({ name: c.name, text });
  }
  const files: PackageFile[] = texts.map(({ name, text }) => {
    const resource = datapackage?.get(name) ?? (RESOURCE_BY_PATH.has(name) ? undefined : resourceOfHeader(text));
    return { name, content: text, ...(resource ? { resource } : {}) };
  });
  if (!files.some((f) => f.resource || RESOURCE_BY_PATH.has(f.name))) return { ok: false, problem: 'noCsv' };
  return { ok: true, files };
}
