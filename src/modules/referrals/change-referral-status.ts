// Moving a referral along its lifecycle (referral-status.ts): accept, decline, start, complete, close,
// withdraw. The row is locked first (SELECT ... FOR UPDATE), so that of two operators accepting at the same
// moment one wins and the other is told it was already answered; the update is conditional on the status
// read, too. Each change writes its history row, its audit event and the other side's notification in the
// caller's transaction.
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../kernel/db/client.js';
import { rows } from '../../kernel/db/client.js';
import type { Kernel } from '../../kernel/kernel.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { notify } from '../../kernel/notify/notify.js';
import {
  CLOSING_OUTCOMES,
  COMPLETION_OUTCOMES,
  DECLINE_REASONS,
  ReferralError,
  TRANSITIONS,
  type DeclineReason,
  type Outcome,
  type ReferralAction,
  type ReferralStatus,
  type Side,
} from './referral-status.js';
import { referralEvents, referrals } from './referrals.schema.js';
import { referralsRepo } from './referrals.repo.js';

export interface ChangeReferralInput {
  referralId: string;
  action: ReferralAction;
  /** Decline: the reason (required). */
  reason?: DeclineReason;
  /** Complete or close: the outcome (required). */
  outcome?: Outcome;
  /** Free text for the history; required with the reason or outcome "other". */
  note?: string | null;
}

export const eventNotePlace = (referralId: string, toStatus: ReferralStatus) => `referral_events:note:${referralId}:${toStatus}`;

const AUDIT_ACTIONS: Record<ReferralAction, string> = {
  accept: 'referral.accepted',
  decline: 'referral.declined',
  start: 'referral.started',
  complete: 'referral.completed',
  close: 'referral.closed',
  withdraw: 'referral.withdrawn',
};

const NOTIFICATION_KEYS: Record<ReferralAction, string> = {
  accept: 'referrals.notify.accepted',
  decline: 'referrals.notify.declined',
  start: 'referrals.notify.started',
  complete: 'referrals.notify.completed',
  close: 'referrals.notify.closed',
  withdraw: 'referrals.notify.withdrawn',
};

function checkInput(input: ChangeReferralInput, note: string | null): void {
  const needsNote = (code: string | undefined) => code === 'other' && !note;
  switch (input.action) {
    case 'decline':
      if (!input.reason || !DECLINE_REASONS.includes(input.reason) || needsNote(input.reason)) throw new ReferralError('invalid');
      break;
    case 'complete':
      if (!input.outcome || !(COMPLETION_OUTCOMES as readonly string[]).includes(input.outcome) || needsNote(input.outcome)) throw new ReferralError('invalid');
      break;
    case 'close':
      if (!input.outcome || !(CLOSING_OUTCOMES as readonly string[]).includes(input.outcome) || needsNote(input.outcome)) throw new ReferralError('invalid');
      break;
    default:
      break;
  }
}

export async function changeReferralStatus(
  tx: Tx,
  kernel: Kernel,
  actor: AuditActor,
  input: ChangeReferralInput,
): Promise<{ from: ReferralStatus; to: ReferralStatus }> {
  const transition = TRANSITIONS[input.action];
  if (!transition) throw new ReferralError('notAllowed');
  const note = input.note?.trim() ? input.note.trim().slice(0, 4000) : null;
  checkInput(input, note);

  const [locked] = await rows<{ status: ReferralStatus; from_organization_id: string; to_organization_id: string }>(
    tx,
    sql`SELECT status, from_organization_id, to_organization_id FROM referrals WHERE id = ${input.referralId} FOR UPDATE`,
  );
  // Neither side's: as if it did not exist.
  if (!locked || !actor.organizationId || (locked.from_organization_id !== actor.organizationId && locked.to_organization_id !== actor.organizationId)) {
    throw new ReferralError('notFound');
  }
  const sides: Side[] = [];
  if (locked.to_organization_id === actor.organizationId) sides.push('receiver');
  if (locked.from_organization_id === actor.organizationId) sides.push('sender');
  if (!sides.includes(transition.side)) throw new ReferralError('notAllowed');
  const from = locked.status;
  if (!transition.from.includes(from)) {
    // Accepting, declining or withdrawing what is no longer waiting: someone answered first.
    throw new ReferralError(transition.from.includes('sent') && from !== 'sent' ? 'alreadyAnswered' : 'notAllowed');
  }

  const to = transition.to;
  const now = new Date();
  const patch: Partial<typeof referrals.$inferInsert> = { status: to, updatedAt: now };
  if (input.action === 'accept' || input.action === 'decline') patch.answeredAt = now;
  if (input.action === 'start') patch.startedAt = now;
  if (input.action === 'decline' || input.action === 'complete' || input.action === 'close' || input.action === 'withdraw') patch.endedAt = now;
  if (input.action === 'decline') patch.declineReason = input.reason!;
  if (input.action === 'complete' || input.action === 'close') patch.outcome = input.outcome!;
  const updated = await tx
    .update(referrals)
    .set(patch)
    .where(and(eq(referrals.id, input.referralId), eq(referrals.status, from)))
    .returning({ id: referrals.id });
  if (updated.length !== 1) throw new ReferralError('alreadyAnswered');

  const reason = input.action === 'decline' ? input.reason! : input.action === 'complete' || input.action === 'close' ? input.outcome! : null;
  await tx.insert(referralEvents).values({
    referralId: input.referralId,
    occurredAt: now,
    actorUserId: actor.userId,
    actorOrganizationId: actor.organizationId,
    fromStatus: from,
    toStatus: to,
    reason,
    noteEnc: note ? kernel.crypto.seal(note, eventNotePlace(input.referralId, to)) : null,
  });
  await recordAudit(tx, actor, {
    action: AUDIT_ACTIONS[input.action],
    entityType: 'referral',
    entityId: input.referralId,
    details: { from, to, ...(reason ? { reason } : {}), withNote: note !== null },
  });

  // The other side learns of it: the sender of every answer, the receiver of a withdrawal.
  const referral = (await referralsRepo.findById(tx, input.referralId))!;
  const toSender = transition.side === 'receiver';
  const other = toSender ? referral.fromOrganizationId : referral.toOrganizationId;
  if (other !== actor.organizationId) {
    await notify(tx, kernel, {
      organizationId: other,
      permission: 'referrals.inbox',
      kind: `referral.${to}`,
      messageKey: NOTIFICATION_KEYS[input.action],
      params: { service: referral.serviceName, organization: toSender ? referral.toOrganizationName : referral.fromOrganizationName },
      link: `/referrals/${input.referralId}`,
    });
  }
  return { from, to };
}
