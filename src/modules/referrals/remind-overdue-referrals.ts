// Reminders: a referral still waiting for an answer past its deadline is brought back to the receiving
// organization's attention, and its sender is told it is late. Again every REMIND_AGAIN_AFTER_DAYS days while
// nobody answers. Run by `npm run referrals:remind` and by the server's timer (src/server.ts).
import type { Kernel } from '../../kernel/kernel.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { deliverPendingMails, notify } from '../../kernel/notify/notify.js';
import { eq, sql } from 'drizzle-orm';
import { referrals } from './referrals.schema.js';
import { referralsRepo } from './referrals.repo.js';

export const REMIND_AGAIN_AFTER_DAYS = 3;
const DAY_MS = 86_400_000;
/** Referrals reminded per run at most; the next run (15 minutes later) takes the rest. */
const BATCH = 500;
const SYSTEM: AuditActor = { userId: null, organizationId: null, ip: null };

export async function remindOverdueReferrals(kernel: Kernel, now: Date = new Date()): Promise<{ reminded: number; mails: number }> {
  const remindedBefore = new Date(now.getTime() - REMIND_AGAIN_AFTER_DAYS * DAY_MS);
  let reminded = 0;
  // One short transaction per referral: its row is locked only while it is reminded (SKIP LOCKED: another
  // node, or an operator answering it right now, is not waited for), and one failure does not undo the rest.
  while (reminded < BATCH) {
    const done = await kernel.db.transaction(async (tx) => {
      const [id] = await referralsRepo.dueForReminder(tx, now, remindedBefore, 1);
      if (!id) return false;
      const r = (await referralsRepo.findById(tx, id))!;
      const days = Math.max(1, Math.ceil((now.getTime() - r.answerBy.getTime()) / DAY_MS));
      await tx
        .update(referrals)
        .set({ remindedAt: now, reminderCount: sql`${referrals.reminderCount} + 1` })
        .where(eq(referrals.id, id));
      await notify(tx, kernel, {
        organizationId: r.toOrganizationId,
        permission: 'referrals.inbox',
        kind: 'referral.reminder',
        messageKey: 'referrals.notify.reminder',
        params: { service: r.serviceName, organization: r.fromOrganizationName, days },
        link: `/referrals/${id}`,
      });
      if (r.fromOrganizationId !== r.toOrganizationId) {
        await notify(tx, kernel, {
          organizationId: r.fromOrganizationId,
          permission: 'referrals.inbox',
          kind: 'referral.late',
          messageKey: 'referrals.notify.late',
          params: { service: r.serviceName, organization: r.toOrganizationName, days },
          link: `/referrals/${id}`,
        });
      }
      await recordAudit(tx, SYSTEM, {
        action: 'referral.reminded',
        entityType: 'referral',
        entityId: id,
        details: { answerBy: r.answerBy.toISOString(), reminder: r.reminderCount + 1 },
      });
      return true;
    });
    if (!done) break;
    reminded++;
  }
  const mails = await deliverPendingMails(kernel);
  return { reminded, mails };
}
