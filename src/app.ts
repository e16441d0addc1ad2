// The composition root: the database, the kernel and every module are created here, once, in order.
import Fastify, { type FastifyInstance } from 'fastify';
import fastifyCookie from '@fastify/cookie';
import fastifySession from '@fastify/session';
import fastifyCsrf from '@fastify/csrf-protection';
import fastifyFormbody from '@fastify/formbody';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifyCompress from '@fastify/compress';
import fastifyStatic from '@fastify/static';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import type { Config } from './config.js';
import { openDatabase, type Database } from './kernel/db/client.js';
import { migrate } from './kernel/db/migrate.js';
import { createI18n, type I18n } from './kernel/i18n/i18n.js';
import { createFieldCrypto } from './kernel/crypto/fields.js';
import { createMailer } from './kernel/mail/mailer.js';
import { createSessionStore } from './kernel/auth/session-store.js';
import { installSecurityHeaders } from './kernel/http/security.js';
import { installErrorHandlers, sendError } from './kernel/http/errors.js';
import { registerRoutes } from './kernel/http/route.js';
import { healthRoutes } from './kernel/http/health.js';
import { installRequestContext } from './kernel/http/request-context.js';
import { authRoutes } from './kernel/auth/auth.routes.js';
import { adminRoutes } from './kernel/auth/admin/admin.routes.js';
import { auditRoutes } from './kernel/audit/audit.routes.js';
import { portalRoutes } from './modules/portal/portal.routes.js';
import { deskRoutes } from './modules/desk/index.js';
import { directoryRoutes } from './modules/directory/directory.routes.js';
import { registerDirectoryImport } from './modules/directory/import.routes.js';
import { referralsRoutes } from './modules/referrals/index.js';
import { mediatorsRoutes } from './modules/mediators/index.js';
import { registerReception } from './modules/reception/index.js';
import { notificationsRoutes } from './kernel/notify/notify.routes.js';
import { installUnreadCount } from './kernel/notify/unread-count.js';
import type { Kernel } from './kernel/kernel.js';
import './kernel/http/types.js';

declare module 'fastify' {
  interface FastifyInstance {
    kernel: Kernel;
    i18n: I18n;
  }
}

const require = createRequire(import.meta.url);
const PUBLIC_DIR = fileURLToPath(new URL('../public', import.meta.url));
const BOOTSTRAP_ITALIA_DIR = join(dirname(require.resolve('bootstrap-italia/package.json')), 'dist');
const LEAFLET_DIR = join(dirname(require.resolve('leaflet/package.json')), 'dist');

export interface BuildOptions {
  /** An already open database (tests share one per file); otherwise opened from config. */
  database?: Database;
}

export async function buildApp(config: Config, options: BuildOptions = {}): Promise<FastifyInstance> {
  const database = options.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, pgliteDir: config.pgliteDir }));
  await migrate(database);
  const db = database.db;
  const i18n = createI18n({ pseudo: config.pseudoLocale });
  const kernel: Kernel = {
    config,
    database,
    db,
    i18n,
    crypto: createFieldCrypto(config),
    mailer: createMailer(db, config.mail),
  };
  const lifecycle = { shuttingDown: false };

  const app = Fastify({
    logger: {
      level: config.logLevel,
      redact: ['req.headers.cookie', 'req.headers.authorization', 'res.headers["set-cookie"]'],
      serializers: {
        // No personal data in logs: no addresses, no query strings, no one-time tokens in paths.
        req: (req) => ({
          method: req.method,
          url: String(req.url).split('?')[0]!.replace(/\/(reset|invitation)\/[^/]+/, '/$1/***'),
        }),
      },
    },
    bodyLimit: 256 * 1024,
    trustProxy: config.isProduction,
    routerOptions: { ignoreTrailingSlash: true },
    genReqId: () => crypto.randomUUID(),
    // Errors the router answers before any hook runs (an over-long URL, a malformed one) get the same
    // translated answer as every other error, not Fastify's bare JSON.
    frameworkErrors: (err, req, reply) => {
      req.tr = i18n.translator(i18n.negotiate(req.headers['accept-language']));
      req.user = null;
      const status = err.statusCode && err.statusCode >= 400 && err.statusCode < 600 ? err.statusCode : 400;
      req.log.info({ code: err.code, status }, 'request refused by the router');
      void sendError(req, reply, status);
    },
  });
  app.decorate('kernel', kernel);
  app.decorate('i18n', i18n);

  await installSecurityHeaders(app, { secure: config.secureCookies, tileUrl: config.map.tileUrl });
  await app.register(fastifyCompress, { global: true, threshold: 1024 });
  await app.register(fastifyRateLimit, { global: false });
  await app.register(fastifyFormbody, { bodyLimit: 256 * 1024 });
  await app.register(fastifyCookie);
  await app.register(fastifySession, {
    secret: config.sessionSecret,
    cookieName: config.secureCookies ? '__Host-ponte' : 'ponte_session',
    cookie: { path: '/', httpOnly: true, secure: config.secureCookies, sameSite: 'lax' },
    saveUninitialized: false,
    rolling: false,
    store: createSessionStore(db, {
      idleMs: config.sessionIdleMinutes * 60_000,
      absoluteMs: config.sessionAbsoluteHours * 3_600_000,
    }),
  });
  await app.register(fastifyCsrf, { sessionPlugin: '@fastify/session' });
  await app.register(fastifyStatic, { root: PUBLIC_DIR, prefix: '/static/', maxAge: '1h' });
  await app.register(fastifyStatic, {
    root: BOOTSTRAP_ITALIA_DIR,
    prefix: '/static/bi/',
    decorateReply: false,
    maxAge: '7d',
    allowedPath: (path) => !path.endsWith('.map'),
  });

  await app.register(fastifyStatic, {
    root: LEAFLET_DIR,
    prefix: '/static/leaflet/',
    decorateReply: false,
    maxAge: '7d',
    allowedPath: (path) => !path.endsWith('.map'),
  });

  installRequestContext(app, kernel);
  installErrorHandlers(app);
  installUnreadCount(app, kernel);

  registerRoutes(app, healthRoutes(db, lifecycle));
  registerRoutes(app, portalRoutes(kernel));
  registerRoutes(app, authRoutes(kernel));
  registerRoutes(app, adminRoutes(kernel));
  registerRoutes(app, auditRoutes(kernel));
  registerRoutes(app, directoryRoutes(kernel));
  registerRoutes(app, deskRoutes(kernel));
  await registerDirectoryImport(app, kernel);
  registerRoutes(app, notificationsRoutes(kernel));
  registerRoutes(app, referralsRoutes(kernel));
  registerRoutes(app, mediatorsRoutes(kernel));
  await registerReception(app, kernel);

  app.addHook('onClose', async () => {
    lifecycle.shuttingDown = true;
    if (!options.database) await database.close();
  });
  return app;
}
