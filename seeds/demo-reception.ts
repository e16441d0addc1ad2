// Demo reception: five centres of the province run by two cooperatives (Approdo in Trinitapoli, Il Faro in
// Canosa), guests under pseudonymous codes with this month's and last month's presences, the documents each
// centre owes (Approdo's fire-safety certificate expires in 20 days, and its reminder is waiting), and a
// past inspection of a centre of Il Faro with an open finding. Fictional, through the module's own use cases.
import { sql } from 'drizzle-orm';
import type { Kernel } from '../src/kernel/kernel.js';
import { rows, type Tx } from '../src/kernel/db/client.js';
import type { AuditActor } from '../src/kernel/audit/audit.js';
import { addDays, romeDate } from '../src/modules/desk/rome-dates.js';
import { addDocumentVersion, createRequirements, remindDocumentsIn } from '../src/modules/reception/centre-documents.js';
import { storeFile } from '../src/modules/reception/files.js';
import { planVisit, recordFinding, saveAnswers } from '../src/modules/reception/inspections.js';
import { receptionRepo } from '../src/modules/reception/reception.repo.js';
import { CHECKLIST_V1 } from '../src/modules/reception/reception-codes.js';

export const DEMO_CENTRES = [
  { code: 'CAS-TRI-01', name: 'CAS Casa del Sole', kind: 'cas', housing: 'collective', body: 'Cooperativa Sociale Approdo (demo)', municipality: '110010', address: 'Via Mare 12', men: 24, women: 8, families: 8, rate: 2950 },
  { code: 'CAS-TRI-02', name: 'CAS Appartamenti Ofanto', kind: 'cas', housing: 'apartment', body: 'Cooperativa Sociale Approdo (demo)', municipality: '110010', address: 'Corso Trinità 45', men: 0, women: 6, families: 6, rate: 3200 },
  { code: 'CAS-AND-01', name: 'CAS Castel del Monte', kind: 'cas', housing: 'collective', body: 'Cooperativa Sociale Il Faro (demo)', municipality: '110001', address: 'Via Barletta 210', men: 40, women: 10, families: 0, rate: 2800 },
  { code: 'SAI-BAR-01', name: 'SAI Barletta Accoglie', kind: 'sai', housing: 'apartment', body: 'Cooperativa Sociale Il Faro (demo)', municipality: '110002', address: 'Via Cialdini 7', men: 6, women: 6, families: 12, rate: 3500 },
  { code: 'CAS-CAN-01', name: 'CAS Canusium', kind: 'cas', housing: 'collective', body: 'Cooperativa Sociale Il Faro (demo)', municipality: '110004', address: 'Via Bari 3', men: 20, women: 0, families: 0, rate: 2700 },
] as const;

/** A tiny but real PDF, so that the demo documents open. */
const DEMO_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

async function userOf(tx: Tx, email: string): Promise<AuditActor & { userId: string }> {
  const [u] = await rows<{ id: string; organization_id: string }>(tx, sql`SELECT id, organization_id FROM users WHERE email = ${email}`);
  return { userId: u!.id, organizationId: u!.organization_id, ip: null };
}

export async function seedDemoReception(kernel: Kernel, tx: Tx, now: Date = new Date()): Promise<void> {
  const today = romeDate(now);
  const official = await userOf(tx, 'funzionario@prefettura.example');
  const approdo = await userOf(tx, 'operatore@approdo.example');
  const faro = await userOf(tx, 'operatore@ilfaro.example');
  const inspectors = [await userOf(tx, 'ispezioni@prefettura.example'), await userOf(tx, 'ispettrice@prefettura.example')];
  const ids = new Map<string, string>();
  for (const c of DEMO_CENTRES) {
    const [body] = await rows<{ id: string }>(tx, sql`SELECT id FROM organizations WHERE name = ${c.body}`);
    const [row] = await rows<{ id: string }>(
      tx,
      sql`INSERT INTO reception_centres (code, name, kind, housing, managing_body_id, municipality_code, address, capacity_men, capacity_women, capacity_families,
          contract_start, contract_end, places_contracted, daily_rate_cents, contact_phone, contact_email)
        VALUES (${c.code}, ${c.name}, ${c.kind}, ${c.housing}, ${body!.id}, ${c.municipality}, ${c.address}, ${c.men}, ${c.women}, ${c.families},
          ${addDays(today, -400)}::date, ${addDays(today, 330)}::date, ${c.men + c.women + c.families}, ${c.rate}, '+39 0883 000000', ${`${c.code.toLowerCase()}@accoglienza.example`})
        RETURNING id`,
    );
    ids.set(c.code, row!.id);
    // Registered long ago: their documents were due 370 days ago, unless delivered below.
    await createRequirements(tx, row!.id, addDays(today, -400));
  }

  // Guests: present since last months, some left. Codes as the Ministry's system gives them, never names.
  const stays: { centre: string; code: string; from: number; to?: number; reason?: string }[] = [];
  const add = (centre: string, prefix: string, n: number, from: number, left: number[] = []) => {
    for (let i = 1; i <= n; i++) {
      const code = `${prefix}-${String(i).padStart(4, '0')}`;
      const leftAt = left[i - 1];
      stays.push({ centre, code, from: from - i, ...(leftAt ? { to: leftAt, reason: i % 2 ? 'transfer' : 'end_of_reception' } : {}) });
    }
  };
  add('CAS-TRI-01', 'TRI', 22, -60, [-20, -5]);
  add('CAS-TRI-02', 'TRO', 7, -45);
  add('CAS-AND-01', 'AND', 38, -90, [-30]);
  add('SAI-BAR-01', 'BAR', 15, -120);
  add('CAS-CAN-01', 'CAN', 12, -70);
  for (const s of stays) {
    await tx.execute(sql`INSERT INTO reception_stays (centre_id, guest_code, arrived_on, departed_on, departure_reason, recorded_by)
      VALUES (${ids.get(s.centre)!}, ${s.code}, ${addDays(today, s.from)}::date, ${s.to ? addDays(today, s.to) : null}::date, ${s.reason ?? null}, ${s.centre.startsWith('CAS-TRI') ? approdo.userId : faro.userId})`);
  }
  // Daily counts declared for the last 10 days, as the guests present then.
  for (const [code, id] of ids) {
    for (let d = -10; d <= -1; d++) {
      const day = addDays(today, d);
      const [n] = await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM reception_stays WHERE centre_id = ${id} AND arrived_on <= ${day}::date AND (departed_on IS NULL OR departed_on > ${day}::date)`);
      // Il Faro's Andria centre declares two more guests than are there: the inspection will count them.
      await tx.execute(sql`INSERT INTO reception_daily_counts (centre_id, day, present) VALUES (${id}, ${day}::date, ${n!.n + (code === 'CAS-AND-01' ? 2 : 0)})`);
    }
  }

  // Documents: each centre's contract and insurance accepted; Approdo's fire-safety certificate expires in 20 days.
  const deliver = async (code: string, docType: string, actor: AuditActor & { userId: string }, expiresOn: string | undefined, accepted: boolean) => {
    const centreId = ids.get(code)!;
    const requirement = (await receptionRepo.requirements(tx, centreId)).find((r) => r.doc_type === docType)!;
    const stored = await storeFile(tx, kernel.config.filesDir, { centreId, file: { field: 'file', filename: `${docType}-${code}.pdf`, data: DEMO_PDF, truncated: false }, mediaType: 'application/pdf', userId: actor.userId });
    const documentId = await addDocumentVersion(tx, actor, { requirement, fileId: stored.id, expiresOn, userId: actor.userId });
    if (accepted) await tx.execute(sql`UPDATE reception_documents SET status = 'accepted', reviewed_by = ${official.userId}, reviewed_at = now() WHERE id = ${documentId}`);
  };
  for (const c of DEMO_CENTRES) {
    const actor = c.body.includes('Approdo') ? approdo : faro;
    await deliver(c.code, 'contract', actor, undefined, true);
    await deliver(c.code, 'insurance', actor, addDays(today, 200), true);
    await deliver(c.code, 'fire_safety', actor, addDays(today, c.code === 'CAS-TRI-01' ? 20 : 300), true);
    await deliver(c.code, 'fitness', actor, undefined, true);
    await deliver(c.code, 'staff_list', actor, undefined, true);
  }
  // Waiting for the Prefettura: Approdo's monthly report.
  await deliver('CAS-TRI-01', 'monthly_report', approdo, undefined, false);
  // Not yet due again for the other centres: the report and the rules are due next month.
  await tx.execute(sql`UPDATE reception_requirements SET due_on = ${addDays(today, 25)}::date
    WHERE doc_type IN ('monthly_report', 'house_rules_translated') AND centre_id <> ${ids.get('CAS-CAN-01')!}`);

  // A past inspection of Il Faro's Andria centre: a finding still open, and two guests fewer than declared.
  const [checklist] = await rows<{ id: string }>(tx, sql`SELECT id FROM reception_checklists WHERE version = 1`);
  const andria = ids.get('CAS-AND-01')!;
  const visitedOn = addDays(today, -3);
  const visitId = await planVisit(tx, inspectors[0]!, { centreId: andria, checklistId: checklist!.id, kind: 'unannounced', plannedOn: visitedOn, inspectorIds: inspectors.map((i) => i.userId), userId: inspectors[0]!.userId });
  const visit = (await receptionRepo.findVisit(tx, visitId))!;
  const [{ n: counted }] = (await rows<{ n: number }>(tx, sql`SELECT count(*)::int AS n FROM reception_stays WHERE centre_id = ${andria} AND departed_on IS NULL`)) as [{ n: number }];
  await saveAnswers(tx, inspectors[0]!, {
    visit,
    answers: CHECKLIST_V1.map((i) => ({ code: i.code, result: i.code === 'mediation_hours' ? 'non_compliant' : 'compliant', ...(i.code === 'mediation_hours' ? { note: 'Registro della mediazione: 6 ore a settimana invece di 12.' } : {}) })),
    countedPresent: counted,
    visitedOn,
    complete: true,
  });
  await recordFinding(tx, kernel, inspectors[0]!, {
    visit,
    managingBodyId: faro.organizationId!,
    code: 'mediation_hours',
    severity: 'medium',
    description: 'Ore di mediazione linguistica inferiori a quelle previste dal contratto.',
    actionRequired: 'Ripristinare 12 ore settimanali di mediazione e inviare il registro firmato.',
    dueOn: addDays(visitedOn, 30),
  });
  // Planned, unannounced: only the inspectors see it.
  await planVisit(tx, inspectors[0]!, { centreId: ids.get('CAS-TRI-01')!, checklistId: checklist!.id, kind: 'unannounced', plannedOn: addDays(today, 7), inspectorIds: inspectors.map((i) => i.userId), userId: inspectors[0]!.userId });

  // The reminders the hourly timer would have sent by now.
  await remindDocumentsIn(tx, kernel, now);
}
