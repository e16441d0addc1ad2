// Referring a person, for one of their needs, to a published service of another organization: allowed only
// under a consent in force that covers referral; the receiver gets only what that consent lets it see.
import type { Tx } from '../../kernel/db/client.js';
import type { Kernel } from '../../kernel/kernel.js';
import { recordAudit, type AuditActor } from '../../kernel/audit/audit.js';
import { sendReferral, type SharedPersonData } from '../referrals/index.js';
import { deskRepo, type ConsentRow, type NeedRow } from './desk.repo.js';
import { displayName, type Person } from './people.js';
import { setNeedStatus } from './contacts-and-needs.js';

export class DeskError extends Error {
  constructor(public readonly messageKey: string) {
    super(messageKey);
  }
}

/** What a referral may tell the receiver about the person under this consent. */
export function sharedUnder(consent: ConsentRow, person: Person, note?: string): SharedPersonData {
  return {
    displayName: displayName(person),
    phone: consent.shares_contact ? (person.phone ?? null) : null,
    email: consent.shares_contact ? (person.email ?? null) : null,
    languages: person.languages,
    municipalityCode: person.municipalityCode ?? null,
    summary: note ?? null,
  };
}

export async function referNeed(
  tx: Tx,
  kernel: Kernel,
  actor: AuditActor,
  input: { person: Person; need: NeedRow; serviceId: string; note?: string | undefined },
): Promise<string> {
  const consent = await deskRepo.activeConsent(tx, input.person.id);
  if (!consent || !consent.purposes.includes('referral')) throw new DeskError('desk.error.noReferralConsent');
  if (input.need.status !== 'open') throw new DeskError('desk.error.needNotOpen');
  const { id } = await sendReferral(tx, kernel, actor, {
    toServiceId: input.serviceId,
    subject: { module: 'desk', id: input.person.id },
    needCode: input.need.term_code,
    shared: sharedUnder(consent, input.person, input.note),
    note: input.note ?? null,
  });
  await setNeedStatus(tx, actor, input.person.id, input.need.id, 'referred', id);
  await recordAudit(tx, actor, { action: 'desk.need.referred', entityType: 'desk_person', entityId: input.person.id, details: { need: input.need.id, referral: id } });
  return id;
}
