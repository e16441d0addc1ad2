// Forward-only migrations: numbered SQL files in migrations/, each applied once, in order, inside a
// transaction, and recorded with its checksum. A file changed after it was applied stops start-up:
// write a new migration instead. (Why not drizzle-kit's migrator: docs/adr/0002-migrations.md.)
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { rows, type Database } from './client.js';

export const MIGRATIONS_DIR = fileURLToPath(new URL('../../../migrations', import.meta.url));

interface Migration {
  name: string;
  checksum: string;
  text: string;
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir)
    .filter((f) => /^\d{4}_[a-z0-9_]+\.sql$/.test(f))
    .sort()
    .map((name) => {
      const text = readFileSync(join(dir, name), 'utf8');
      return { name, text, checksum: createHash('sha256').update(text).digest('hex') };
    });
}

export class MigrationError extends Error {
  override name = 'MigrationError';
}

/** Applies what is pending; returns the names applied. Safe to call on every start. */
export async function migrate(database: Database, dir = MIGRATIONS_DIR): Promise<string[]> {
  const { db } = database;
  await db.execute(sql`CREATE TABLE IF NOT EXISTS ponte_migrations (
    name text PRIMARY KEY,
    checksum text NOT NULL,
    applied_at timestamptz NOT NULL DEFAULT now()
  )`);
  const readApplied = async () =>
    new Map(
      (await rows<{ name: string; checksum: string }>(db, sql`SELECT name, checksum FROM ponte_migrations`)).map(
        (r) => [r.name, r.checksum],
      ),
    );
  let applied = await readApplied();
  const done: string[] = [];
  for (const m of readMigrations(dir)) {
    const seen = applied.get(m.name);
    if (seen !== undefined) {
      if (seen !== m.checksum) {
        throw new MigrationError(`Migration ${m.name} was changed after it was applied; add a new migration instead`);
      }
      continue;
    }
    // name and checksum are [0-9a-z_] by construction: safe to inline in the script.
    const script = `SELECT pg_advisory_xact_lock(7303);\n${m.text}\n;INSERT INTO ponte_migrations (name, checksum) VALUES ('${m.name}', '${m.checksum}');`;
    try {
      await database.execScript(script);
      done.push(m.name);
    } catch (err) {
      // Another node starting at the same moment may have applied it first.
      applied = await readApplied();
      if (applied.get(m.name) === m.checksum) continue;
      throw new MigrationError(`Migration ${m.name} failed: ${(err as Error).message}`);
    }
  }
  return done;
}
