// Shared by the reliability tests: temporary folders, PostgreSQL databases of this run, plain SQL counts.
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { sql } from 'drizzle-orm';
import { rows, type DbOrTx } from '../../src/kernel/db/client.js';
import { withDatabase } from '../helpers/global-setup.js';

export const PG_URL = process.env.DATABASE_URL;
export const engine = PG_URL ? 'postgres' : 'pglite';

/** A temporary folder under .tmp (the project's ignored scratch folder); removed by the returned function. */
export function tempDir(label: string): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(process.cwd(), '.tmp', `${label}-`));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A new, empty PostgreSQL database named like this run's others (global-setup drops leftovers of dead runs).
 * `template: true` clones the seeded demo template instead.
 */
export async function createPgDatabase(options: { seeded?: boolean; migrated?: boolean } = {}): Promise<{ url: string; name: string; drop(): Promise<void> }> {
  if (!PG_URL) throw new Error('DATABASE_URL is not set');
  const runTemplate = inject('pgTemplate');
  const name = `${runTemplate.replace(/template$/, '')}${randomBytes(6).toString('hex')}`;
  const template = options.seeded ? inject('pgSeededTemplate') : options.migrated ? runTemplate : 'template0';
  const admin = new pg.Client({ connectionString: PG_URL });
  await admin.connect();
  for (let attempt = 0; ; attempt++) {
    try {
      await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
      break;
    } catch (err) {
      if (attempt >= 10) throw err;
      await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
    }
  }
  await admin.end();
  return {
    url: withDatabase(PG_URL, name),
    name,
    async drop() {
      const c = new pg.Client({ connectionString: PG_URL });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await c.end();
    },
  };
}

export async function count(db: DbOrTx, table: string, where = 'true'): Promise<number> {
  return (await rows<{ n: number }>(db, sql.raw(`SELECT count(*)::int AS n FROM "${table}" WHERE ${where}`)))[0]!.n;
}

/** Row counts of every table of the public schema, in one statement. */
export async function allRowCounts(db: DbOrTx, except: readonly string[] = []): Promise<Record<string, number>> {
  const tables = (
    await rows<{ name: string }>(db, sql`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name`)
  )
    .map((r) => r.name)
    .filter((n) => !except.includes(n));
  if (tables.length === 0) return {};
  const select = tables.map((t, i) => `(SELECT count(*) FROM "${t}")::int AS c${i}`).join(', ');
  const [r] = await rows<Record<string, number>>(db, sql.raw(`SELECT ${select}`));
  return Object.fromEntries(tables.map((t, i) => [t, Number(r![`c${i}`])]));
}

/** What a page or problem document must never show: a stack trace, a file path, an error class. */
export const STACK_TRACE = /\bat (?:[\w$.<>[\] ]+ \()?(?:\/|file:\/\/|node:)[^\s)]*:\d+:\d+|node_modules|\.[tj]sx?:\d+:\d+|\b(TypeError|ReferenceError|SyntaxError|RangeError|DrizzleQueryError|ZodError)\b|error: syntax error at or near/;
