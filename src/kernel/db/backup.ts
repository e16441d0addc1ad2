// Backup and restore of the whole database, and the fingerprint that proves a restore complete.
// PGlite: a snapshot of its data folder (dumpDataDir, gzip), taken while no server has the folder open.
// PostgreSQL: pg_dump in custom format, taken inside the same snapshot as the fingerprint, restored with
// pg_restore into an empty database. A manifest beside the backup (<file>.json) holds every table's row
// count and checksum; a restore compares them and verifies the audit chain before it calls itself done.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql } from 'drizzle-orm';
import { openDatabase, rows, type Database, type DbOrTx } from './client.js';
import { verifyAuditChain, type ChainReport } from '../audit/audit.js';

export interface TableFingerprint {
  rows: number;
  /** md5 over the md5 of every row's text, in sorted order: equal tables give equal checksums. */
  checksum: string;
}
export type Fingerprint = Record<string, TableFingerprint>;

export interface BackupManifest {
  format: 'ponte-backup-1';
  engine: 'pglite' | 'postgres';
  createdAt: string;
  /** The last migration applied: a backup restores only into a Ponte that knows it. */
  migration: string | null;
  tables: Fingerprint;
  /** Uploaded files (documents, photos), copied to `<file>.files/`: each one's path and SHA-256. */
  files?: Record<string, string>;
}

export class BackupError extends Error {
  override name = 'BackupError';
}

/** Query text for one table's fingerprint; table names come from the catalog, quoted. */
const fingerprintQuery = (table: string) => {
  const t = `"${table.replace(/"/g, '""')}"`;
  return `SELECT count(*)::int AS rows, coalesce(md5(string_agg(md5(r::text), '' ORDER BY md5(r::text))), '') AS checksum FROM ${t} r`;
};
const TABLES_QUERY = `SELECT table_name AS name FROM information_schema.tables
  WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`;

/** Every table of the public schema, with its row count and checksum. */
export async function fingerprint(db: DbOrTx): Promise<Fingerprint> {
  const tables = await rows<{ name: string }>(db, sql.raw(TABLES_QUERY));
  const result: Fingerprint = {};
  for (const { name } of tables) {
    const [r] = await rows<TableFingerprint>(db, sql.raw(fingerprintQuery(name)));
    result[name] = { rows: Number(r!.rows), checksum: r!.checksum };
  }
  return result;
}

async function lastMigration(db: DbOrTx): Promise<string | null> {
  const [r] = await rows<{ name: string | null }>(db, sql.raw('SELECT max(name) AS name FROM ponte_migrations'));
  return r?.name ?? null;
}

/** The tables whose row count or checksum differ between two fingerprints (missing tables included). */
export function compareFingerprints(expected: Fingerprint, actual: Fingerprint): string[] {
  const names = [...new Set([...Object.keys(expected), ...Object.keys(actual)])].sort();
  return names.filter((n) => expected[n]?.rows !== actual[n]?.rows || expected[n]?.checksum !== actual[n]?.checksum);
}

export const manifestPath = (file: string) => `${file}.json`;
/** Where a backup keeps the uploaded files, beside the database's file. */
export const filesPath = (file: string) => `${file}.files`;

/** Every file under a folder, by its path inside it, with its SHA-256. */
function filesOf(dir: string): Record<string, string> {
  const found: Record<string, string> = {};
  if (!existsSync(dir)) return found;
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    found[relative(dir, path)] = createHash('sha256').update(readFileSync(path)).digest('hex');
  }
  return found;
}

/** Copies the uploaded files beside the backup and returns what the manifest records of them. */
function backupFiles(filesDir: string | undefined, file: string): Record<string, string> | undefined {
  if (!filesDir || !existsSync(filesDir)) return undefined;
  cpSync(filesDir, filesPath(file), { recursive: true });
  return filesOf(filesPath(file));
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'inherit', 'pipe'], env });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += String(d)));
    child.on('error', (err) =>
      reject(new BackupError((err as NodeJS.ErrnoException).code === 'ENOENT' ? `${command} not found: install PostgreSQL's client programs (Debian: apt-get install postgresql-client)` : err.message)),
    );
    child.on('close', (code) => (code === 0 ? resolve() : reject(new BackupError(`${command} failed (exit ${code}): ${stderr.trim()}`))));
  });
}

/** Whether a PGlite data folder is open in a process (PGlite leaves postmaster.pid while open or after a crash). */
export function pgliteFolderInUse(dir: string): boolean {
  return existsSync(join(dir, 'postmaster.pid'));
}

export interface BackupSource {
  /** An open database (tests); otherwise opened from pgliteDir or databaseUrl. */
  database?: Database;
  /** The uploaded files' folder (FILES_DIR), copied beside the backup. */
  filesDir?: string;
  databaseUrl?: string | undefined;
  pgliteDir?: string;
}

/**
 * Writes a consistent backup of the whole database to `file` and its manifest to `<file>.json`.
 * PostgreSQL: the fingerprint and pg_dump share one exported snapshot, so a running server may keep writing.
 * PGlite: the folder must not be open in a running Ponte (one process per folder).
 */
export async function backupDatabase(source: BackupSource, file: string): Promise<BackupManifest> {
  if (source.databaseUrl) return backupPostgres(source.databaseUrl, file, source.filesDir);
  let database = source.database;
  const opened = !database;
  if (!database) {
    const dir = source.pgliteDir!;
    if (!existsSync(join(dir, 'PG_VERSION'))) throw new BackupError(`No PGlite database in ${dir}`);
    if (pgliteFolderInUse(dir)) {
      throw new BackupError(`The PGlite folder ${dir} is in use: stop Ponte first (if it stopped by crashing, start and stop it once).`);
    }
    database = await openDatabase({ pgliteDir: dir });
  }
  try {
    if (!database.pglite) throw new BackupError('This database is not PGlite: give its DATABASE_URL');
    const tables = await fingerprint(database.db);
    const migration = await lastMigration(database.db);
    // dumpDataDir runs between queries of this single-connection database: the snapshot is consistent.
    const blob = await database.pglite.dumpDataDir('gzip');
    writeFileSync(file, Buffer.from(await blob.arrayBuffer()), { mode: 0o600 });
    const files = backupFiles(source.filesDir, file);
    const manifest: BackupManifest = { format: 'ponte-backup-1', engine: 'pglite', createdAt: new Date().toISOString(), migration, tables, ...(files ? { files } : {}) };
    writeFileSync(manifestPath(file), JSON.stringify(manifest, null, 2), { mode: 0o600 });
    return manifest;
  } finally {
    if (opened) await database.close();
  }
}

async function backupPostgres(databaseUrl: string, file: string, filesDir: string | undefined): Promise<BackupManifest> {
  const client = new pg.Client({ connectionString: databaseUrl, options: '-c TimeZone=UTC' });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snapshot = (await client.query<{ s: string }>('SELECT pg_export_snapshot() AS s')).rows[0]!.s;
    const tables: Fingerprint = {};
    for (const { name } of (await client.query<{ name: string }>(TABLES_QUERY)).rows) {
      const r = (await client.query<TableFingerprint>(fingerprintQuery(name))).rows[0]!;
      tables[name] = { rows: Number(r.rows), checksum: r.checksum };
    }
    const migration = (await client.query<{ name: string | null }>('SELECT max(name) AS name FROM ponte_migrations')).rows[0]?.name ?? null;
    // pg_dump reads the very snapshot the fingerprint was computed on, while this transaction holds it.
    await run('pg_dump', ['--format=custom', '--no-owner', '--no-privileges', `--snapshot=${snapshot}`, `--file=${file}`, `--dbname=${databaseUrl}`]);
    await client.query('COMMIT');
    // Files are only ever added under new random names, so a copy taken after the snapshot holds every
    // file the database refers to (and perhaps a few newer ones).
    const files = backupFiles(filesDir, file);
    const manifest: BackupManifest = { format: 'ponte-backup-1', engine: 'postgres', createdAt: new Date().toISOString(), migration, tables, ...(files ? { files } : {}) };
    writeFileSync(manifestPath(file), JSON.stringify(manifest, null, 2), { mode: 0o600 });
    return manifest;
  } finally {
    await client.end();
  }
}

export interface RestoreTarget {
  databaseUrl?: string | undefined;
  pgliteDir?: string;
  /** Where the uploaded files go back (FILES_DIR): an empty or missing folder. */
  filesDir?: string;
}

export interface RestoreReport {
  engine: 'pglite' | 'postgres';
  tables: Fingerprint;
  /** Tables that differ from the manifest; empty when everything matches. Null: no manifest beside the file. */
  mismatches: string[] | null;
  audit: ChainReport;
  /** Uploaded files restored, and those missing or different from the manifest's checksums. */
  files: { restored: number; mismatches: string[] };
}

function engineOfFile(file: string): 'pglite' | 'postgres' {
  const head = readFileSync(file).subarray(0, 5);
  if (head.toString('latin1') === 'PGDMP') return 'postgres';
  if (head[0] === 0x1f && head[1] === 0x8b) return 'pglite';
  throw new BackupError(`${file} is not a Ponte backup (neither a PGlite snapshot nor a pg_dump archive)`);
}

/** Whether a PostgreSQL database holds anything of its own (tables, views, sequences) outside the catalogs. */
async function postgresIsEmpty(databaseUrl: string): Promise<boolean> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const r = await client.query<{ n: number }>(`SELECT count(*)::int AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
      WHERE s.nspname NOT IN ('pg_catalog', 'information_schema') AND s.nspname NOT LIKE 'pg_toast%' AND c.relkind IN ('r', 'p', 'v', 'm', 'S', 'f')`);
    return r.rows[0]!.n === 0;
  } finally {
    await client.end();
  }
}

/**
 * Restores a backup into an empty PGlite folder or an empty PostgreSQL database (refuses anything else),
 * then fingerprints the result, compares it with the manifest and verifies the audit chain.
 */
export async function restoreDatabase(file: string, target: RestoreTarget): Promise<RestoreReport> {
  if (!existsSync(file)) throw new BackupError(`No backup at ${file}`);
  const engine = engineOfFile(file);
  const manifest: BackupManifest | null = existsSync(manifestPath(file)) ? JSON.parse(readFileSync(manifestPath(file), 'utf8')) : null;
  const withFiles = target.filesDir && existsSync(filesPath(file));
  if (withFiles && existsSync(target.filesDir!) && readdirSync(target.filesDir!).length > 0) {
    throw new BackupError(`The files folder ${target.filesDir} is not empty: restore only into a new, empty folder`);
  }
  if (target.databaseUrl) {
    if (engine !== 'postgres') throw new BackupError('This is a PGlite backup: restore it into a PGlite data folder (unset DATABASE_URL)');
    if (!(await postgresIsEmpty(target.databaseUrl))) throw new BackupError('The target database is not empty: restore only into a new, empty database');
    await run('pg_restore', ['--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction', `--dbname=${target.databaseUrl}`, file]);
  } else {
    const dir = target.pgliteDir!;
    if (engine !== 'pglite') throw new BackupError('This is a PostgreSQL backup: restore it with DATABASE_URL set to an empty database');
    if (existsSync(dir) && (!statSync(dir).isDirectory() || readdirSync(dir).length > 0)) {
      throw new BackupError(`The target folder ${dir} is not empty: restore only into a new, empty folder`);
    }
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const pglite = await PGlite.create(dir, { extensions: { pg_trgm, unaccent }, loadDataDir: new Blob([readFileSync(file)]) });
    await pglite.close();
  }
  let files = { restored: 0, mismatches: [] as string[] };
  if (withFiles) {
    cpSync(filesPath(file), target.filesDir!, { recursive: true });
    const restored = filesOf(target.filesDir!);
    const expected = manifest?.files ?? restored;
    files = { restored: Object.keys(restored).length, mismatches: Object.keys(expected).filter((path) => restored[path] !== expected[path]) };
  }
  const database = await openDatabase({ databaseUrl: target.databaseUrl, pgliteDir: target.pgliteDir ?? '' });
  try {
    const tables = await fingerprint(database.db);
    return {
      files,
      engine,
      tables,
      mismatches: manifest ? compareFingerprints(manifest.tables, tables) : null,
      audit: await verifyAuditChain(database.db),
    };
  } finally {
    await database.close();
  }
}
