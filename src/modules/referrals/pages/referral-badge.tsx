// A referral's status as a badge, for the referrals' pages and for any module showing a referral (the desk's
// person page shows the closed loop with it). Colour is never the only signal: the badge says the status.
import type { View } from '../../../kernel/ui/view.js';
import { REFERRAL_STATUS_KEYS, type ReferralStatus } from '../referral-status.js';

const BADGE: Record<ReferralStatus, string> = {
  sent: 'badge bg-primary',
  accepted: 'badge bg-info text-dark',
  in_progress: 'badge bg-info text-dark',
  declined: 'badge bg-danger',
  completed: 'badge bg-success',
  closed: 'badge bg-secondary',
  withdrawn: 'badge bg-secondary',
};

/** The status's name in the reader's language. */
export function referralStatusLabel(t: View['t'], status: ReferralStatus): string {
  return t(REFERRAL_STATUS_KEYS[status]);
}

export function ReferralStatusBadge({ view, status, overdue }: { view: View; status: ReferralStatus; overdue?: boolean }) {
  return (
    <span class="d-inline-flex flex-wrap gap-1">
      <span class={BADGE[status]} safe>
        {referralStatusLabel(view.t, status)}
      </span>
      {overdue ? (
        <span class="badge bg-warning text-white" safe>
          {view.t('referrals.overdue')}
        </span>
      ) : (
        ''
      )}
    </span>
  );
}
