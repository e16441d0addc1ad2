// Demo referrals between the province's organizations, in every state the inbox shows: two waiting at the
// CPIA (one of them late), one declined by the Comune di Barletta, one completed by the CPIA ("enrolled"),
// one accepted by the ASL. The people are fictional; the subjects are desk records to be (random ids).
import { randomUUID } from 'node:crypto';
import { eq, sql } from 'drizzle-orm';
import type { Kernel } from '../src/kernel/kernel.js';
import type { Tx } from '../src/kernel/db/client.js';
import { rows } from '../src/kernel/db/client.js';
import type { AuditActor } from '../src/kernel/audit/audit.js';
import { changeReferralStatus, sendReferral, type ChangeReferralInput, type SendReferralInput } from '../src/modules/referrals/index.js';
import { referralEvents, referrals } from '../src/modules/referrals/referrals.schema.js';

const DAY_MS = 86_400_000;

interface DemoReferral {
  from: string;
  service: string;
  needCode: string;
  shared: SendReferralInput['shared'];
  note?: string;
  /** Days ago it was sent, and days ago its answer was due (negative: still to come). */
  sentDaysAgo: number;
  dueDaysAgo?: number;
  /** What the receiver did with it, in order. */
  steps: { by: string; change: Omit<ChangeReferralInput, 'referralId'> }[];
}

const DESK = 'sportello@prefettura.example';
const CPIA = 'accoglienza@cpia.example';

const DEMO_REFERRALS: DemoReferral[] = [
  {
    from: DESK,
    service: 'Corso di lingua italiana (livelli A1 e A2) - Andria',
    needCode: 'language',
    shared: { displayName: 'Fatou Diallo', phone: '+39 333 104 2871', languages: ['fr'], municipalityCode: '110001', summary: 'Corso serale: lavora la mattina.' },
    note: 'Ha già frequentato un corso di alfabetizzazione in Senegal.',
    sentDaysAgo: 1,
    steps: [],
  },
  {
    from: DESK,
    service: 'Corso di lingua italiana (livelli A1 e A2) - Barletta',
    needCode: 'language',
    shared: { displayName: 'Samir Haddad', email: 'samir.haddad@example.org', languages: ['ar', 'en'], municipalityCode: '110002', summary: 'Livello A2 per il permesso di lungo periodo.' },
    sentDaysAgo: 9,
    dueDaysAgo: 2,
    steps: [],
  },
  {
    from: DESK,
    service: 'Pubblica istruzione: iscrizione a scuola, mensa e trasporto - Barletta',
    needCode: 'school',
    shared: { displayName: 'Tahmina Akter', phone: '+39 320 555 0193', languages: ['bn'], municipalityCode: '110009', summary: 'Iscrizione di due figli alla scuola primaria.' },
    sentDaysAgo: 6,
    steps: [
      {
        by: 'servizisociali@comune.barletta.example',
        change: { action: 'decline', reason: 'wrong_service', note: 'La famiglia risiede a Trani: va indirizzata al Comune di Trani.' },
      },
    ],
  },
  {
    from: DESK,
    service: 'Corso di lingua italiana (livelli A1 e A2) - Trani',
    needCode: 'language',
    shared: { displayName: 'Joy Okafor', phone: '+39 347 220 6618', languages: ['en'], municipalityCode: '110009' },
    sentDaysAgo: 20,
    steps: [
      { by: CPIA, change: { action: 'accept', note: 'Test di ingresso martedì alle 16:00.' } },
      { by: CPIA, change: { action: 'start' } },
      { by: CPIA, change: { action: 'complete', outcome: 'enrolled' } },
    ],
  },
  {
    from: 'sportello@cpi-andria.example',
    service: 'Scelta del medico di base e tessera sanitaria - Andria',
    needCode: 'health.family-doctor',
    shared: { displayName: 'Kwame Mensah', phone: '+39 389 771 4402', languages: ['en'], municipalityCode: '110001', summary: 'Iscrizione al Servizio sanitario e scelta del medico.' },
    sentDaysAgo: 3,
    steps: [{ by: 'cup@asl.example', change: { action: 'accept' } }],
  },
];

/**
 * Every free text the demo referrals show (names, contacts, notes, summaries), for the test that looks for
 * texts outside the catalogs: these are the people's data, not the interface's.
 */
export const DEMO_REFERRAL_TEXTS: string[] = DEMO_REFERRALS.flatMap((r) => [
  r.shared.displayName,
  r.shared.phone ?? '',
  r.shared.email ?? '',
  r.shared.summary ?? '',
  r.note ?? '',
  ...r.steps.map((s) => s.change.note ?? ''),
]).filter((t) => t !== '');

async function actorFor(tx: Tx, email: string): Promise<AuditActor> {
  const [user] = await rows<{ id: string; organization_id: string }>(tx, sql`SELECT id, organization_id FROM users WHERE email = ${email}`);
  if (!user) throw new Error(`demo referrals: no account ${email}`);
  return { userId: user.id, organizationId: user.organization_id, ip: null };
}

/** Loads the demo referrals; called by seeds/demo.ts after the directory. Returns how many. */
export async function seedDemoReferrals(kernel: Kernel, tx: Tx): Promise<number> {
  const now = Date.now();
  for (const demo of DEMO_REFERRALS) {
    const [service] = await rows<{ id: string }>(tx, sql`SELECT service_id AS id FROM dir_published_services WHERE name = ${demo.service}`);
    if (!service) throw new Error(`demo referrals: no published service ${demo.service}`);
    const { id } = await sendReferral(tx, kernel, await actorFor(tx, demo.from), {
      toServiceId: service.id,
      subject: { module: 'desk', id: randomUUID() },
      needCode: demo.needCode,
      shared: demo.shared,
      note: demo.note ?? null,
    });
    for (const step of demo.steps) await changeReferralStatus(tx, kernel, await actorFor(tx, step.by), { referralId: id, ...step.change });
    // Dated back, so that the inbox shows a realistic spread (and one late answer).
    const sentAt = new Date(now - demo.sentDaysAgo * DAY_MS);
    const patch: Partial<typeof referrals.$inferInsert> = { sentAt };
    if (demo.dueDaysAgo !== undefined) patch.answerBy = new Date(now - demo.dueDaysAgo * DAY_MS);
    await tx.update(referrals).set(patch).where(eq(referrals.id, id));
    await tx
      .update(referralEvents)
      .set({ occurredAt: sentAt })
      .where(sql`${referralEvents.referralId} = ${id} AND ${referralEvents.toStatus} = 'sent'`);
  }
  return DEMO_REFERRALS.length;
}
