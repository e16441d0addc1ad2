import type { FastifyRequest } from 'fastify';
import type { Config } from '../config.js';
import type { Database, Db } from './db/client.js';
import type { I18n } from './i18n/i18n.js';
import type { FieldCrypto } from './crypto/fields.js';
import type { Mailer } from './mail/mailer.js';
import type { AuditActor } from './audit/audit.js';

/** What every module is given: built once in buildApp, passed down, never imported as a singleton. */
export interface Kernel {
  config: Config;
  database: Database;
  db: Db;
  i18n: I18n;
  crypto: FieldCrypto;
  mailer: Mailer;
}

export function actorOf(req: FastifyRequest): AuditActor {
  return { userId: req.user?.id ?? null, organizationId: req.user?.organizationId ?? null, ip: req.ip ?? null };
}
