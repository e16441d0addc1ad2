// A centre's required documents: the managing body uploads versions, the Prefettura accepts one or sends
// it back with a reason, and the body is reminded before an accepted document expires and when one is
// overdue, and of corrective actions left unanswered past their deadline (`npm run reception:remind`, and the
// server's timer).
import { sql } from 'drizzle-orm';
import type { Kernel } from '../../kernel/kernel.js';
import { rows, type Tx } from '../../kernel/db/client.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { deliverPendingMails, notify } from '../../kernel/notify/notify.js';
import { addDays, daysBetween, romeDate } from '../desk/rome-dates.js';
import { DOC_TYPES, type DocState, type DocType } from './reception-codes.js';
import { receptionRepo, type RequirementRow } from './reception.repo.js';

/** Days before expiry when the managing body is first reminded. */
export const EXPIRY_WARNING_DAYS = 30;
/** A reminder is repeated after this many days while nothing changes. */
export const REMIND_AGAIN_DAYS = 7;

export function docState(r: Pick<RequirementRow, 'status' | 'expires_on' | 'due_on'>, today: string): DocState {
  if (r.status === 'accepted') {
    if (r.expires_on && r.expires_on < today) return 'expired';
    if (r.expires_on && daysBetween(today, r.expires_on) <= EXPIRY_WARNING_DAYS) return 'expiring';
    return 'accepted';
  }
  if (r.status === 'submitted') return 'submitted';
  if (r.due_on < today) return 'overdue';
  return r.status === 'returned' ? 'returned' : 'missing';
}

/** The documents every new centre owes, due within a month of its registration. */
export async function createRequirements(tx: Tx, centreId: string, today: string): Promise<void> {
  for (const t of DOC_TYPES) {
    await tx.execute(sql`INSERT INTO reception_requirements (centre_id, doc_type, due_on) VALUES (${centreId}, ${t}, ${addDays(today, 30)}::date)`);
  }
}

export async function addDocumentVersion(
  tx: Tx,
  actor: AuditActor,
  input: { requirement: RequirementRow; fileId: string; expiresOn: string | undefined; userId: string },
): Promise<string> {
  const [row] = await rows<{ id: string; version: number }>(
    tx,
    sql`INSERT INTO reception_documents (requirement_id, version, file_id, expires_on, uploaded_by)
      VALUES (${input.requirement.id}, (SELECT COALESCE(max(version), 0) + 1 FROM reception_documents WHERE requirement_id = ${input.requirement.id}),
        ${input.fileId}, ${input.expiresOn ?? null}::date, ${input.userId})
      RETURNING id, version`,
  );
  // A new version restarts the reminders.
  await tx.execute(sql`UPDATE reception_requirements SET reminded_at = NULL WHERE id = ${input.requirement.id}`);
  await recordAudit(tx, actor, {
    action: 'reception.document.uploaded',
    entityType: 'reception_document',
    entityId: row!.id,
    details: { centreId: input.requirement.centre_id, docType: input.requirement.doc_type, version: row!.version, fileId: input.fileId },
  });
  return row!.id;
}

export class ReviewRefused extends Error {}

/** Accepts the newest submitted version, or sends it back with a reason; the managing body is told. */
export async function reviewDocument(
  tx: Tx,
  kernel: Kernel,
  actor: AuditActor,
  input: { documentId: string; decision: 'accept' | 'return'; reason?: string; userId: string },
): Promise<void> {
  const [doc] = await rows<{ id: string; status: string; version: number; newest: number; centre_id: string; doc_type: DocType; managing_body_id: string; centre_name: string }>(
    tx,
    sql`SELECT d.id, d.status, d.version, (SELECT max(version) FROM reception_documents x WHERE x.requirement_id = d.requirement_id) AS newest,
        r.centre_id, r.doc_type, c.managing_body_id, c.name AS centre_name
      FROM reception_documents d JOIN reception_requirements r ON r.id = d.requirement_id JOIN reception_centres c ON c.id = r.centre_id
      WHERE d.id = ${input.documentId} FOR UPDATE OF d`,
  );
  if (!doc || doc.status !== 'submitted' || doc.version !== doc.newest) throw new ReviewRefused();
  const status = input.decision === 'accept' ? 'accepted' : 'returned';
  await tx.execute(sql`UPDATE reception_documents SET status = ${status}, return_reason = ${input.reason ?? null}, reviewed_by = ${input.userId}, reviewed_at = now() WHERE id = ${doc.id}`);
  await recordAudit(tx, actor, {
    action: input.decision === 'accept' ? 'reception.document.accepted' : 'reception.document.returned',
    entityType: 'reception_document',
    entityId: doc.id,
    details: { centreId: doc.centre_id, docType: doc.doc_type, version: doc.version },
  });
  await notify(tx, kernel, {
    organizationId: doc.managing_body_id,
    permission: 'reception.report',
    kind: input.decision === 'accept' ? 'centre_document.accepted' : 'centre_document.returned',
    messageKey: input.decision === 'accept' ? 'reception.notify.accepted' : 'reception.notify.returned',
    params: { document: doc.doc_type, centre: doc.centre_name },
    link: `/reception/centres/${doc.centre_id}`,
  });
}

const SYSTEM: AuditActor = { userId: null, organizationId: null, ip: null };

/** Reminds, in the caller's transaction, of documents expiring soon, expired, or overdue. */
export async function remindDocumentsIn(tx: Tx, kernel: Kernel, now: Date): Promise<number> {
  const today = romeDate(now);
  const againBefore = new Date(now.getTime() - REMIND_AGAIN_DAYS * 86_400_000);
  let reminded = 0;
  for (const r of await receptionRepo.allRequirements(tx)) {
    const state = docState(r, today);
    if (!['expiring', 'expired', 'overdue'].includes(state)) continue;
    if (r.reminded_at && new Date(r.reminded_at).getTime() > againBefore.getTime()) continue;
    // Catalog keys are named here in full, so that each one can be found; the document's type is an ICU select.
    const messageKey = state === 'expiring' ? 'reception.notify.expiring' : state === 'expired' ? 'reception.notify.expired' : 'reception.notify.overdue';
    const days = state === 'expiring' ? daysBetween(today, r.expires_on!) : state === 'expired' ? daysBetween(r.expires_on!, today) : daysBetween(r.due_on, today);
    await notify(tx, kernel, {
      organizationId: r.managing_body_id,
      permission: 'reception.report',
      kind: `centre_document.${state}`,
      messageKey,
      params: { document: r.doc_type, centre: r.centre_name, days },
      link: `/reception/centres/${r.centre_id}`,
    });
    await tx.execute(sql`UPDATE reception_requirements SET reminded_at = ${now.toISOString()}::timestamptz WHERE id = ${r.id}`);
    await recordAudit(tx, SYSTEM, { action: 'reception.document.reminded', entityType: 'reception_requirement', entityId: r.id, details: { state, days } });
    reminded++;
  }
  return reminded;
}

/** Reminds, in the caller's transaction, of corrective actions past their deadline that nobody answered. */
export async function remindFindingsIn(tx: Tx, kernel: Kernel, now: Date): Promise<number> {
  const today = romeDate(now);
  const againBefore = new Date(now.getTime() - REMIND_AGAIN_DAYS * 86_400_000);
  const late = await rows<{ id: string; due_on: string; centre_name: string; managing_body_id: string }>(
    tx,
    sql`SELECT f.id, f.due_on::text AS due_on, c.name AS centre_name, c.managing_body_id FROM reception_findings f JOIN reception_centres c ON c.id = f.centre_id
      WHERE f.status = 'open' AND f.due_on < ${today}::date AND (f.reminded_at IS NULL OR f.reminded_at < ${againBefore.toISOString()}::timestamptz)
      ORDER BY f.due_on FOR UPDATE OF f SKIP LOCKED`,
  );
  for (const f of late) {
    const days = daysBetween(f.due_on, today);
    await notify(tx, kernel, {
      organizationId: f.managing_body_id,
      permission: 'reception.report',
      kind: 'centre_finding.overdue',
      messageKey: 'reception.notify.findingOverdue',
      params: { centre: f.centre_name, days },
      link: `/reception/findings/${f.id}`,
    });
    await tx.execute(sql`UPDATE reception_findings SET reminded_at = ${now.toISOString()}::timestamptz WHERE id = ${f.id}`);
    await recordAudit(tx, SYSTEM, { action: 'reception.finding.reminded', entityType: 'reception_finding', entityId: f.id, details: { days } });
  }
  return late.length;
}

export async function remindDocuments(kernel: Kernel, now: Date = new Date()): Promise<{ reminded: number; mails: number }> {
  const reminded = await kernel.db.transaction(async (tx) => (await remindDocumentsIn(tx, kernel, now)) + (await remindFindingsIn(tx, kernel, now)));
  const mails = await deliverPendingMails(kernel);
  return { reminded, mails };
}
