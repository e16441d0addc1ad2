// The restore drill (GDPR art. 32: the ability to restore, tested regularly): the demo province is backed up,
// restored into an empty folder or database, and must come back whole — every table's row count and
// checksum, an audit chain that still verifies, and a Ponte that works on it. On the current engine:
// PGlite by default, PostgreSQL when DATABASE_URL is set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'drizzle-orm';
import { createTestApp, TEST_KEYS, testConfig, type TestApp } from '../helpers/test-app.js';
import { signIn } from '../helpers/client.js';
import { buildApp } from '../../src/app.js';
import { openDatabase, rows } from '../../src/kernel/db/client.js';
import { backupDatabase, fingerprint, manifestPath, restoreDatabase, type BackupManifest } from '../../src/kernel/db/backup.js';
import { verifyAuditChain } from '../../src/kernel/audit/audit.js';
import { createPgDatabase, engine, PG_URL, tempDir } from './helpers.js';
import { withDatabase } from '../helpers/global-setup.js';

const exec = promisify(execFile);
let t: TestApp;
let sourceUrl: string | undefined;
const scratch = tempDir('backup');
const cleanups: (() => Promise<void>)[] = [];

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  if (PG_URL) {
    const [{ name }] = (await rows<{ name: string }>(t.app.kernel.db, sql`SELECT current_database() AS name`)) as [{ name: string }];
    sourceUrl = withDatabase(PG_URL, name);
  }
});
afterAll(async () => {
  for (const c of cleanups) await c();
  await t?.close();
  scratch.remove();
});

/** An empty target: a folder that does not exist yet (PGlite), or a new database (PostgreSQL). */
async function emptyTarget(label: string): Promise<{ databaseUrl?: string; pgliteDir: string }> {
  if (PG_URL) {
    const target = await createPgDatabase();
    cleanups.push(target.drop);
    return { databaseUrl: target.url, pgliteDir: '' };
  }
  return { pgliteDir: join(scratch.dir, label, 'pglite') };
}

const cliEnv = (dataDir: string, databaseUrl?: string) => ({
  PATH: process.env.PATH,
  HOME: process.env.HOME,
  NODE_ENV: 'test',
  LOG_LEVEL: 'warn',
  DATA_DIR: dataDir,
  ...TEST_KEYS,
  ...(databaseUrl ? { DATABASE_URL: databaseUrl } : {}),
});

async function npmRun(script: 'backup' | 'restore', file: string, env: Record<string, string | undefined>) {
  try {
    const { stdout, stderr } = await exec('node', ['--import', 'tsx', `scripts/${script}.ts`, file], { env, timeout: 60_000 });
    return { code: 0, out: stdout + stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, out: e.stdout + e.stderr };
  }
}

describe(`backup and restore (${engine})`, () => {
  it('restores the demo province whole: every table, every row, an audit chain that verifies', async () => {
    const before = await fingerprint(t.app.kernel.db);
    expect(Object.keys(before).length).toBeGreaterThan(10);
    expect(before.audit_events!.rows).toBeGreaterThan(0);
    const file = join(scratch.dir, `drill.${engine}.backup`);
    const filesDir = t.app.kernel.config.filesDir;
    const manifest = await backupDatabase(PG_URL ? { databaseUrl: sourceUrl, filesDir } : { database: t.database, filesDir }, file);
    expect(manifest.tables).toEqual(before);
    // The uploaded documents and photos are in the backup too, each with its checksum.
    const stored = await rows<{ storage_name: string; sha256: string }>(t.app.kernel.db, sql`SELECT storage_name, sha256 FROM reception_files`);
    expect(stored.length).toBeGreaterThan(0);
    for (const f of stored) expect(manifest.files?.[f.storage_name]).toBe(f.sha256);

    const target = { ...(await emptyTarget('drill')), filesDir: join(scratch.dir, 'drill-files') };
    const report = await restoreDatabase(file, target);
    expect(report.files.mismatches).toEqual([]);
    for (const f of stored) expect(createHash('sha256').update(readFileSync(join(target.filesDir, f.storage_name))).digest('hex')).toBe(f.sha256);
    // Compared table by table with the source itself, not only with the manifest the backup wrote.
    expect(report.tables).toEqual(before);
    expect(report.mismatches).toEqual([]);
    expect(report.audit).toEqual({ ok: true, checked: before.audit_events!.rows });

    // And Ponte runs on the restored database: the administrator signs in and the chain verifies on screen.
    const database = await openDatabase({ databaseUrl: target.databaseUrl, pgliteDir: target.pgliteDir });
    const app = await buildApp(testConfig({ databaseUrl: target.databaseUrl }), { database });
    try {
      const admin = await signIn(app, 'admin@prefettura.example');
      expect((await admin.get('/admin/organizations')).body).toContain('Cooperativa Sociale Approdo (demo)');
      await admin.get('/admin/audit');
      expect((await admin.post('/admin/audit/verify')).body).toContain('Registro integro');
      expect((await verifyAuditChain(database.db)).ok).toBe(true);
    } finally {
      await app.close();
      await database.close();
    }
  }, 120_000);

  it('refuses to restore over a database that is not empty', async () => {
    const file = join(scratch.dir, `refuse.${engine}.backup`);
    await backupDatabase(PG_URL ? { databaseUrl: sourceUrl } : { database: t.database }, file);
    const target = await emptyTarget('refuse');
    await restoreDatabase(file, target);
    await expect(restoreDatabase(file, target)).rejects.toThrow(/not empty/);
    // The seeded test database itself, too.
    await expect(restoreDatabase(file, PG_URL ? { databaseUrl: sourceUrl } : { pgliteDir: target.pgliteDir })).rejects.toThrow(/not empty/);
  }, 120_000);

  it('works through `npm run backup` and `npm run restore`, as the README tells an operator', async () => {
    // The source: a data folder (PGlite) or database (PostgreSQL) holding the demo province.
    const sourceDir = join(scratch.dir, 'cli-source');
    mkdirSync(sourceDir, { recursive: true });
    let source = sourceUrl;
    if (!PG_URL) {
      const seed = join(scratch.dir, 'seed.backup');
      await backupDatabase({ database: t.database }, seed);
      await restoreDatabase(seed, { pgliteDir: join(sourceDir, 'pglite') });
    } else {
      const db = await createPgDatabase({ seeded: true });
      cleanups.push(db.drop);
      source = db.url;
    }
    const file = join(scratch.dir, `cli.${engine}.backup`);
    const backup = await npmRun('backup', file, cliEnv(sourceDir, source));
    expect(backup.out).toMatch(/Backup of .* written to/);
    expect(backup.code).toBe(0);
    expect(existsSync(file)).toBe(true);
    const manifest = JSON.parse(readFileSync(manifestPath(file), 'utf8')) as BackupManifest;
    expect(manifest.engine).toBe(engine);

    const targetDir = join(scratch.dir, 'cli-target');
    const target = PG_URL ? await createPgDatabase() : undefined;
    if (target) cleanups.push(target.drop);
    const restore = await npmRun('restore', file, cliEnv(targetDir, target?.url));
    expect(restore.out).toContain('Every table matches the backup');
    expect(restore.out).toMatch(/Audit chain intact: \d+ events verified/);
    expect(restore.code).toBe(0);

    const again = await npmRun('restore', file, cliEnv(targetDir, target?.url));
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/Restore refused: .*not empty/);
  }, 180_000);

  it.skipIf(!!PG_URL)('refuses to back up a PGlite folder that a running Ponte holds open', async () => {
    const dir = join(scratch.dir, 'busy', 'pglite');
    const seed = join(scratch.dir, 'busy.backup');
    await backupDatabase({ database: t.database }, seed);
    await restoreDatabase(seed, { pgliteDir: dir });
    const open = await openDatabase({ pgliteDir: dir });
    try {
      await expect(backupDatabase({ pgliteDir: dir }, join(scratch.dir, 'busy2.backup'))).rejects.toThrow(/in use: stop Ponte first/);
    } finally {
      await open.close();
    }
    await backupDatabase({ pgliteDir: dir }, join(scratch.dir, 'busy3.backup'));
  }, 120_000);
});
