// The referrals module, as other modules see it: send a referral, show where a subject's referrals stand,
// the lifecycle's vocabulary, and the status badge. Nothing else of referrals/ is to be imported elsewhere.
import type { DbOrTx } from '../../kernel/db/client.js';
import { referralsRepo } from './referrals.repo.js';
import type { DeclineReason, Outcome, ReferralStatus } from './referral-status.js';

export { sendReferral, DEFAULT_ANSWER_WORKING_DAYS, type SendReferralInput, type SharedPersonData } from './send-referral.js';
export { changeReferralStatus, type ChangeReferralInput } from './change-referral-status.js';
export { remindOverdueReferrals, REMIND_AGAIN_AFTER_DAYS } from './remind-overdue-referrals.js';
export { referralsRoutes } from './referrals.routes.js';
export {
  ReferralError,
  REFERRAL_STATUSES,
  REFERRAL_STATUS_KEYS,
  DECLINE_REASON_KEYS,
  OUTCOME_KEYS,
  type ReferralStatus,
  type ReferralErrorCode,
  type DeclineReason,
  type Outcome,
} from './referral-status.js';
export { ReferralStatusBadge, referralStatusLabel } from './pages/referral-badge.js';
/** After the transaction that sent or changed referrals commits: sends the e-mails it queued. */
export { deliverPendingMails } from '../../kernel/notify/notify.js';

/** Where one referral of a subject stands: no personal data, for the sending module's own pages. */
export interface ReferralSummary {
  id: string;
  status: ReferralStatus;
  serviceId: string;
  /** In Italian, as the directory names it. */
  serviceName: string;
  serviceTranslations: Record<string, Record<string, string>>;
  fromOrganizationName: string;
  toOrganizationId: string;
  toOrganizationName: string;
  needCode: string | null;
  sentAt: Date;
  answerBy: Date;
  /** Accepted or declined. */
  answeredAt: Date | null;
  startedAt: Date | null;
  /** Completed, closed, declined or withdrawn. */
  endedAt: Date | null;
  declineReason: DeclineReason | null;
  outcome: Outcome | null;
  /** Still waiting for an answer past its deadline. */
  overdue: boolean;
}

/** A subject's referrals ({ module: 'desk', id: personId }), newest first: the closed loop on its page. */
export async function referralsForSubject(db: DbOrTx, subject: { module: string; id: string }, now: Date = new Date()): Promise<ReferralSummary[]> {
  const found = await referralsRepo.forSubject(db, subject);
  return found.map((r) => ({
    id: r.id,
    status: r.status,
    serviceId: r.serviceId,
    serviceName: r.serviceName,
    serviceTranslations: r.serviceTranslations,
    fromOrganizationName: r.fromOrganizationName,
    toOrganizationId: r.toOrganizationId,
    toOrganizationName: r.toOrganizationName,
    needCode: r.needCode,
    sentAt: r.sentAt,
    answerBy: r.answerBy,
    answeredAt: r.answeredAt,
    startedAt: r.startedAt,
    endedAt: r.endedAt,
    declineReason: r.declineReason,
    outcome: r.outcome,
    overdue: r.status === 'sent' && r.answerBy.getTime() < now.getTime(),
  }));
}
