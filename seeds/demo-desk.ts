// Demo people at the province's desks (fictional), with consent, contacts and needs; and anonymous contacts
// spread over the last twelve weeks, so that the desk's figures have something to show. The people named
// in the demo referrals are recorded here too: the referrals point to their records.
import { sql } from 'drizzle-orm';
import type { Kernel } from '../src/kernel/kernel.js';
import { rows, type Tx } from '../src/kernel/db/client.js';
import type { AuditActor } from '../src/kernel/audit/audit.js';
import { insertPerson, recordConsent, type ConsentPurpose } from '../src/modules/desk/record-person.js';
import { logContact, recordNeed, type ContactChannel, type Urgency } from '../src/modules/desk/contacts-and-needs.js';
import type { PersonData } from '../src/modules/desk/people.js';
import { linkHousehold, type HouseholdRelation } from '../src/modules/desk/household.js';

interface DemoPerson {
  data: PersonData;
  desk: string;
  consent?: { purposes: ConsentPurpose[]; organizations: string[]; sharesContact: boolean };
  contacts: { daysAgo: number; channel: ContactChannel; language: string; mediator?: boolean; note?: string }[];
  needs: { term: string; urgency: Urgency; note?: string }[];
}

const PREFETTURA_DESK = 'sportello@prefettura.example';
const CPI_DESK = 'sportello@cpi-andria.example';

export const DEMO_PEOPLE: DemoPerson[] = [
  {
    data: { givenName: 'Fatou', familyName: 'Diallo', birthDate: '1994-09-02', nationality: 'SN', municipalityCode: '110001', phone: '+39 333 104 2871', languages: ['fr', 'wo'], italianLevel: 'a1', documentType: 'residence_permit', documentNumber: 'I12345678' },
    desk: PREFETTURA_DESK,
    consent: { purposes: ['orientation', 'referral', 'statistics'], organizations: ['CPIA BAT'], sharesContact: true },
    contacts: [{ daysAgo: 1, channel: 'walk_in', language: 'fr', note: 'Lavora la mattina nei campi.' }],
    needs: [{ term: 'language', urgency: 'normal', note: 'Corso serale' }],
  },
  {
    data: { givenName: 'Samir', familyName: 'Haddad', birthDate: '1988-01-23', nationality: 'TN', municipalityCode: '110002', email: 'samir.haddad@example.org', languages: ['ar', 'en'], italianLevel: 'a2' },
    desk: PREFETTURA_DESK,
    consent: { purposes: ['orientation', 'referral'], organizations: [], sharesContact: true },
    contacts: [{ daysAgo: 9, channel: 'phone', language: 'ar' }],
    needs: [{ term: 'permits', urgency: 'normal', note: 'Permesso di lungo periodo' }],
  },
  {
    data: { givenName: 'Tahmina', familyName: 'Akter', latinName: 'Tahmina Akter', birthDate: '1990-06-11', nationality: 'BD', municipalityCode: '110009', phone: '+39 320 555 0193', languages: ['bn'], italianLevel: 'none' },
    desk: PREFETTURA_DESK,
    consent: { purposes: ['orientation', 'referral', 'case_handling'], organizations: ['Comune di Trani'], sharesContact: true },
    contacts: [{ daysAgo: 20, channel: 'walk_in', language: 'bn', mediator: true }],
    needs: [{ term: 'school', urgency: 'high', note: 'Due figli da iscrivere alla primaria' }],
  },
  {
    data: { givenName: 'Nusrat', familyName: 'Akter', birthDate: '2018-02-27', nationality: 'BD', municipalityCode: '110009', languages: ['bn'], italianLevel: 'none' },
    desk: PREFETTURA_DESK,
    consent: { purposes: ['orientation', 'referral', 'case_handling'], organizations: ['Comune di Trani'], sharesContact: false },
    contacts: [],
    needs: [],
  },
  {
    data: { givenName: 'Joy', familyName: 'Okafor', birthDate: '1997-12-30', nationality: 'NG', municipalityCode: '110009', phone: '+39 347 220 6618', languages: ['en'], italianLevel: 'a1' },
    desk: PREFETTURA_DESK,
    consent: { purposes: ['orientation', 'referral'], organizations: [], sharesContact: true },
    contacts: [{ daysAgo: 30, channel: 'outreach', language: 'en' }],
    needs: [{ term: 'health', urgency: 'normal' }],
  },
  {
    data: { givenName: 'Kwame', familyName: 'Mensah', birthDate: '1985-03-14', nationality: 'GH', municipalityCode: '110001', phone: '+39 389 771 4402', languages: ['en'], italianLevel: 'a2', documentType: 'passport', documentNumber: 'G1234567' },
    desk: CPI_DESK,
    consent: { purposes: ['orientation', 'referral', 'statistics'], organizations: ['ASL BT'], sharesContact: true },
    contacts: [{ daysAgo: 5, channel: 'walk_in', language: 'en' }],
    needs: [
      { term: 'health', urgency: 'normal', note: 'Tessera sanitaria e medico di base' },
      { term: 'work', urgency: 'normal' },
    ],
  },
  {
    data: { givenName: 'Sajid', familyName: 'Miah', birthDate: '2001-08-19', nationality: 'BD', municipalityCode: '110002', languages: ['bn', 'en'], italianLevel: 'a1' },
    desk: CPI_DESK,
    contacts: [{ daysAgo: 2, channel: 'walk_in', language: 'en' }],
    needs: [{ term: 'work', urgency: 'high', note: 'Cerca lavoro regolare in agricoltura' }],
  },
  {
    data: { givenName: 'Oksana', familyName: 'Kovalenko', birthDate: '1979-05-05', nationality: 'UA', municipalityCode: '110009', phone: '+39 351 880 2231', languages: ['uk', 'ru'], italianLevel: 'b1', documentType: 'residence_permit', documentNumber: 'I87654321' },
    desk: PREFETTURA_DESK,
    consent: { purposes: ['orientation', 'statistics'], organizations: [], sharesContact: false },
    contacts: [{ daysAgo: 40, channel: 'walk_in', language: 'uk' }],
    needs: [{ term: 'housing', urgency: 'normal' }],
  },
];

/** Household links among the demo people: [person, related person, how the related one is to the person]. */
const DEMO_HOUSEHOLDS: [string, string, HouseholdRelation][] = [['Tahmina Akter', 'Nusrat Akter', 'child']];

/** Anonymous contacts: nationality and language, spread over the last twelve weeks. */
const ANONYMOUS: { nationality: string; language: string; channel: ContactChannel }[] = [
  { nationality: 'MA', language: 'ar', channel: 'walk_in' },
  { nationality: 'MA', language: 'fr', channel: 'phone' },
  { nationality: 'SN', language: 'fr', channel: 'walk_in' },
  { nationality: 'NG', language: 'en', channel: 'outreach' },
  { nationality: 'BD', language: 'bn', channel: 'walk_in' },
  { nationality: 'AL', language: 'sq', channel: 'phone' },
  { nationality: 'IN', language: 'pa', channel: 'outreach' },
  { nationality: 'GM', language: 'en', channel: 'walk_in' },
  { nationality: 'TN', language: 'ar', channel: 'online' },
  { nationality: 'PK', language: 'ur', channel: 'walk_in' },
];

const DAY_MS = 86_400_000;

/** Records the demo people; returns their ids by display name (for the demo referrals' subjects). */
export async function seedDemoDesk(kernel: Kernel, tx: Tx): Promise<Map<string, string>> {
  const users = await rows<{ id: string; email: string; organization_id: string }>(tx, sql`SELECT id, email, organization_id FROM users`);
  const orgs = await rows<{ id: string; name: string }>(tx, sql`SELECT id, name FROM organizations`);
  const orgId = (prefix: string) => orgs.find((o) => o.name.startsWith(prefix))!.id;
  const ids = new Map<string, string>();
  for (const p of DEMO_PEOPLE) {
    const operator = users.find((u) => u.email === p.desk)!;
    const user = { id: operator.id, organizationId: operator.organization_id };
    const actor: AuditActor = { userId: operator.id, organizationId: operator.organization_id, ip: null };
    const id = await insertPerson(tx, kernel.crypto, operator.organization_id, p.data);
    ids.set(`${p.data.givenName} ${p.data.familyName}`, id);
    if (p.consent) {
      await recordConsent(tx, actor, operator.id, id, {
        purposes: p.consent.purposes,
        organizationIds: p.consent.organizations.map(orgId),
        sharesContact: p.consent.sharesContact,
        givenHow: 'signed_form',
      });
    }
    for (const c of p.contacts) {
      const contactId = await logContact(tx, kernel.crypto, user, actor, id, { channel: c.channel, languageCode: c.language, mediatorPresent: !!c.mediator, note: c.note });
      await tx.execute(sql`UPDATE desk_contacts SET occurred_at = ${new Date(Date.now() - c.daysAgo * DAY_MS).toISOString()}::timestamptz WHERE id = ${contactId}`);
    }
    for (const n of p.needs) await recordNeed(tx, kernel.crypto, user, actor, id, { termCode: n.term, urgency: n.urgency, note: n.note });
  }
  const desk = users.find((u) => u.email === PREFETTURA_DESK)!;
  for (const [person, related, relation] of DEMO_HOUSEHOLDS) {
    await linkHousehold(tx, { userId: desk.id, organizationId: desk.organization_id, ip: null }, ids.get(person)!, ids.get(related)!, relation);
  }
  const deskUser = { id: desk.id, organizationId: desk.organization_id };
  const deskActor: AuditActor = { userId: desk.id, organizationId: desk.organization_id, ip: null };
  for (let week = 0; week < 12; week++) {
    for (const [i, a] of ANONYMOUS.entries()) {
      if ((i + week) % 3 === 0) continue;
      const contactId = await logContact(tx, kernel.crypto, deskUser, deskActor, null, { channel: a.channel, languageCode: a.language, mediatorPresent: false, nationality: a.nationality });
      await tx.execute(sql`UPDATE desk_contacts SET occurred_at = ${new Date(Date.now() - (week * 7 + (i % 5)) * DAY_MS).toISOString()}::timestamptz WHERE id = ${contactId}`);
    }
  }
  return ids;
}
