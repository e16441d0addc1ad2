// A whole Ponte for one test file: its own database cloned from the migrated snapshot (PGlite) or
// template (PostgreSQL, when DATABASE_URL is set), optionally the demo province, and the app built on it.
import { readFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/app.js';
import { loadConfig, type Config } from '../../src/config.js';
import { openDatabase, type Database } from '../../src/kernel/db/client.js';
import { withDatabase } from './global-setup.js';

export interface TestApp {
  app: FastifyInstance;
  database: Database;
  config: Config;
  close(): Promise<void>;
}

/** Fixed test keys: the seeded snapshot's sealed values must open in every test file. Never used elsewhere. */
export const TEST_KEYS = {
  SESSION_SECRET: 'test-session-secret-not-for-production-0123456789',
  ENCRYPTION_KEY: '0f'.repeat(32),
  BLIND_INDEX_KEY: 'a5'.repeat(32),
};

export function testConfig(overrides: Partial<Config> = {}): Config {
  const base = loadConfig({
    NODE_ENV: 'test',
    DATA_DIR: '.tmp/test-data',
    LOG_LEVEL: 'silent',
    PUBLIC_URL: 'http://ponte.test',
    ...TEST_KEYS,
    ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
  });
  return { ...base, rateLimits: false, ...overrides };
}

/** A fresh, migrated database for this test file: empty, or with the demo province. */
export async function openTestDatabase(seeded = false): Promise<{ database: Database; drop(): Promise<void> }> {
  const template = seeded ? inject('pgSeededTemplate') : inject('pgTemplate');
  const url = process.env.DATABASE_URL;
  if (template && url) {
    const name = `${template.replace(/template(_demo)?$/, '')}${randomBytes(6).toString('hex')}`;
    const admin = new pg.Client({ connectionString: url });
    await admin.connect();
    for (let attempt = 0; ; attempt++) {
      try {
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${template}"`);
        break;
      } catch (err) {
        // Two files cloning the template at the same instant: wait and try again.
        if (attempt >= 10) throw err;
        await new Promise((r) => setTimeout(r, 200 + Math.random() * 300));
      }
    }
    await admin.end();
    const database = await openDatabase({ databaseUrl: withDatabase(url, name), pgliteDir: '' });
    return {
      database,
      async drop() {
        const c = new pg.Client({ connectionString: url });
        await c.connect();
        await c.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await c.end();
      },
    };
  }
  const snapshot = readFileSync(seeded ? inject('pgliteSeededSnapshot') : inject('pgliteSnapshot'));
  const database = await openDatabase({ pgliteDir: 'memory://', loadDataDir: new Blob([snapshot]) });
  return { database, drop: async () => undefined };
}

export async function createTestApp(options: { seed?: boolean; config?: Partial<Config> } = {}): Promise<TestApp> {
  const { database, drop } = await openTestDatabase(options.seed);
  const config = testConfig({ ...options.config, databaseUrl: process.env.DATABASE_URL });
  const app = await buildApp(config, { database });
  await app.ready();
  return {
    app,
    database,
    config,
    async close() {
      await app.close();
      await database.close();
      await drop();
    },
  };
}
