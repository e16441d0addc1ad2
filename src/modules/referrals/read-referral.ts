// Opening a referral's sealed contents — the person's shared data, the notes — for its sender or receiver.
// Every opening is an audit event, written in the caller's transaction.
import type { Tx } from '../../kernel/db/client.js';
import type { Kernel } from '../../kernel/kernel.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { referralsRepo, type ReferralRow } from './referrals.repo.js';
import { referralNotePlace, sharedDataPlace, ZSharedPersonData, type SharedPersonData } from './send-referral.js';
import { eventNotePlace } from './change-referral-status.js';
import type { ReferralStatus } from './referral-status.js';

export interface HistoryEntry {
  occurredAt: Date;
  actorName: string | null;
  organizationName: string | null;
  fromStatus: ReferralStatus | null;
  toStatus: ReferralStatus;
  reason: string | null;
  note: string | null;
}

export interface OpenedReferral {
  shared: SharedPersonData;
  note: string | null;
  history: HistoryEntry[];
}

/** Returns the decrypted person data: call only after checking that the actor's organization is a side of it. */
export async function readReferral(tx: Tx, kernel: Kernel, actor: AuditActor, referral: ReferralRow): Promise<OpenedReferral> {
  const sealed = await referralsRepo.sealed(tx, referral.id);
  if (!sealed) throw new Error(`referral ${referral.id} vanished`);
  const shared = ZSharedPersonData.parse(JSON.parse(kernel.crypto.open(sealed.sharedDataEnc, sharedDataPlace(referral.id))));
  const note = sealed.noteEnc ? kernel.crypto.open(sealed.noteEnc, referralNotePlace(referral.id)) : null;
  const events = await referralsRepo.events(tx, referral.id);
  const history = events.map((e) => ({
    occurredAt: e.occurredAt,
    actorName: e.actorName,
    organizationName: e.organizationName,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    reason: e.reason,
    note: e.noteEnc ? kernel.crypto.open(e.noteEnc, eventNotePlace(referral.id, e.toStatus)) : null,
  }));
  await recordAudit(tx, actor, {
    action: 'referral.read',
    entityType: 'referral',
    entityId: referral.id,
    details: { side: actor.organizationId === referral.toOrganizationId ? 'receiver' : 'sender' },
  });
  return { shared, note, history };
}
