// Appointments: a person asks the Prefettura's desk for an appointment from the public site, in Arabic;
// bad input is refused with messages and nothing typed is lost; the form is rate-limited; the desk sees
// its week with the names (and the reading is audited), adds slots, confirms and cancels; another
// organization's slots and requests do not exist for an operator (404).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, TestClient } from '../helpers/client.js';
import { rows } from '../../src/kernel/db/client.js';
import { routeRegistry } from '../../src/kernel/http/route.js';
import { seedDemoAppointments } from '../../seeds/demo-appointments.js';
import { requestPlace } from '../../src/modules/desk/appointments.repo.js';
import { addDays, mondayOf, romeDate } from '../../src/modules/desk/rome-dates.js';

const DESK = 'sportello@prefettura.example';
const CPI_DESK = 'sportello@cpi-andria.example';
const PREFETTURA = 'Prefettura di Barletta-Andria-Trani';
const CPI_ANDRIA = "Centro per l'Impiego di Andria";

let t: TestApp;
const db = () => t.app.kernel.db;
const ids = { prefettura: '', cpiAndria: '', asl: '' };

async function orgId(name: string): Promise<string> {
  return (await rows<{ id: string }>(db(), sql`SELECT id FROM organizations WHERE name = ${name}`))[0]!.id;
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  return (await rows<{ n: number }>(db(), query))[0]!.n;
}

/** The desk's slots to come, soonest first, with how many places are taken. */
async function slotsOf(organizationId: string) {
  return rows<{ id: string; starts_at: string | Date; taken: number; capacity: number }>(
    db(),
    sql`SELECT s.id, s.starts_at, s.capacity, (SELECT count(*)::int FROM desk_appointment_requests a WHERE a.slot_id = s.id AND a.status IN ('requested', 'confirmed')) AS taken
      FROM desk_slots s WHERE s.organization_id = ${organizationId} AND s.starts_at > now() ORDER BY s.starts_at`,
  );
}

async function requestNamed(name: string) {
  const found = await rows<{ id: string; name_enc: string; status: string; slot_id: string | null; organization_id: string }>(
    db(),
    sql`SELECT id, name_enc, status, slot_id, organization_id FROM desk_appointment_requests`,
  );
  return found.find((r) => t.app.kernel.crypto.open(r.name_enc, requestPlace('name', r.id)) === name);
}

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  if ((await rows(db(), sql`SELECT 1 FROM desk_slots LIMIT 1`)).length === 0) await db().transaction((tx) => seedDemoAppointments(t.app.kernel, tx));
  ids.prefettura = await orgId(PREFETTURA);
  ids.cpiAndria = await orgId(CPI_ANDRIA);
  ids.asl = await orgId('ASL BT - Azienda Sanitaria Locale Barletta-Andria-Trani');
}, 60_000);
afterAll(() => t?.close());

describe('a person asks for an appointment from the public site', () => {
  it('chooses among the desks that have slots, in Arabic, and sees nothing of what they typed afterwards', async () => {
    const person = new TestClient(t.app, { 'accept-language': 'ar' });
    const list = await person.get('/appointments');
    expect(list.statusCode).toBe(200);
    expect(list.body).toContain('<html lang="ar" dir="rtl"');
    expect(list.body).toContain(`href="/appointments/${ids.prefettura}"`);
    expect(list.body).toContain(`href="/appointments/${ids.cpiAndria}"`);
    expect(list.body).not.toContain(ids.asl);

    const free = (await slotsOf(ids.prefettura)).filter((s) => s.taken < s.capacity);
    const form = await person.get(`/appointments/${ids.prefettura}`);
    expect(form.statusCode).toBe(200);
    expect(form.body).toContain('أرسل الطلب');
    expect(form.body).toContain(`value="${free[0]!.id}"`);
    expect(form.body).toContain('value="any"');
    // A slot whose only place is taken is not offered.
    const full = (await slotsOf(ids.prefettura)).find((s) => s.taken >= s.capacity)!;
    expect(form.body).not.toContain(full.id);

    const sent = await person.post(`/appointments/${ids.prefettura}`, {
      slot: free[0]!.id,
      name: 'Yasmin Al-Masri',
      phone: '+39 329 555 0101',
      need: 'health',
      message: 'أحتاج إلى طبيب أسرة',
    });
    expect(sent.statusCode).toBe(303);
    expect(sent.headers.location).toBe('/appointments/sent');
    const confirmation = await person.get('/appointments/sent');
    expect(confirmation.statusCode).toBe(200);
    expect(confirmation.body).not.toContain('Yasmin');
    expect(confirmation.body).not.toContain('555 0101');

    const stored = await requestNamed('Yasmin Al-Masri');
    expect(stored).toMatchObject({ status: 'requested', slot_id: free[0]!.id, organization_id: ids.prefettura });
    const [raw] = await rows<Record<string, string | null>>(db(), sql`SELECT * FROM desk_appointment_requests WHERE id = ${stored!.id}`);
    // Sealed at rest, each value bound to its own column and row.
    expect(JSON.stringify(raw)).not.toContain('Yasmin');
    expect(JSON.stringify(raw)).not.toContain('555 0101');
    expect(raw!.language_code).toBe('ar');
    expect(raw!.term_code).toBe('health');
    expect(t.app.kernel.crypto.open(raw!.phone_enc!, requestPlace('phone', stored!.id))).toBe('+39 329 555 0101');
    expect(() => t.app.kernel.crypto.open(raw!.phone_enc!, requestPlace('message', stored!.id))).toThrow();
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'desk.appointment.requested' AND entity_id = ${stored!.id}`)).toBe(1);
    // The desk is told that a request came in, without the person's data.
    const [note] = await rows<{ message_key: string; params: unknown }>(
      db(),
      sql`SELECT message_key, params FROM notifications WHERE organization_id = ${ids.prefettura} AND kind = 'appointment.requested' ORDER BY created_at DESC LIMIT 1`,
    );
    expect(note).toEqual({ message_key: 'appointments.notification.requested', params: {} });
  });

  it('may ask for any time, with only an e-mail address', async () => {
    const person = new TestClient(t.app);
    await person.get(`/appointments/${ids.cpiAndria}`);
    const res = await person.post(`/appointments/${ids.cpiAndria}`, { slot: 'any', name: 'Chidi Okeke', email: 'chidi.okeke@example.org' });
    expect(res.statusCode).toBe(303);
    expect(await requestNamed('Chidi Okeke')).toMatchObject({ slot_id: null, organization_id: ids.cpiAndria, status: 'requested' });
  });
});

describe('bad input on the public form', () => {
  it('shows a message next to each wrong field and keeps what was typed', async () => {
    const person = new TestClient(t.app);
    await person.get(`/appointments/${ids.prefettura}`);
    const before = await count(sql`SELECT count(*)::int AS n FROM desk_appointment_requests`);
    const empty = await person.post(`/appointments/${ids.prefettura}`, { name: 'Ana', message: 'Vengo con mia figlia' });
    expect(empty.statusCode).toBe(400);
    expect(empty.body).toContain('Scegli un orario, oppure «un orario qualsiasi».');
    expect(empty.body).toContain("Indica un telefono o un&#39;e-mail: serve allo sportello per risponderti.");
    expect(empty.body).toContain('value="Ana"');
    expect(empty.body).toContain('Vengo con mia figlia</textarea>');

    const wrong = await person.post(`/appointments/${ids.prefettura}`, { slot: 'any', name: 'Ana Lima', email: 'non-una-email', phone: 'abc' });
    expect(wrong.statusCode).toBe(400);
    expect(wrong.body).toContain('Scrivi un numero di telefono valido, solo cifre, spazi e +.');
    expect(wrong.body).toMatch(/id="email-error"/);
    expect(await count(sql`SELECT count(*)::int AS n FROM desk_appointment_requests`)).toBe(before);
  });

  it('refuses a slot that is taken, past or of another desk, keeping the rest of the form', async () => {
    const person = new TestClient(t.app);
    await person.get(`/appointments/${ids.prefettura}`);
    const taken = (await slotsOf(ids.prefettura)).find((s) => s.taken >= s.capacity)!;
    const cpiSlot = (await slotsOf(ids.cpiAndria))[0]!;
    const [past] = await rows<{ id: string }>(
      db(),
      sql`INSERT INTO desk_slots (organization_id, starts_at, ends_at) VALUES (${ids.prefettura}, now() - interval '2 hours', now() - interval '1 hour') RETURNING id`,
    );
    for (const slot of [taken.id, cpiSlot.id, past!.id]) {
      const res = await person.post(`/appointments/${ids.prefettura}`, { slot, name: 'Ana Lima', phone: '333 1234567' });
      expect(res.statusCode).toBe(400);
      expect(res.body).toContain('Questo orario non è più libero: scegline un altro.');
      expect(res.body).toContain('value="Ana Lima"');
    }
  });

  it('has no form for a desk without slots, nor for an id that is not one', async () => {
    const person = new TestClient(t.app);
    expect((await person.get(`/appointments/${ids.asl}`)).statusCode).toBe(404);
    expect((await person.get('/appointments/12345')).statusCode).toBe(404);
  });

  it('refuses a post without the form token', async () => {
    const person = new TestClient(t.app);
    await person.get(`/appointments/${ids.prefettura}`);
    const res = await person.post(`/appointments/${ids.prefettura}`, { slot: 'any', name: 'Ana Lima', phone: '333 1234567' }, { csrf: null });
    expect(res.statusCode).toBe(403);
  });
});

describe('the rate limit', () => {
  it('is declared on the public form', () => {
    const def = routeRegistry.get(t.app)!.find((r) => r.method === 'POST' && r.url === '/appointments/:id');
    expect(def?.rateLimitPerMinute).toBe(5);
  });

  it('answers 429 to the sixth post in a minute from one address', async () => {
    const limited = await createTestApp({ config: { rateLimits: true } });
    try {
      const client = new TestClient(limited.app);
      const statuses: number[] = [];
      for (let i = 0; i < 6; i++) statuses.push((await client.post('/appointments/00000000-0000-4000-8000-000000000000', {})).statusCode);
      expect(statuses.slice(0, 5)).not.toContain(429);
      expect(statuses[5]).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

describe("the desk's calendar", () => {
  let desk: TestClient;
  let firstWeek: string;
  beforeAll(async () => {
    desk = await signIn(t.app, DESK);
    firstWeek = mondayOf(romeDate(new Date((await slotsOf(ids.prefettura))[0]!.starts_at)));
  });

  it("shows the week's slots with the requests' names, the requests for any time, and records the reading", async () => {
    const res = await desk.get(`/desk/appointments?week=${firstWeek}`);
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('Amina Haddad');
    expect(res.body).toContain('Olena Kovalenko');
    expect(res.body).toContain('Lingua: arabo');
    expect(res.body).not.toContain('Kwabena Asante');
    expect(res.body).not.toContain('Chidi Okeke');
    const amina = await requestNamed('Amina Haddad');
    const [read] = await rows<{ details: { requests: string[] }; actor_user_id: string }>(
      db(),
      sql`SELECT details, actor_user_id FROM audit_events WHERE action = 'desk.appointment.read' ORDER BY id DESC LIMIT 1`,
    );
    expect(read!.details.requests).toContain(amina!.id);
    const [me] = await rows<{ id: string }>(db(), sql`SELECT id FROM users WHERE email = ${DESK}`);
    expect(read!.actor_user_id).toBe(me!.id);
  });

  it('adds a slot, and refuses an end before the start, a past date and an overlap with messages next to the fields', async () => {
    const day = addDays(firstWeek, 7 + 5); // a Saturday, with no demo slots
    await desk.get('/desk/appointments');
    const added = await desk.post('/desk/appointments/slots', { date: day, start: '09:00', end: '10:00', capacity: '2' });
    expect(added.statusCode).toBe(303);
    expect(added.headers.location).toBe(`/desk/appointments?week=${mondayOf(day)}`);
    const [slot] = await rows<{ id: string; capacity: number }>(
      db(),
      sql`SELECT id, capacity FROM desk_slots WHERE organization_id = ${ids.prefettura} AND starts_at = (${`${day} 09:00`}::timestamp AT TIME ZONE 'Europe/Rome')`,
    );
    expect(slot!.capacity).toBe(2);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'desk.slot.created' AND entity_id = ${slot!.id}`)).toBe(1);
    expect((await desk.get(added.headers.location as string)).body).toContain('Fascia oraria aggiunta.');

    const slots = await count(sql`SELECT count(*)::int AS n FROM desk_slots`);
    const backwards = await desk.post('/desk/appointments/slots', { date: day, start: '11:00', end: '10:30', capacity: '1' });
    expect(backwards.statusCode).toBe(400);
    expect(backwards.body).toMatch(/id="end-error"[^>]*>L&#39;orario di fine deve venire dopo quello di inizio\./);
    expect(backwards.body).toContain(`value="${day}"`);
    expect(backwards.body).toContain('value="11:00"');

    const past = await desk.post('/desk/appointments/slots', { date: addDays(romeDate(), -1), start: '09:00', end: '10:00', capacity: '1' });
    expect(past.statusCode).toBe(400);
    expect(past.body).toMatch(/id="date-error"[^>]*>La fascia è nel passato/);

    const overlap = await desk.post('/desk/appointments/slots', { date: day, start: '09:30', end: '11:00', capacity: '1' });
    expect(overlap.statusCode).toBe(400);
    expect(overlap.body).toMatch(/id="start-error"[^>]*>Si sovrappone alla fascia delle 09:00–10:00 dello stesso giorno\./);

    const tooMany = await desk.post('/desk/appointments/slots', { date: day, start: '12:00', end: '13:00', capacity: '0' });
    expect(tooMany.statusCode).toBe(400);
    expect(tooMany.body).toMatch(/id="capacity-error"/);
    expect(await count(sql`SELECT count(*)::int AS n FROM desk_slots`)).toBe(slots);
  });

  it('confirms and cancels a request, each change audited, and says so when there is nothing to change', async () => {
    const ousmane = await requestNamed('Ousmane Diop');
    await desk.get(`/desk/appointments?week=${firstWeek}`);
    const confirmed = await desk.post(`/desk/appointments/requests/${ousmane!.id}/confirm`, { week: firstWeek });
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe(`/desk/appointments?week=${firstWeek}`);
    expect((await requestNamed('Ousmane Diop'))!.status).toBe('confirmed');
    expect((await desk.get(confirmed.headers.location as string)).body).toContain('Appuntamento confermato.');
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'desk.appointment.confirmed' AND entity_id = ${ousmane!.id}`)).toBe(1);

    await desk.post(`/desk/appointments/requests/${ousmane!.id}/confirm`, { week: firstWeek });
    expect((await desk.get(`/desk/appointments?week=${firstWeek}`)).body).toContain('La richiesta era già stata gestita: nulla è cambiato.');

    await desk.post(`/desk/appointments/requests/${ousmane!.id}/cancel`, { week: firstWeek });
    expect((await requestNamed('Ousmane Diop'))!.status).toBe('cancelled');
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'desk.appointment.cancelled' AND entity_id = ${ousmane!.id}`)).toBe(1);
  });

  it('removes a slot nobody holds, and keeps one that has a request', async () => {
    const slots = await slotsOf(ids.prefettura);
    const used = slots.find((s) => s.taken > 0)!;
    const unused = slots.find((s) => s.taken === 0)!;
    await desk.get(`/desk/appointments?week=${firstWeek}`);
    await desk.post(`/desk/appointments/slots/${used.id}/remove`);
    expect(await count(sql`SELECT count(*)::int AS n FROM desk_slots WHERE id = ${used.id}`)).toBe(1);
    await desk.post(`/desk/appointments/slots/${unused.id}/remove`);
    expect(await count(sql`SELECT count(*)::int AS n FROM desk_slots WHERE id = ${unused.id}`)).toBe(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'desk.slot.removed' AND entity_id = ${unused.id}`)).toBe(1);
  });
});

describe('record scope', () => {
  it("an operator of another desk can neither see nor change the Prefettura's slots and requests", async () => {
    const cpi = await signIn(t.app, CPI_DESK);
    const [kwabenaSlot] = await slotsOf(ids.cpiAndria);
    const page = await cpi.get(`/desk/appointments?week=${mondayOf(romeDate(new Date(kwabenaSlot!.starts_at)))}`);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Kwabena Asante');
    expect(page.body).not.toContain('Amina Haddad');
    expect(page.body).not.toContain('Olena Kovalenko');

    const amina = await requestNamed('Amina Haddad');
    const prefetturaSlot = (await slotsOf(ids.prefettura)).find((s) => s.taken === 0)!;
    expect((await cpi.post(`/desk/appointments/requests/${amina!.id}/cancel`)).statusCode).toBe(404);
    expect((await cpi.post(`/desk/appointments/requests/${amina!.id}/confirm`)).statusCode).toBe(404);
    expect((await cpi.post(`/desk/appointments/slots/${prefetturaSlot.id}/remove`)).statusCode).toBe(404);
    expect((await requestNamed('Amina Haddad'))!.status).toBe('confirmed');
    expect(await count(sql`SELECT count(*)::int AS n FROM desk_slots WHERE id = ${prefetturaSlot.id}`)).toBe(1);
  });

  it('other roles may not open the calendar', async () => {
    const analyst = await signIn(t.app, 'osservatorio@prefettura.example');
    expect((await analyst.get('/desk/appointments')).statusCode).toBe(403);
  });
});
