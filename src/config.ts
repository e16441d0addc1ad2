// The only reader of process.env. Every setting Ponte has is declared here, validated with zod,
// and a wrong or missing one stops start-up with a message that names it.
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { z } from 'zod';

const ZBoolean = z
  .enum(['true', 'false', '1', '0'])
  .transform((v) => v === 'true' || v === '1');

const ZSecret = z.string().min(32, 'must be at least 32 characters');

const ZEnv = z.object({
  NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  DATA_DIR: z.string().min(1).default('./data'),
  /** Uploaded files (reception's documents and photos), outside the web root. Default: DATA_DIR/files. */
  FILES_DIR: z.string().min(1).optional(),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// URL')
    .optional(),
  PUBLIC_URL: z.string().url().optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  SECURE_COOKIES: ZBoolean.optional(),
  SESSION_SECRET: ZSecret.optional(),
  ENCRYPTION_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be 64 hexadecimal characters (32 bytes)')
    .optional(),
  /** Keys replaced by ENCRYPTION_KEY, comma-separated, kept until `npm run keys:rotate` has re-sealed every value. */
  ENCRYPTION_KEYS_PREVIOUS: z
    .string()
    .regex(/^[0-9a-f]{64}(,[0-9a-f]{64})*$/i, 'must be 64 hexadecimal characters per key, comma-separated')
    .optional(),
  BLIND_INDEX_KEY: z
    .string()
    .regex(/^[0-9a-f]{64}$/i, 'must be 64 hexadecimal characters (32 bytes)')
    .optional(),
  SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(24 * 60).default(30),
  SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(72).default(12),
  MAIL_URL: z.string().regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL').optional(),
  MAIL_FROM: z.string().min(3).default('Ponte <no-reply@ponte.localhost>'),
  DEMO_DATA: ZBoolean.optional(),
  MAP_TILE_URL: z
    .string()
    .regex(/^https:\/\/[^/\s]+\/\S*\{z\}\S*\{x\}\S*\{y\}\S*$/, 'must be an https:// tile URL template with {z}, {x} and {y}')
    .optional(),
  MAP_ATTRIBUTION: z.string().min(1).max(300).default('© OpenStreetMap contributors'),
  // The directory service of the anti-trafficking programme that receives the desk's "possible victim"
  // referrals (ADR 0011). Unset: the one published service dedicated to trafficking that receives referrals.
  ANTI_TRAFFICKING_SERVICE_ID: z
    .string()
    .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, 'must be the id (a UUID) of a published directory service')
    .optional(),
  // Finder searches kept in memory until the published directory changes (0: none, every search reads the database).
  FINDER_CACHE_ENTRIES: z.coerce.number().int().min(0).max(100_000).default(1000),
  // The published directory held in memory for the finder's searches (ADR 0018); 0: every search is SQL.
  FINDER_INDEX: z.enum(['0', '1']).default('1'),
});

export type Env = z.infer<typeof ZEnv>;

export interface Config {
  env: Env['NODE_ENV'];
  isProduction: boolean;
  port: number;
  host: string;
  dataDir: string;
  /** Where uploaded files are kept (never under public/): random names, served only through access checks. */
  filesDir: string;
  /** Unset: the embedded PostgreSQL (PGlite) in dataDir. ':memory:' is for tests only. */
  databaseUrl: string | undefined;
  /** Where PGlite keeps its files; 'memory://' keeps nothing (tests). */
  pgliteDir: string;
  publicUrl: string;
  logLevel: Env['LOG_LEVEL'];
  secureCookies: boolean;
  sessionSecret: string;
  encryptionKey: Buffer;
  /** Keys still accepted to open values sealed before a rotation. */
  previousEncryptionKeys: Buffer[];
  blindIndexKey: Buffer;
  sessionIdleMinutes: number;
  sessionAbsoluteHours: number;
  mail: { url: string | undefined; from: string };
  demoData: boolean;
  /** Map tiles for the finder's map; unset: no map, and no request leaves for a third party. */
  map: { tileUrl: string | undefined; attribution: string };
  /** The anti-trafficking programme's directory service (ADR 0011); unset: found in the directory. */
  antiTraffickingServiceId: string | undefined;
  /** How many finder searches are kept in memory (ADR 0009); 0 turns the cache off. */
  finderCacheEntries: number;
  /** Whether the finder searches an in-memory index of the published directory (ADR 0018). */
  finderIndex: boolean;
  /** Per-route request limits (login, reset...). Off only in tests that sign many accounts in from one address. */
  rateLimits: boolean;
  /** Test-only: adds a pseudo-locale that marks every translated text, to find hard-coded strings. */
  pseudoLocale: boolean;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Secrets a developer's machine keeps in DATA_DIR so that restarts keep sessions and encrypted data. */
function localSecrets(dataDir: string): { session: string; encryption: string; blindIndex: string } {
  const file = join(dataDir, 'secrets.json');
  if (existsSync(file)) return JSON.parse(readFileSync(file, 'utf8'));
  const secrets = {
    session: randomBytes(32).toString('hex'),
    encryption: randomBytes(32).toString('hex'),
    blindIndex: randomBytes(32).toString('hex'),
  };
  mkdirSync(dataDir, { recursive: true });
  writeFileSync(file, JSON.stringify(secrets), { mode: 0o600 });
  return secrets;
}

export function loadConfig(source: Record<string, string | undefined> = process.env): Config {
  const parsed = ZEnv.safeParse(source);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const env = parsed.data;
  const isProduction = env.NODE_ENV === 'production';
  if (isProduction) {
    const missing = (['SESSION_SECRET', 'ENCRYPTION_KEY', 'BLIND_INDEX_KEY', 'MAIL_URL', 'PUBLIC_URL'] as const).filter(
      (name) => !env[name],
    );
    if (missing.length > 0) {
      throw new ConfigError(`Missing env var ${missing.join(', ')} (required when NODE_ENV=production)`);
    }
    if (env.DEMO_DATA) throw new ConfigError('DEMO_DATA cannot be true when NODE_ENV=production');
  }
  const dataDir = resolve(env.DATA_DIR);
  const needLocal = !env.SESSION_SECRET || !env.ENCRYPTION_KEY || !env.BLIND_INDEX_KEY;
  const local = needLocal ? localSecrets(dataDir) : undefined;

  return {
    env: env.NODE_ENV,
    isProduction,
    port: env.PORT,
    host: env.HOST,
    dataDir,
    filesDir: resolve(env.FILES_DIR ?? join(dataDir, 'files')),
    databaseUrl: env.DATABASE_URL,
    pgliteDir: join(dataDir, 'pglite'),
    publicUrl: env.PUBLIC_URL ?? `http://localhost:${env.PORT}`,
    logLevel: env.LOG_LEVEL,
    secureCookies: env.SECURE_COOKIES ?? isProduction,
    sessionSecret: env.SESSION_SECRET ?? local!.session,
    encryptionKey: Buffer.from(env.ENCRYPTION_KEY ?? local!.encryption, 'hex'),
    previousEncryptionKeys: (env.ENCRYPTION_KEYS_PREVIOUS ?? '').split(',').filter(Boolean).map((k) => Buffer.from(k, 'hex')),
    blindIndexKey: Buffer.from(env.BLIND_INDEX_KEY ?? local!.blindIndex, 'hex'),
    sessionIdleMinutes: env.SESSION_IDLE_MINUTES,
    sessionAbsoluteHours: env.SESSION_ABSOLUTE_HOURS,
    mail: { url: env.MAIL_URL, from: env.MAIL_FROM },
    demoData: env.DEMO_DATA ?? false,
    pseudoLocale: false,
    rateLimits: true,
    map: { tileUrl: env.MAP_TILE_URL, attribution: env.MAP_ATTRIBUTION },
    antiTraffickingServiceId: env.ANTI_TRAFFICKING_SERVICE_ID?.toLowerCase(),
    finderCacheEntries: env.FINDER_CACHE_ENTRIES,
    finderIndex: env.FINDER_INDEX === '1',
  };
}
