// Runs once per test run: prepares migrated databases that every test file clones — one empty, one with
// the demo province — so that no test file pays for creating, migrating and seeding its own.
// PGlite: data-folder snapshots; PostgreSQL (DATABASE_URL): template databases.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase, type Database } from '../../src/kernel/db/client.js';
import { migrate } from '../../src/kernel/db/migrate.js';
import { buildApp } from '../../src/app.js';
import { seedDemo } from '../../seeds/demo.js';

export const TEMPLATE_DB = 'ponte_t_template';
export const SEEDED_TEMPLATE_DB = 'ponte_t_template_demo';

declare module 'vitest' {
  export interface ProvidedContext {
    pgliteSnapshot: string;
    pgliteSeededSnapshot: string;
    pgTemplate: string;
    pgSeededTemplate: string;
  }
}

async function seed(database: Database) {
  // Imported lazily: test-app.ts reads provided values that do not exist yet in this process.
  const { testConfig } = await import('./test-app.js');
  const app = await buildApp(testConfig({ databaseUrl: process.env.DATABASE_URL }), { database });
  await seedDemo(app.kernel);
  await app.close();
}

export default async function setup(project: TestProject) {
  const url = process.env.DATABASE_URL;
  if (url) {
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    const stale = await admin.query(`SELECT datname FROM pg_database WHERE datname LIKE 'ponte_t_%'`);
    for (const { datname } of stale.rows) await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    for (const name of [TEMPLATE_DB, SEEDED_TEMPLATE_DB]) {
      await admin.query(`CREATE DATABASE "${name}"`);
      const database = await openDatabase({ databaseUrl: withDatabase(url, name), pgliteDir: '' });
      await migrate(database);
      if (name === SEEDED_TEMPLATE_DB) await seed(database);
      await database.close();
    }
    await admin.end();
    project.provide('pgTemplate', TEMPLATE_DB);
    project.provide('pgSeededTemplate', SEEDED_TEMPLATE_DB);
    project.provide('pgliteSnapshot', '');
    project.provide('pgliteSeededSnapshot', '');
    return;
  }
  const dir = join(process.cwd(), '.tmp');
  mkdirSync(dir, { recursive: true });
  const database = await openDatabase({ pgliteDir: 'memory://' });
  await migrate(database);
  const file = join(dir, `pglite-migrated-${process.pid}.tar`);
  writeFileSync(file, Buffer.from(await (await database.pglite!.dumpDataDir('none')).arrayBuffer()));
  await seed(database);
  const seededFile = join(dir, `pglite-demo-${process.pid}.tar`);
  writeFileSync(seededFile, Buffer.from(await (await database.pglite!.dumpDataDir('none')).arrayBuffer()));
  await database.close();
  project.provide('pgliteSnapshot', file);
  project.provide('pgliteSeededSnapshot', seededFile);
  project.provide('pgTemplate', '');
  project.provide('pgSeededTemplate', '');
}

export function withDatabase(url: string, name: string): string {
  const u = new URL(url);
  u.pathname = `/${name}`;
  return u.toString();
}
