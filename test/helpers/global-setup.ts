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

// Names carry the run's process id, so that two runs against the same server (two developers' terminals,
// parallel helpers) never drop each other's databases; a run cleans up what dead runs left behind.
const RUN_PREFIX = `ponte_t_${process.pid}_`;
export const TEMPLATE_DB = `${RUN_PREFIX}template`;
export const SEEDED_TEMPLATE_DB = `${RUN_PREFIX}template_demo`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

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
    const existing = await admin.query<{ datname: string }>(`SELECT datname FROM pg_database WHERE datname LIKE 'ponte_t_%'`);
    for (const { datname } of existing.rows) {
      const pid = Number(/^ponte_t_(\d+)_/.exec(datname)?.[1]);
      if (pid && isAlive(pid) && pid !== process.pid) continue;
      await admin.query(`DROP DATABASE IF EXISTS "${datname}" WITH (FORCE)`);
    }
    for (const name of [TEMPLATE_DB, SEEDED_TEMPLATE_DB]) {
      await admin.query(`CREATE DATABASE "${name}"`);
      const database = await openDatabase({ databaseUrl: withDatabase(url, name), pgliteDir: '' });
      await migrate(database);
      if (name === SEEDED_TEMPLATE_DB) await seed(database);
      await database.close();
    }
    await admin.end();
    const teardown = async () => {
      const c = new pg.Client({ connectionString: url });
      await c.connect();
      for (const name of [TEMPLATE_DB, SEEDED_TEMPLATE_DB]) await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    };
    project.provide('pgTemplate', TEMPLATE_DB);
    project.provide('pgSeededTemplate', SEEDED_TEMPLATE_DB);
    project.provide('pgliteSnapshot', '');
    project.provide('pgliteSeededSnapshot', '');
    return teardown;
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
