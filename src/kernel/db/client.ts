// The database connection: PGlite (PostgreSQL compiled to WASM) in DATA_DIR by default,
// a PostgreSQL server when DATABASE_URL is set. The rest of Ponte sees one Drizzle `Db` either way.
import { PGlite } from '@electric-sql/pglite';
import { pg_trgm } from '@electric-sql/pglite/contrib/pg_trgm';
import { unaccent } from '@electric-sql/pglite/contrib/unaccent';
import { sql, type SQL } from 'drizzle-orm';
import { PgTransaction, type PgDatabase, type PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import pg from 'pg';

export type Db = PgDatabase<PgQueryResultHKT>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Repositories take either: a plain connection, or the transaction they must join. */
export type DbOrTx = Db | Tx;

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
  /** Runs a script of several statements (simple protocol) on one connection, as one transaction. */
  execScript(script: string): Promise<void>;
  /** PGlite only: a snapshot of the whole data folder (tests clone it; backups use it). */
  pglite?: PGlite;
}

export interface OpenOptions {
  databaseUrl?: string | undefined;
  /** A folder, or 'memory://' for a database that lives only in this process. */
  pgliteDir: string;
  /** A PGlite data folder snapshot to start from (made by dumpDataDir). */
  loadDataDir?: Blob;
}

export async function openDatabase(options: OpenOptions): Promise<Database> {
  if (options.databaseUrl) {
    // Times are stored in UTC; the session time zone makes now() and casts agree on every node.
    const pool = new pg.Pool({ connectionString: options.databaseUrl, max: 10, options: '-c TimeZone=UTC' });
    // An idle connection that the server closes (a restart, a failover, an administrator) is an 'error'
    // event on the pool; without a listener it would end the process. The pool drops that connection and
    // opens another for the next query, so a line on stderr is all it takes.
    pool.on('error', (err) => {
      process.stderr.write(`${JSON.stringify({ level: 40, time: Date.now(), msg: 'an idle database connection was closed by the server; the pool replaces it', err: err.message })}\n`);
    });
    const db = drizzlePg(pool) as unknown as Db;
    const execScript = async (script: string) => {
      const client = await pool.connect();
      try {
        await client.query(`BEGIN;\n${script}\n;COMMIT;`);
      } catch (err) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    };
    return { db, kind: 'postgres', execScript, close: () => pool.end() };
  }
  const client = await PGlite.create(options.pgliteDir, {
    extensions: { pg_trgm, unaccent },
    ...(options.loadDataDir ? { loadDataDir: options.loadDataDir } : {}),
  });
  await client.exec("SET TIME ZONE 'UTC'");
  const db = drizzlePglite(client) as unknown as Db;
  const execScript = async (script: string) => {
    try {
      await client.exec(`BEGIN;\n${script}\n;COMMIT;`);
    } catch (err) {
      await client.exec('ROLLBACK').catch(() => undefined);
      throw err;
    }
  };
  return { db, kind: 'pglite', pglite: client, execScript, close: () => client.close() };
}

/** Rows of a raw SQL statement, the same shape on PGlite and node-postgres. */
export async function rows<T>(db: DbOrTx, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await db.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}

/** A list as a typed SQL array literal with one parameter per value (`ARRAY[$1, $2]::text[]`; empty works too). */
export function sqlArray(values: readonly string[], type: 'text' | 'uuid'): SQL {
  return sql`${sql.raw('ARRAY[')}${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}${sql.raw(`]::${type}[]`)}`;
}

/**
 * Runs independent reads side by side on a pool, or one after the other inside a transaction: a
 * transaction holds one connection, and queries sent to it while another is running are refused by
 * pg 9 (and warned about by pg 8). PGlite runs them one at a time anyway.
 */
export async function readAll<const T extends readonly (() => PromiseLike<unknown>)[]>(
  db: DbOrTx,
  reads: T,
): Promise<{ -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> }> {
  type Result = { -readonly [K in keyof T]: Awaited<ReturnType<T[K]>> };
  if (!(db instanceof PgTransaction)) return (await Promise.all(reads.map((read) => read()))) as Result;
  const results: unknown[] = [];
  for (const read of reads) results.push(await read());
  return results as Result;
}
