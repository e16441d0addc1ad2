// Demo data for a realistic province, Barletta-Andria-Trani: its real institutions and municipalities,
// fictional people. Loaded by `npm start` on an empty database; refused when NODE_ENV=production.
import { sql } from 'drizzle-orm';
import type { Kernel } from '../src/kernel/kernel.js';
import { rows, type Tx } from '../src/kernel/db/client.js';
import { usersRepo } from '../src/kernel/auth/users.repo.js';
import { hashPassword } from '../src/kernel/auth/passwords.js';
import { totpPlace } from '../src/kernel/auth/sign-in.js';
import { recordAudit } from '../src/kernel/audit/audit.js';
import type { Role } from '../src/kernel/access/policy.js';
import { seedDemoDirectory } from './demo-directory.js';
import { seedDemoDesk } from './demo-desk.js';
import { seedDemoAppointments } from './demo-appointments.js';
import { seedDemoReferrals } from './demo-referrals.js';
import { seedDemoCases } from './demo-cases.js';
import { seedDemoMediators } from './demo-mediators.js';
import { seedDemoReception } from './demo-reception.js';

export const DEMO_PASSWORD = 'demo-ponte-bat-2026';
/** One shared second-factor secret for every demo account, so that `npm run totp` gives the code. */
export const DEMO_TOTP_SECRET = 'PONTEDEMOBATPONTEDEMOBATPONTEDEM';

/** The ten municipalities of the province, with their ISTAT codes. */
export const BAT_MUNICIPALITIES = [
  { code: '110001', name: 'Andria' },
  { code: '110002', name: 'Barletta' },
  { code: '110003', name: 'Bisceglie' },
  { code: '110004', name: 'Canosa di Puglia' },
  { code: '110005', name: 'Margherita di Savoia' },
  { code: '110006', name: 'Minervino Murge' },
  { code: '110007', name: 'San Ferdinando di Puglia' },
  { code: '110008', name: 'Spinazzola' },
  { code: '110009', name: 'Trani' },
  { code: '110010', name: 'Trinitapoli' },
] as const;

const ORGANIZATIONS = [
  { key: 'prefettura', name: 'Prefettura di Barletta-Andria-Trani', kind: 'prefettura', municipalityCode: '110002' },
  { key: 'questura', name: 'Questura di Barletta-Andria-Trani', kind: 'questura', municipalityCode: '110001' },
  { key: 'asl', name: 'ASL BT - Azienda Sanitaria Locale Barletta-Andria-Trani', kind: 'asl', municipalityCode: '110001' },
  { key: 'cpia', name: 'CPIA BAT - Centro Provinciale per l\'Istruzione degli Adulti', kind: 'cpia', municipalityCode: '110001' },
  { key: 'cpiAndria', name: 'Centro per l\'Impiego di Andria', kind: 'cpi', municipalityCode: '110001' },
  { key: 'cpiBarletta', name: 'Centro per l\'Impiego di Barletta', kind: 'cpi', municipalityCode: '110002' },
  { key: 'andria', name: 'Comune di Andria', kind: 'municipality', municipalityCode: '110001' },
  { key: 'barletta', name: 'Comune di Barletta', kind: 'municipality', municipalityCode: '110002' },
  { key: 'trani', name: 'Comune di Trani', kind: 'municipality', municipalityCode: '110009' },
  { key: 'trinitapoli', name: 'Comune di Trinitapoli', kind: 'municipality', municipalityCode: '110010' },
  { key: 'school', name: 'Istituto Comprensivo Barletta Centro (demo)', kind: 'school', municipalityCode: '110002' },
  { key: 'approdo', name: 'Cooperativa Sociale Approdo (demo)', kind: 'managing_body', municipalityCode: '110010' },
  { key: 'faro', name: 'Cooperativa Sociale Il Faro (demo)', kind: 'managing_body', municipalityCode: '110004' },
  { key: 'mondi', name: 'Associazione Mondi Vicini (demo)', kind: 'association', municipalityCode: '110003' },
  { key: 'itl', name: 'Ispettorato Territoriale del Lavoro di Barletta-Andria-Trani', kind: 'labour_inspectorate', municipalityCode: '110002' },
  // The regional anti-trafficking programme's local team: it receives the desks' "possible victim" referrals (ADR 0011).
  { key: 'antitratta', name: 'Programma antitratta La Puglia non tratta (demo)', kind: 'association', municipalityCode: '110002' },
] as const;

type OrgKey = (typeof ORGANIZATIONS)[number]['key'];

/** One account per role; the README lists them. */
export const DEMO_ACCOUNTS: { email: string; name: string; org: OrgKey; roles: Role[] }[] = [
  { email: 'admin@prefettura.example', name: 'Giulia Ferrante', org: 'prefettura', roles: ['admin'] },
  { email: 'funzionario@prefettura.example', name: 'Marco Dellorusso', org: 'prefettura', roles: ['prefettura_official'] },
  { email: 'sportello@prefettura.example', name: 'Sara Lomuscio', org: 'prefettura', roles: ['desk_operator'] },
  { email: 'mediazione@prefettura.example', name: 'Antonio Lattanzio', org: 'prefettura', roles: ['mediator_coordinator'] },
  { email: 'mediatrice@mondivicini.example', name: 'Fatima Zahra Benali', org: 'mondi', roles: ['mediator'] },
  { email: 'ispezioni@prefettura.example', name: 'Roberto Casiero', org: 'prefettura', roles: ['reception_inspector'] },
  { email: 'operatore@approdo.example', name: 'Lucia Di Bari', org: 'approdo', roles: ['managing_body_operator'] },
  { email: 'immigrazione@questura.example', name: 'Vito Calò', org: 'questura', roles: ['questura_officer'] },
  { email: 'lavoro@cpi-andria.example', name: 'Nicola Sgaramella', org: 'cpiAndria', roles: ['labour_officer'] },
  { email: 'formazione@cpia.example', name: 'Anna Maria Zingaro', org: 'cpia', roles: ['trainer'] },
  { email: 'osservatorio@prefettura.example', name: 'Paolo Grieco', org: 'prefettura', roles: ['analyst'] },
  { email: 'redazione@asl.example', name: 'Teresa Lopopolo', org: 'asl', roles: ['directory_editor'] },
  { email: 'mappa@prefettura.example', name: 'Davide Porcelli', org: 'prefettura', roles: ['directory_publisher'] },
  { email: 'dpo@prefettura.example', name: 'Elena Fusaro', org: 'prefettura', roles: ['dpo'] },
  { email: 'accoglienza@cpia.example', name: 'Rosa Lamanna', org: 'cpia', roles: ['service_operator'] },
  { email: 'servizisociali@comune.barletta.example', name: 'Angela Dimiccoli', org: 'barletta', roles: ['service_operator'] },
  { email: 'cup@asl.example', name: 'Giuseppe Musci', org: 'asl', roles: ['service_operator'] },
  { email: 'sportello@cpi-andria.example', name: 'Michele Cafagna', org: 'cpiAndria', roles: ['desk_operator'] },
  { email: 'emersione@antitratta.example', name: 'Giovanna Ruggiero', org: 'antitratta', roles: ['service_operator'] },
  { email: 'segreteria@icbarlettacentro.example', name: 'Maria Grazia Rizzi', org: 'school', roles: ['service_operator'] },
  { email: 'mediatore.bn@mondivicini.example', name: 'Rahim Uddin', org: 'mondi', roles: ['mediator'] },
  // Reception: the second cooperative's operator, and a second inspector (visits are made by a team of two).
  { email: 'operatore@ilfaro.example', name: 'Domenico Sinigaglia', org: 'faro', roles: ['managing_body_operator'] },
  { email: 'ispettrice@prefettura.example', name: 'Chiara Vurro', org: 'prefettura', roles: ['reception_inspector'] },
];

/** The demo referrals name their person: point each to that person's desk record, so the desk shows the loop. */
async function linkReferralsToPeople(kernel: Kernel, tx: Tx, people: Map<string, string>): Promise<void> {
  const sent = await rows<{ id: string; shared_data_enc: string }>(tx, sql`SELECT id, shared_data_enc FROM referrals WHERE subject_module = 'desk'`);
  for (const r of sent) {
    const shared = JSON.parse(kernel.crypto.open(r.shared_data_enc, `referrals:shared_data:${r.id}`)) as { displayName?: string };
    const personId = shared.displayName ? people.get(shared.displayName) : undefined;
    if (personId) await tx.execute(sql`UPDATE referrals SET subject_id = ${personId} WHERE id = ${r.id}`);
  }
}

export class SeedRefused extends Error {
  override name = 'SeedRefused';
}

/** Loads the demo province into an empty database; returns false when data is already there. */
export async function seedDemo(kernel: Kernel): Promise<boolean> {
  if (kernel.config.isProduction) throw new SeedRefused('Demo data cannot be loaded when NODE_ENV=production');
  const [{ count }] = (await rows<{ count: number }>(kernel.db, sql`SELECT count(*)::int AS count FROM organizations`)) as [{ count: number }];
  if (count > 0) return false;
  const passwordHash = await hashPassword(DEMO_PASSWORD);
  await kernel.db.transaction(async (tx) => {
    const orgIds = new Map<OrgKey, string>();
    for (const o of ORGANIZATIONS) orgIds.set(o.key, (await usersRepo.createOrganization(tx, o)).id);
    for (const a of DEMO_ACCOUNTS) {
      const user = await usersRepo.create(tx, {
        email: a.email,
        displayName: a.name,
        organizationId: orgIds.get(a.org)!,
        roles: a.roles,
        locale: 'it',
        status: 'active',
        passwordHash,
      });
      await usersRepo.update(tx, user.id, { totpSecretEnc: kernel.crypto.seal(DEMO_TOTP_SECRET, totpPlace(user.id)) });
    }
    const services = await seedDemoDirectory(kernel, tx);
    const people = await seedDemoDesk(kernel, tx);
    await seedDemoAppointments(kernel, tx);
    await seedDemoReferrals(kernel, tx);
    await linkReferralsToPeople(kernel, tx, people);
    await seedDemoCases(kernel, tx, [people.get('Tahmina Akter')!, people.get('Joy Okafor')!]);
    await seedDemoMediators(kernel, tx);
    await seedDemoReception(kernel, tx);
    // The demo's past referrals and requests leave their in-app notifications, but no e-mail goes out for them.
    await tx.execute(sql`DELETE FROM notification_mails`);
    await recordAudit(tx, { userId: null, organizationId: null, ip: null }, {
      action: 'system.demoDataLoaded',
      details: { organizations: ORGANIZATIONS.length, users: DEMO_ACCOUNTS.length, services },
    });
  });
  return true;
}
