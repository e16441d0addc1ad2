// Runs once per test run: prepares a migrated database that every test file clones, so that no test
// file pays for creating and migrating its own (PGlite: a data-folder snapshot; PostgreSQL: a template).
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/kernel/db/client.js';
import { migrate } from '../../src/kernel/db/migrate.js';

export const TEMPLATE_DB = 'ponte_t_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    pgTemplate: string;
  }
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'ponte_t_%'`);
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    await admin.query(`CREATE DATABASE "${TEMPLATE_DB}"`);
    await admin.end();
    const database = await openDatabase({ databaseUrl: withDatabase(url, TEMPLATE_DB), pgliteDir: '' });
    await migrate(database);
    await database.close();
    project.provide('pgTemplate', TEMPLATE_DB);
    project.provide('pgliteSnapshot', '');
    return;
  }
  const database = await openDatabase({ pgliteDir: 'memory://' });
  await migrate(database);
  const dump = await database.pglite!.dumpDataDir('none');
  await database.close();
  const dir = join(process.cwd(), '.tmp');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `pglite-migrated-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await dump.arrayBuffer()));
  project.provide('pgliteSnapshot', file);
  project.provide('pgTemplate', '');
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
