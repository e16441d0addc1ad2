// Sending a person to a published service of another organization. What the receiver will ever know of the
// person is `shared`: what the person's consent allows, sealed, bound to this referral.
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Tx } from '../../kernel/db/client.js';
import type { Kernel } from '../../kernel/kernel.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { notify } from '../../kernel/notify/notify.js';
import { ReferralError } from './referral-status.js';
import { referralEvents, referrals } from './referrals.schema.js';
import { referralsRepo } from './referrals.repo.js';
import { addWorkingDays } from './working-days.js';

/** Working days the receiver has to accept or decline, unless the sender says otherwise. */
export const DEFAULT_ANSWER_WORKING_DAYS = 5;

export const ZSharedPersonData = z.object({
  displayName: z.string().trim().min(1).max(200),
  phone: z.string().trim().max(40).nullish(),
  email: z.string().trim().max(254).nullish(),
  languages: z.array(z.string().regex(/^[a-z]{2,3}$/)).max(20).optional(),
  municipalityCode: z.string().regex(/^[0-9]{6}$/).nullish(),
  summary: z.string().trim().max(4000).nullish(),
});
/** What the person's consent allows the sender to share with the receiving organization: all it sees of them. */
export type SharedPersonData = z.infer<typeof ZSharedPersonData>;

export interface SendReferralInput {
  toServiceId: string;
  /** The record the referral is about, in the sending module: { module: 'desk', id: personId }. */
  subject: { module: string; id: string };
  /** The need it answers, a code of the directory's taxonomy. */
  needCode?: string | null;
  shared: SharedPersonData;
  /** A note for the receiver (sealed like the shared data). */
  note?: string | null;
  answerBy?: Date;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const ZSubject = z.object({ module: z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), id: z.string().min(1).max(100) });

export const sharedDataPlace = (referralId: string) => `referrals:shared_data:${referralId}`;
export const referralNotePlace = (referralId: string) => `referrals:note:${referralId}`;

export async function sendReferral(tx: Tx, kernel: Kernel, actor: AuditActor, input: SendReferralInput): Promise<{ id: string }> {
  if (!actor.organizationId) throw new ReferralError('notAllowed');
  const shared = ZSharedPersonData.safeParse(input.shared);
  const subject = ZSubject.safeParse(input.subject);
  const needOk = input.needCode == null || /^[a-z0-9_.-]{1,64}$/.test(input.needCode);
  const note = input.note?.trim() ? input.note.trim().slice(0, 4000) : null;
  if (!shared.success || !subject.success || !needOk || (input.answerBy && Number.isNaN(input.answerBy.getTime()))) throw new ReferralError('invalid');

  if (!UUID.test(input.toServiceId)) throw new ReferralError('unpublished');
  const service = await referralsRepo.publishedService(tx, input.toServiceId);
  if (!service) throw new ReferralError('unpublished');
  if (!service.owner_organization_id || !service.owner_active) throw new ReferralError('noReceiver');

  const id = randomUUID();
  const now = new Date();
  const answerBy = input.answerBy ?? addWorkingDays(now, DEFAULT_ANSWER_WORKING_DAYS);
  await tx.insert(referrals).values({
    id,
    subjectModule: subject.data.module,
    subjectId: subject.data.id,
    needCode: input.needCode ?? null,
    serviceId: service.id,
    serviceName: service.name,
    fromOrganizationId: actor.organizationId,
    fromUserId: actor.userId,
    toOrganizationId: service.owner_organization_id,
    status: 'sent',
    sharedDataEnc: kernel.crypto.seal(JSON.stringify(shared.data), sharedDataPlace(id)),
    noteEnc: note ? kernel.crypto.seal(note, referralNotePlace(id)) : null,
    sentAt: now,
    answerBy,
    updatedAt: now,
  });
  await tx.insert(referralEvents).values({
    referralId: id,
    occurredAt: now,
    actorUserId: actor.userId,
    actorOrganizationId: actor.organizationId,
    fromStatus: null,
    toStatus: 'sent',
  });
  await recordAudit(tx, actor, {
    action: 'referral.sent',
    entityType: 'referral',
    entityId: id,
    details: {
      serviceId: service.id,
      toOrganizationId: service.owner_organization_id,
      subjectModule: subject.data.module,
      subjectId: subject.data.id,
      needCode: input.needCode ?? null,
      answerBy: answerBy.toISOString(),
      // Which fields were shared, never their values.
      sharedFields: Object.keys(shared.data).filter((k) => {
        const v = shared.data[k as keyof SharedPersonData];
        return v !== null && v !== undefined && !(Array.isArray(v) && v.length === 0);
      }),
    },
  });
  const fromName = (await referralsRepo.organizationName(tx, actor.organizationId)) ?? '';
  await notify(tx, kernel, {
    organizationId: service.owner_organization_id,
    permission: 'referrals.inbox',
    kind: 'referral.received',
    messageKey: 'referrals.notify.received',
    params: { service: service.name, organization: fromName },
    link: `/referrals/${id}`,
  });
  return { id };
}
