// "Possible victim of trafficking or exploitation" (ADR 0011). The operator names the team; the person's
// open case becomes restricted (one is opened if there is none), which hides the person and the case from
// everyone but that team; and a referral goes to the anti-trafficking programme with only what the
// person's consent allows. Without consent to referral, the restriction still happens and the referral is
// not sent: the caller says why, and a team member can send it later from the case page.
import { sql } from 'drizzle-orm';
import { rows, type DbOrTx, type Tx } from '../../kernel/db/client.js';
import type { Kernel } from '../../kernel/kernel.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { ReferralError, referralsForSubject, sendReferral, type SharedPersonData } from '../referrals/index.js';
import { deskRepo, type DeskUser } from './desk.repo.js';
import { casesRepo, TRAFFICKING_NEED, type CaseRow, type ReceivingService } from './cases.repo.js';
import { CaseError, openCase, replaceTeam } from './open-case.js';
import { displayName, openPerson } from './people.js';
import { flagReasonPlace, mayChange } from './case-plan.js';

/** Why the referral to the anti-trafficking programme was not sent. */
export type ReferralNotSent = 'noConsent' | 'noService' | 'serviceUnavailable';

export type AntiTraffickingReferral = { sent: true; referralId: string } | { sent: false; reason: ReferralNotSent };

/**
 * The programme's directory service: the configured one; else the one published service dedicated to
 * trafficking alone whose organization receives referrals through Ponte. None, or more than one: undefined.
 */
export async function antiTraffickingServiceId(db: DbOrTx, kernel: Kernel): Promise<string | undefined> {
  if (kernel.config.antiTraffickingServiceId) return kernel.config.antiTraffickingServiceId;
  const found = await casesRepo.dedicatedTraffickingServices(db);
  return found.length === 1 ? found[0]!.id : undefined;
}

export type ReferralPreview = { service: ReceivingService; sharesContact: boolean } | { notSent: ReferralNotSent };

/** Where the referral would go now and whether it would carry phone and e-mail, or why it cannot be sent. */
export async function previewAntiTraffickingReferral(db: DbOrTx, kernel: Kernel, personId: string): Promise<ReferralPreview> {
  const consent = await deskRepo.activeConsent(db, personId);
  if (!consent || !consent.purposes.includes('referral')) return { notSent: 'noConsent' };
  const serviceId = await antiTraffickingServiceId(db, kernel);
  if (!serviceId) return { notSent: 'noService' };
  const service = await casesRepo.receivingService(db, serviceId);
  if (!service) return { notSent: 'serviceUnavailable' };
  return { service, sharesContact: consent.shares_contact };
}

/** Sends the person to the anti-trafficking programme, sharing only what the consent in force allows. */
export async function sendAntiTraffickingReferral(tx: Tx, kernel: Kernel, actor: AuditActor, personId: string, note?: string): Promise<AntiTraffickingReferral> {
  const consent = await deskRepo.activeConsent(tx, personId);
  if (!consent || !consent.purposes.includes('referral')) return { sent: false, reason: 'noConsent' };
  const serviceId = await antiTraffickingServiceId(tx, kernel);
  if (!serviceId) return { sent: false, reason: 'noService' };
  const row = await casesRepo.person(tx, personId);
  if (!row) return { sent: false, reason: 'noConsent' };
  const person = openPerson(kernel.crypto, row);
  const shared: SharedPersonData = {
    displayName: displayName(person),
    languages: person.languages,
    municipalityCode: person.municipalityCode ?? null,
    // Phone and e-mail only when the person agreed that the services they are sent to may contact them.
    phone: consent.shares_contact ? (person.phone ?? null) : null,
    email: consent.shares_contact ? (person.email ?? null) : null,
  };
  try {
    const { id } = await sendReferral(tx, kernel, actor, {
      toServiceId: serviceId,
      subject: { module: 'desk', id: personId },
      needCode: TRAFFICKING_NEED,
      shared,
      note: note ?? null,
    });
    return { sent: true, referralId: id };
  } catch (err) {
    // Checked before anything is written: the service is not published, or does not receive referrals.
    if (err instanceof ReferralError && (err.code === 'unpublished' || err.code === 'noReceiver')) return { sent: false, reason: 'serviceUnavailable' };
    throw err;
  }
}

export interface FlagInput {
  personId: string;
  /** The team besides the operator flagging (who is always on it). */
  memberIds: string[];
  /** A short reason: sealed in the case, and the note of the referral. */
  reason?: string | undefined;
}

export interface FlagResult {
  caseId: string;
  openedCase: boolean;
  referral: AntiTraffickingReferral;
}

/** The caller has checked that the operator may see the person. */
export async function flagPossibleVictim(tx: Tx, kernel: Kernel, user: DeskUser, actor: AuditActor, input: FlagInput): Promise<FlagResult> {
  const existing = await casesRepo.openCaseOfPerson(tx, input.personId);
  if (existing?.restricted) throw new CaseError('alreadyRestricted', existing.id);
  const named = [...new Set([user.id, ...input.memberIds.map((id) => id.toLowerCase())])];
  let caseId: string;
  let team: string[];
  if (existing) {
    // The named team replaces the case's team; a lead left out of it hands the case to the operator flagging.
    const lead = named.includes(existing.leadUserId) ? existing.leadUserId : user.id;
    team = await replaceTeam(tx, existing.id, lead, named);
    await tx.execute(sql`UPDATE desk_cases SET restricted = true, lead_user_id = ${lead} WHERE id = ${existing.id}`);
    caseId = existing.id;
  } else {
    caseId = await openCase(tx, user, actor, { personId: input.personId, memberIds: named, restricted: true });
    team = named;
  }
  // Who raised the flag, when, and why (sealed) stay on the case for its team.
  await tx.execute(sql`UPDATE desk_cases SET flagged_at = now(), flagged_by = ${user.id},
    flag_reason_enc = ${input.reason ? kernel.crypto.seal(input.reason, flagReasonPlace(caseId)) : null} WHERE id = ${caseId}`);
  const referral = await sendAntiTraffickingReferral(tx, kernel, actor, input.personId, input.reason);
  // No personal data: ids, and whether (or why not) the referral left. The reason stays sealed in the case.
  await recordAudit(tx, actor, {
    action: 'desk.case.flagged',
    entityType: 'desk_case',
    entityId: caseId,
    details: {
      person: input.personId,
      team,
      openedCase: !existing,
      referral: referral.sent ? referral.referralId : null,
      referralNotSent: referral.sent ? null : referral.reason,
    },
  });
  return { caseId, openedCase: !existing, referral };
}

/** Referrals to the programme that are still alive (not declined, withdrawn or closed without success). */
export async function liveAntiTraffickingReferrals(db: DbOrTx, personId: string) {
  const all = (await referralsForSubject(db, { module: 'desk', id: personId })).filter((r) => r.needCode === TRAFFICKING_NEED);
  return { all, live: all.filter((r) => !['declined', 'withdrawn', 'closed'].includes(r.status)) };
}

/**
 * From a restricted case's page, a team member sends the referral that could not leave with the flag (the
 * consent now allows it, the service is now configured). Refused when one is already under way.
 */
export async function sendCaseReferral(tx: Tx, kernel: Kernel, actor: AuditActor, c: CaseRow, note?: string): Promise<AntiTraffickingReferral> {
  mayChange(c, actor.userId!);
  if (!c.restricted) throw new CaseError('notRestricted');
  if ((await liveAntiTraffickingReferrals(tx, c.personId)).live.length > 0) throw new CaseError('referralAlreadySent');
  const referral = await sendAntiTraffickingReferral(tx, kernel, actor, c.personId, note);
  await recordAudit(tx, actor, {
    action: 'desk.case.referralRequested',
    entityType: 'desk_case',
    entityId: c.id,
    details: { referral: referral.sent ? referral.referralId : null, referralNotSent: referral.sent ? null : referral.reason },
  });
  return referral;
}
