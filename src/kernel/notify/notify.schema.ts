// Drizzle tables for notifications; migrations/0007_referrals.sql is the source of truth.
import { bigint, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { MailAttachment } from '../mail/mailer.js';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

/** Values a message's ICU arguments take: names and numbers, never a person's personal data. */
export type NotificationParams = Record<string, string | number>;

export const notifications = pgTable('notifications', {
  id: uuid('id').primaryKey().defaultRandom(),
  organizationId: uuid('organization_id').notNull(),
  userId: uuid('user_id'),
  permission: text('permission'),
  kind: text('kind').notNull(),
  messageKey: text('message_key').notNull(),
  params: jsonb('params').$type<NotificationParams>().notNull().default({}),
  link: text('link'),
  createdAt: tz('created_at').notNull().defaultNow(),
  readAt: tz('read_at'),
  readBy: uuid('read_by'),
});

export const notificationMails = pgTable('notification_mails', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  // Both null for a mail to someone without an account (migrations/0019, mailOutside).
  notificationId: uuid('notification_id'),
  userId: uuid('user_id'),
  toAddress: text('to_address').notNull(),
  subject: text('subject').notNull(),
  textBody: text('text_body').notNull(),
  createdAt: tz('created_at').notNull().defaultNow(),
  claimedAt: tz('claimed_at'),
  attempts: integer('attempts').notNull().default(0),
  lastError: text('last_error'),
  sentAt: tz('sent_at'),
  // migrations/0010_mediators.sql: a calendar invitation, for instance.
  attachments: jsonb('attachments').$type<MailAttachment[]>(),
});
