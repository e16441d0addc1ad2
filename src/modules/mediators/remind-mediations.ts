// Reminders of a mediation's loose ends, so that the hours are paid and the figures complete:
// - hours and outcome not recorded a day after the meeting ended: the mediator is reminded (the
//   coordinators, when the mediator has no Ponte account and they record the hours instead);
// - a recorded meeting the requester has not confirmed and rated after three days: the requester's
//   organization is reminded.
// Each again every REMIND_AGAIN_AFTER_DAYS days while nothing happens. Run by `npm run mediators:remind`
// and by the server's timer (src/server.ts).
import { sql } from 'drizzle-orm';
import type { Kernel } from '../../kernel/kernel.js';
import { rows, type Tx } from '../../kernel/db/client.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { deliverPendingMails, notify } from '../../kernel/notify/notify.js';
import { languageName } from '../directory/index.js';
import { mediatorsRepo, type RequestRow } from './mediators.repo.js';

export const REMIND_AGAIN_AFTER_DAYS = 3;
/** Requests reminded per run at most; the next run takes the rest. */
const BATCH = 500;
const SYSTEM: AuditActor = { userId: null, organizationId: null, ip: null };

type Due = 'hours' | 'confirmation';

/** The next request due for a reminder, locked (SKIP LOCKED: one being changed right now is left alone). */
async function nextDue(tx: Tx, now: Date): Promise<{ id: string; due: Due } | undefined> {
  const again = sql`${now.toISOString()}::timestamptz - make_interval(days => ${REMIND_AGAIN_AFTER_DAYS})`;
  const [row] = await rows<{ id: string; due: Due }>(
    tx,
    sql`SELECT id, CASE status WHEN 'assigned' THEN 'hours' ELSE 'confirmation' END AS due FROM med_requests
        WHERE (status = 'assigned' AND starts_at + make_interval(mins => duration_minutes) < ${now.toISOString()}::timestamptz - interval '1 day'
               AND (hours_reminded_at IS NULL OR hours_reminded_at < ${again}))
           OR (status = 'done' AND done_at < ${now.toISOString()}::timestamptz - make_interval(days => ${REMIND_AGAIN_AFTER_DAYS})
               AND (confirm_reminded_at IS NULL OR confirm_reminded_at < ${again}))
        ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED`,
  );
  return row;
}

async function remind(tx: Tx, kernel: Kernel, request: RequestRow, due: Due, now: Date): Promise<void> {
  const params = { language: languageName(request.language_code, 'it'), organization: request.organization_name, mediator: request.mediator_name ?? '' };
  const link = `/mediation/requests/${request.id}`;
  if (due === 'confirmation') {
    await tx.execute(sql`UPDATE med_requests SET confirm_reminded_at = ${now.toISOString()}::timestamptz WHERE id = ${request.id}`);
    await notify(tx, kernel, { organizationId: request.organization_id, permission: 'mediators.ask', kind: 'mediation.confirm.reminder', messageKey: 'mediators.notify.done', params, link });
  } else {
    await tx.execute(sql`UPDATE med_requests SET hours_reminded_at = ${now.toISOString()}::timestamptz WHERE id = ${request.id}`);
    if (request.mediator_user_id && request.mediator_organization_id) {
      await notify(tx, kernel, {
        organizationId: request.mediator_organization_id,
        permission: null,
        userId: request.mediator_user_id,
        kind: 'mediation.hours.reminder',
        messageKey: 'mediators.notify.hoursDue',
        params,
        link,
      });
    } else {
      // No account: the coordinators record the hours (change-request.ts, forMediator).
      for (const organizationId of await mediatorsRepo.coordinatorOrganizations(tx)) {
        await notify(tx, kernel, { organizationId, permission: 'mediators.roster', kind: 'mediation.hours.reminder', messageKey: 'mediators.notify.hoursDueForMediator', params, link });
      }
    }
  }
  await recordAudit(tx, SYSTEM, { action: 'mediation.request.reminded', entityType: 'mediation_request', entityId: request.id, details: { due } });
}

export async function remindMediations(kernel: Kernel, now: Date = new Date()): Promise<{ reminded: number; mails: number }> {
  let reminded = 0;
  // One short transaction per request, as the referrals' reminders: one failure does not undo the rest.
  while (reminded < BATCH) {
    const done = await kernel.db.transaction(async (tx) => {
      const due = await nextDue(tx, now);
      if (!due) return false;
      await remind(tx, kernel, (await mediatorsRepo.lockRequest(tx, due.id))!, due.due, now);
      return true;
    });
    if (!done) break;
    reminded++;
  }
  return { reminded, mails: await deliverPendingMails(kernel) };
}
