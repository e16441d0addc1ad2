// Drizzle tables for referrals; migrations/0007_referrals.sql is the source of truth.
import { bigint, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { DECLINE_REASONS, OUTCOMES, REFERRAL_STATUSES } from './referral-status.js';

const tz = (name: string) => timestamp(name, { withTimezone: true, mode: 'date' });

export const referrals = pgTable('referrals', {
  id: uuid('id').primaryKey(),
  subjectModule: text('subject_module').notNull(),
  subjectId: text('subject_id').notNull(),
  needCode: text('need_code'),
  serviceId: uuid('service_id').notNull(),
  serviceName: text('service_name').notNull(),
  fromOrganizationId: uuid('from_organization_id').notNull(),
  fromUserId: uuid('from_user_id'),
  toOrganizationId: uuid('to_organization_id').notNull(),
  status: text('status', { enum: REFERRAL_STATUSES }).notNull().default('sent'),
  sharedDataEnc: text('shared_data_enc').notNull(),
  noteEnc: text('note_enc'),
  sentAt: tz('sent_at').notNull().defaultNow(),
  answerBy: tz('answer_by').notNull(),
  answeredAt: tz('answered_at'),
  startedAt: tz('started_at'),
  endedAt: tz('ended_at'),
  declineReason: text('decline_reason', { enum: DECLINE_REASONS }),
  outcome: text('outcome', { enum: OUTCOMES }),
  remindedAt: tz('reminded_at'),
  reminderCount: integer('reminder_count').notNull().default(0),
  updatedAt: tz('updated_at').notNull().defaultNow(),
});

export const referralEvents = pgTable('referral_events', {
  id: bigint('id', { mode: 'number' }).primaryKey().generatedAlwaysAsIdentity(),
  referralId: uuid('referral_id').notNull(),
  occurredAt: tz('occurred_at').notNull().defaultNow(),
  actorUserId: uuid('actor_user_id'),
  actorOrganizationId: uuid('actor_organization_id'),
  fromStatus: text('from_status', { enum: REFERRAL_STATUSES }),
  toStatus: text('to_status', { enum: REFERRAL_STATUSES }).notNull(),
  reason: text('reason'),
  noteEnc: text('note_enc'),
});
