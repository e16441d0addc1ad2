// The referral lifecycle, written once for every module that sends people to services:
//
//   sent ──accept──▶ accepted ──start──▶ in_progress ──complete──▶ completed
//     │                 │                    └──────close───────▶ closed
//     ├──decline (reason)──▶ declined        (accepted may be completed or closed without "start":
//     └──withdraw (sender)─▶ withdrawn        a one-off service has no "in progress" worth recording)
//
// The receiving organization moves it forward; the sending organization may only withdraw it while it is
// still waiting for an answer. Anything else is refused and changes nothing.

export const REFERRAL_STATUSES = ['sent', 'accepted', 'declined', 'in_progress', 'completed', 'closed', 'withdrawn'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

/** Statuses in which nothing more can happen. */
export const FINAL_STATUSES: ReadonlySet<ReferralStatus> = new Set(['declined', 'completed', 'closed', 'withdrawn']);

/** The longest note an answer or an outcome may carry (the forms' limit and the text area's). */
export const NOTE_MAX = 2000;

export const DECLINE_REASONS = ['no_capacity', 'not_eligible', 'wrong_service', 'missing_information', 'other'] as const;
export type DeclineReason = (typeof DECLINE_REASONS)[number];

/** How a referral ended well, and how it ended otherwise. */
export const COMPLETION_OUTCOMES = ['enrolled', 'service_provided', 'other'] as const;
export const CLOSING_OUTCOMES = ['no_show', 'unreachable', 'person_renounced', 'not_eligible', 'other'] as const;
export const OUTCOMES = ['enrolled', 'service_provided', 'no_show', 'unreachable', 'person_renounced', 'not_eligible', 'other'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type ReferralAction = 'accept' | 'decline' | 'start' | 'complete' | 'close' | 'withdraw';
export type Side = 'sender' | 'receiver';

export const TRANSITIONS: Record<ReferralAction, { side: Side; from: readonly ReferralStatus[]; to: ReferralStatus }> = {
  accept: { side: 'receiver', from: ['sent'], to: 'accepted' },
  decline: { side: 'receiver', from: ['sent'], to: 'declined' },
  start: { side: 'receiver', from: ['accepted'], to: 'in_progress' },
  complete: { side: 'receiver', from: ['accepted', 'in_progress'], to: 'completed' },
  close: { side: 'receiver', from: ['accepted', 'in_progress'], to: 'closed' },
  withdraw: { side: 'sender', from: ['sent'], to: 'withdrawn' },
};

/** The actions one side may take on a referral in this status (both sides when an organization refers to itself). */
export function allowedActions(status: ReferralStatus, sides: readonly Side[]): ReferralAction[] {
  return (Object.keys(TRANSITIONS) as ReferralAction[]).filter((a) => sides.includes(TRANSITIONS[a].side) && TRANSITIONS[a].from.includes(status));
}

export const REFERRAL_STATUS_KEYS: Record<ReferralStatus, string> = {
  sent: 'referrals.status.sent',
  accepted: 'referrals.status.accepted',
  declined: 'referrals.status.declined',
  in_progress: 'referrals.status.in_progress',
  completed: 'referrals.status.completed',
  closed: 'referrals.status.closed',
  withdrawn: 'referrals.status.withdrawn',
};

export const DECLINE_REASON_KEYS: Record<DeclineReason, string> = {
  no_capacity: 'referrals.declineReason.no_capacity',
  not_eligible: 'referrals.declineReason.not_eligible',
  wrong_service: 'referrals.declineReason.wrong_service',
  missing_information: 'referrals.declineReason.missing_information',
  other: 'referrals.declineReason.other',
};

export const OUTCOME_KEYS: Record<Outcome, string> = {
  enrolled: 'referrals.outcome.enrolled',
  service_provided: 'referrals.outcome.service_provided',
  no_show: 'referrals.outcome.no_show',
  unreachable: 'referrals.outcome.unreachable',
  person_renounced: 'referrals.outcome.person_renounced',
  not_eligible: 'referrals.outcome.not_eligible',
  other: 'referrals.outcome.other',
};

export type ReferralErrorCode = 'unpublished' | 'noReceiver' | 'alreadyAnswered' | 'notAllowed' | 'notFound' | 'invalid';

const ERROR_KEYS: Record<ReferralErrorCode, string> = {
  unpublished: 'referrals.error.unpublished',
  noReceiver: 'referrals.error.noReceiver',
  invalid: 'referrals.error.invalid',
  alreadyAnswered: 'referrals.error.alreadyAnswered',
  notAllowed: 'referrals.error.notAllowed',
  notFound: 'referrals.error.notFound',
};

/** A refused referral operation; `messageKey` is the translated message to show. Nothing was changed. */
export class ReferralError extends Error {
  override name = 'ReferralError';
  readonly messageKey: string;

  constructor(readonly code: ReferralErrorCode) {
    super(ERROR_KEYS[code]);
    this.messageKey = ERROR_KEYS[code];
  }
}
