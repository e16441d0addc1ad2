// PostgreSQL may close Ponte's idle connections (a restart, a failover, an administrator ending them):
// the server must carry on with new connections, not stop.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { openTestDatabase } from '../helpers/test-app.js';
import { rows, type Database } from '../../src/kernel/db/client.js';

const PG_URL = process.env.DATABASE_URL;
let database: Database;
let drop: () => Promise<void>;
beforeAll(async () => {
  ({ database, drop } = await openTestDatabase());
});
afterAll(async () => {
  await database?.close();
  await drop?.();
});

describe('database connections', () => {
  it.skipIf(!PG_URL)('answers the next query after the server has closed every idle connection', async () => {
    const [{ name }] = (await rows<{ name: string }>(database.db, sql`SELECT current_database() AS name`)) as [{ name: string }];
    // Two connections open and idle in the pool.
    await Promise.all([rows(database.db, sql`SELECT pg_sleep(0.05)`), rows(database.db, sql`SELECT pg_sleep(0.05)`)]);
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    const ended = await admin.query('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND pid <> pg_backend_pid()', [name]);
    await admin.end();
    expect(ended.rowCount).toBeGreaterThan(0);
    await new Promise((resolve) => setTimeout(resolve, 200));
    // An uncaught 'error' event would have ended the test run here; the pool opens a new connection instead.
    const again = await rows<{ one: number }>(database.db, sql`SELECT 1 AS one`);
    expect(again).toEqual([{ one: 1 }]);
  });
});
