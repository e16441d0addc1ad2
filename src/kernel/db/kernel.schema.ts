// Drizzle tables for the kernel. The SQL in migrations/ is the source of truth; these mirror it.
import { bigint, boolean, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid, char } from 'drizzle-orm/pg-core';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const organizations = pgTable('organizations', {
  id: uuid('id').primaryKey().defaultRandom(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  municipalityCode: char('municipality_code', { length: 6 }),
  active: boolean('active').notNull().default(true),
  createdAt: tz('created_at').notNull().defaultNow(),
});

export const users = pgTable('users', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id').notNull(),
  email: text('email').notNull(),
  displayName: text('display_name').notNull(),
  locale: text('locale').notNull().default('it'),
  status: text('status', { enum: ['invited', 'active', 'deactivated'] }).notNull().default('invited'),
  passwordHash: text('password_hash'),
  totpSecretEnc: text('totp_secret_enc'),
  totpLastStep: bigint('totp_last_step', { mode: 'number' }),
  failedLogins: integer('failed_logins').notNull().default(0),
  lockedUntil: tz('locked_until'),
  passwordChangedAt: tz('password_changed_at'),
  lastLoginAt: tz('last_login_at'),
  createdAt: tz('created_at').notNull().defaultNow(),
});

export const userRoles = pgTable(
  'user_roles',
  { userId: uuid('user_id').notNull(), role: text('role').notNull() },
  (t) => [primaryKey({ columns: [t.userId, t.role] })],
);

export const sessions = pgTable('sessions', {
  idHash: text('id_hash').primaryKey(),
  userId: uuid('user_id'),
  data: jsonb('data').notNull(),
  expiresAt: tz('expires_at').notNull(),
  createdAt: tz('created_at').notNull().defaultNow(),
});

export const userTokens = pgTable('user_tokens', {
  tokenHash: text('token_hash').primaryKey(),
  userId: uuid('user_id').notNull(),
  purpose: text('purpose', { enum: ['invitation', 'password_reset'] }).notNull(),
  expiresAt: tz('expires_at').notNull(),
  usedAt: tz('used_at'),
  createdAt: tz('created_at').notNull().defaultNow(),
});

export const mailOutbox = pgTable('mail_outbox', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  textBody: text('text_body').notNull(),
  createdAt: tz('created_at').notNull().defaultNow(),
  attachments: jsonb('attachments').$type<{ filename: string; contentType: string; content: string }[]>(),
});

export const auditEvents = pgTable('audit_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  occurredAt: tz('occurred_at').notNull(),
  actorUserId: uuid('actor_user_id'),
  actorOrgId: uuid('actor_org_id'),
  action: text('action').notNull(),
  entityType: text('entity_type'),
  entityId: text('entity_id'),
  ip: text('ip'),
  details: jsonb('details').$type<Record<string, unknown>>().notNull(),
  // Null until the sealer has chained the event (kernel/audit/audit.ts, migrations/0016).
  chainSeq: bigint('chain_seq', { mode: 'number' }),
  prevHash: text('prev_hash'),
  hash: text('hash'),
});
