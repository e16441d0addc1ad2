// Demo roster of intercultural mediators and a history of mediation requests, so that the coordinator's
// lists, the matching and the figures show something real: Bengali, Arabic, Albanian, Romanian (suspended),
// Wolof, Ukrainian and Dari mediators; past sessions with hours and ratings across organizations and months;
// a Tigrinya request nobody could cover (unmet). The people are fictional.
import { randomUUID } from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { Kernel } from '../src/kernel/kernel.js';
import { rows, type Tx } from '../src/kernel/db/client.js';
import { admitMediator, suspendMediator } from '../src/modules/mediators/roster.js';
import type { MediatorInput } from '../src/modules/mediators/mediation-forms.js';

const SYSTEM = { userId: null, organizationId: null, ip: null };
const WEEKDAYS_9_19 = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, starts: '09:00', ends: '19:00' }));
const AFTERNOONS = [1, 2, 3, 4, 5].map((weekday) => ({ weekday, starts: '14:00', ends: '20:00' }));

const base = { email: null, phone: null, qualifications: '', training: '', tortureSupport: false, accountEmail: null } satisfies Partial<MediatorInput>;

export const DEMO_MEDIATORS: (MediatorInput & { suspend?: string })[] = [
  {
    ...base,
    fullName: 'Rahim Uddin',
    email: 'mediatore.bn@mondivicini.example',
    phone: '+39 320 555 0101',
    gender: 'male',
    accountEmail: 'mediatore.bn@mondivicini.example',
    qualifications: 'Qualifica regionale di mediatore interculturale (Puglia)',
    training: 'Corso S.PR.INT sulla mediazione a scuola, 2025',
    municipalities: ['110002', '110001', '110009'],
    modes: ['in_person', 'phone'],
    languages: [
      { code: 'bn', level: 'native', writtenTranslation: true, dialects: 'Sylheti' },
      { code: 'en', level: 'c1', writtenTranslation: false, dialects: null },
    ],
    weekly: WEEKDAYS_9_19,
  },
  {
    ...base,
    fullName: 'Shirin Akter',
    email: 'shirin.akter@example.org',
    gender: 'female',
    qualifications: 'Laurea in mediazione linguistica',
    municipalities: ['110002', '110003', '110009'],
    modes: ['in_person', 'video'],
    languages: [
      { code: 'bn', level: 'native', writtenTranslation: false, dialects: null },
      { code: 'ur', level: 'c1', writtenTranslation: false, dialects: null },
    ],
    weekly: AFTERNOONS,
  },
  {
    ...base,
    fullName: 'Fatima Zahra Benali',
    email: 'mediatrice@mondivicini.example',
    gender: 'female',
    accountEmail: 'mediatrice@mondivicini.example',
    qualifications: 'Qualifica regionale di mediatore interculturale (Puglia)',
    training: 'Supporto alle vittime di tortura (SPRING), 2024',
    tortureSupport: true,
    municipalities: ['110001', '110002', '110004', '110010'],
    modes: ['in_person', 'phone', 'video'],
    languages: [
      { code: 'ar', level: 'native', writtenTranslation: true, dialects: 'Darija marocchina' },
      { code: 'fr', level: 'c2', writtenTranslation: true, dialects: null },
    ],
    weekly: WEEKDAYS_9_19,
  },
  {
    ...base,
    fullName: 'Dorina Hoxha',
    gender: 'female',
    municipalities: ['110003', '110009', '110002'],
    modes: ['in_person', 'phone'],
    languages: [{ code: 'sq', level: 'native', writtenTranslation: true, dialects: null }],
    weekly: [1, 3, 5].map((weekday) => ({ weekday, starts: '08:30', ends: '13:30' })),
  },
  {
    ...base,
    fullName: 'Ion Popescu',
    gender: 'male',
    municipalities: ['110001'],
    modes: ['in_person'],
    languages: [{ code: 'ro', level: 'native', writtenTranslation: false, dialects: null }],
    weekly: AFTERNOONS,
    suspend: 'Qualifica in attesa di rinnovo',
  },
  {
    ...base,
    fullName: 'Amadou Diallo',
    gender: 'male',
    municipalities: ['110010', '110005', '110007', '110004'],
    modes: ['in_person', 'phone'],
    languages: [
      { code: 'wo', level: 'native', writtenTranslation: false, dialects: null },
      { code: 'ff', level: 'c1', writtenTranslation: false, dialects: null },
      { code: 'fr', level: 'c1', writtenTranslation: false, dialects: null },
    ],
    weekly: WEEKDAYS_9_19,
  },
  {
    ...base,
    fullName: 'Olena Kovalenko',
    gender: 'female',
    municipalities: ['110009', '110003'],
    modes: ['video', 'phone'],
    languages: [
      { code: 'uk', level: 'native', writtenTranslation: true, dialects: null },
      { code: 'ru', level: 'c2', writtenTranslation: true, dialects: null },
    ],
    weekly: AFTERNOONS,
  },
  {
    ...base,
    fullName: 'Ali Reza Ahmadi',
    gender: 'male',
    tortureSupport: true,
    municipalities: ['110001', '110006', '110008'],
    modes: ['in_person', 'video'],
    languages: [
      { code: 'fa', level: 'native', writtenTranslation: false, dialects: 'Dari' },
      { code: 'ps', level: 'c1', writtenTranslation: false, dialects: null },
    ],
    weekly: WEEKDAYS_9_19,
  },
];

interface PastRequest {
  org: string;
  by: string;
  mediator: string | null;
  language: string;
  setting: string;
  daysAgo: number;
  hours?: number;
  rating?: number;
  status: 'confirmed' | 'done' | 'unmet' | 'cancelled';
  reference?: string;
  purpose: string;
}

const SCHOOL = 'Istituto Comprensivo Barletta Centro (demo)';
const ASL = 'ASL BT - Azienda Sanitaria Locale Barletta-Andria-Trani';
const QUESTURA = 'Questura di Barletta-Andria-Trani';
const PREFETTURA = 'Prefettura di Barletta-Andria-Trani';
const APPRODO = 'Cooperativa Sociale Approdo (demo)';

const PAST: PastRequest[] = [
  { org: SCHOOL, by: 'segreteria@icbarlettacentro.example', mediator: 'Rahim Uddin', language: 'bn', setting: 'school', daysAgo: 58, hours: 1.5, rating: 5, status: 'confirmed', reference: 'Classe 3B', purpose: 'Colloquio con i genitori sull\'inserimento in classe.' },
  { org: SCHOOL, by: 'segreteria@icbarlettacentro.example', mediator: 'Rahim Uddin', language: 'bn', setting: 'school', daysAgo: 20, hours: 1, rating: 4, status: 'confirmed', reference: 'Classe 3B', purpose: 'Secondo colloquio sul percorso scolastico.' },
  { org: ASL, by: 'cup@asl.example', mediator: 'Fatima Zahra Benali', language: 'ar', setting: 'health', daysAgo: 45, hours: 2, rating: 5, status: 'confirmed', purpose: 'Visita ginecologica al consultorio.' },
  { org: ASL, by: 'cup@asl.example', mediator: 'Ali Reza Ahmadi', language: 'fa', setting: 'psychological', daysAgo: 33, hours: 1.5, rating: 5, status: 'confirmed', purpose: 'Primo colloquio con lo psicologo.' },
  { org: QUESTURA, by: 'immigrazione@questura.example', mediator: 'Amadou Diallo', language: 'wo', setting: 'police', daysAgo: 12, hours: 1, status: 'done', purpose: 'Rinnovo del permesso di soggiorno.' },
  { org: PREFETTURA, by: 'sportello@prefettura.example', mediator: 'Olena Kovalenko', language: 'uk', setting: 'legal', daysAgo: 75, hours: 2.5, rating: 4, status: 'confirmed', purpose: 'Orientamento sulla protezione temporanea.' },
  { org: APPRODO, by: 'operatore@approdo.example', mediator: 'Dorina Hoxha', language: 'sq', setting: 'social', daysAgo: 40, hours: 1, rating: 3, status: 'confirmed', purpose: 'Colloquio con l\'assistente sociale.' },
  { org: ASL, by: 'cup@asl.example', mediator: null, language: 'ti', setting: 'health', daysAgo: 25, status: 'unmet', purpose: 'Visita di controllo al consultorio.' },
  { org: APPRODO, by: 'operatore@approdo.example', mediator: null, language: 'ti', setting: 'social', daysAgo: 9, status: 'unmet', purpose: 'Colloquio di orientamento.' },
  { org: QUESTURA, by: 'immigrazione@questura.example', mediator: null, language: 'ar', setting: 'police', daysAgo: 15, status: 'cancelled', purpose: 'Appuntamento per le impronte.' },
];

export async function seedDemoMediators(kernel: Kernel, tx: Tx): Promise<number> {
  void kernel;
  const ids = new Map<string, string>();
  for (const m of DEMO_MEDIATORS) {
    const { id } = await admitMediator(tx, SYSTEM, m);
    ids.set(m.fullName, id);
    if (m.suspend) await suspendMediator(tx, SYSTEM, id, m.suspend);
  }
  const one = async (q: ReturnType<typeof sql>) => (await rows<{ id: string }>(tx, q))[0]!.id;
  for (const r of PAST) {
    const orgId = await one(sql`SELECT id FROM organizations WHERE name = ${r.org}`);
    const userId = await one(sql`SELECT id FROM users WHERE email = ${r.by}`);
    const id = randomUUID();
    const startsAt = new Date(Date.now() - r.daysAgo * 86_400_000);
    startsAt.setUTCHours(14, 0, 0, 0);
    const createdAt = new Date(startsAt.getTime() - 6 * 86_400_000);
    const assignedAt = r.mediator ? new Date(createdAt.getTime() + (r.daysAgo % 5 + 1) * 3_600_000 * 7) : null;
    await tx.execute(sql`INSERT INTO med_requests (id, organization_id, requested_by, language_code, starts_at, duration_minutes, mode, place,
        municipality_code, setting, purpose, case_reference, status, mediator_id, assigned_at, done_at, confirmed_at, ended_at, hours, outcome,
        rating, cancel_reason, created_at, updated_at)
      VALUES (${id}, ${orgId}, ${userId}, ${r.language}, ${startsAt}, ${Math.round((r.hours ?? 1) * 60)}, 'in_person', NULL, '110002', ${r.setting},
        ${r.purpose}, ${r.reference ?? null}, ${r.status}, ${r.mediator ? ids.get(r.mediator)! : null}, ${assignedAt},
        ${r.hours ? startsAt : null}, ${r.rating ? startsAt : null}, ${r.status === 'done' ? null : startsAt}, ${r.hours ?? null},
        ${r.hours ? 'held' : null}, ${r.rating ?? null}, ${r.status === 'cancelled' ? 'Appuntamento annullato dalla persona' : null}, ${createdAt}, ${startsAt})`);
    await tx.execute(sql`INSERT INTO med_request_events (request_id, occurred_at, actor_user_id, from_status, to_status) VALUES (${id}, ${createdAt}, ${userId}, NULL, ${r.status === 'unmet' ? 'unmet' : 'requested'})`);
    if (r.status !== 'unmet') {
      await tx.execute(sql`INSERT INTO med_request_events (request_id, occurred_at, from_status, to_status) VALUES (${id}, ${startsAt}, 'requested', ${r.status})`);
    }
  }
  // Waiting: an Arabic request from the Questura for next week, for the coordinator to assign.
  const questura = await one(sql`SELECT id FROM organizations WHERE name = ${QUESTURA}`);
  const officer = await one(sql`SELECT id FROM users WHERE email = 'immigrazione@questura.example'`);
  const next = new Date(Date.now() + 8 * 86_400_000);
  next.setUTCHours(9, 0, 0, 0);
  const waiting = randomUUID();
  await tx.execute(sql`INSERT INTO med_requests (id, organization_id, requested_by, language_code, starts_at, duration_minutes, mode, municipality_code, place, setting, purpose, status)
    VALUES (${waiting}, ${questura}, ${officer}, 'ar', ${next}, 60, 'in_person', '110001', 'Questura, Ufficio immigrazione', 'police', 'Comunicazione dell''esito della domanda di rinnovo.', 'requested')`);
  await tx.execute(sql`INSERT INTO med_request_events (request_id, actor_user_id, from_status, to_status) VALUES (${waiting}, ${officer}, NULL, 'requested')`);
  return DEMO_MEDIATORS.length;
}
