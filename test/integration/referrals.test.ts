// Referrals: the Prefettura's desk sends a person to the CPIA's Italian course; the CPIA sees it in its inbox,
// accepts it, completes it with "enrolled"; the desk sees the loop close. Forbidden transitions, a second
// accept, an unpublished service, another organization's operator (404), what the receiver sees of the
// person, audit events, notifications and their e-mails, reminders of unanswered referrals.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestApp, type TestApp } from '../helpers/test-app.js';
import { signIn, type TestClient } from '../helpers/client.js';
import { addWorkingDays } from '../../src/modules/referrals/working-days.js';
import { rows } from '../../src/kernel/db/client.js';
import type { AuditActor } from '../../src/kernel/audit/audit.js';
import { verifyAuditChain } from '../../src/kernel/audit/audit.js';
import {
  changeReferralStatus,
  deliverPendingMails,
  ReferralError,
  referralsForSubject,
  remindOverdueReferrals,
  REMIND_AGAIN_AFTER_DAYS,
  sendReferral,
  type SendReferralInput,
} from '../../src/modules/referrals/index.js';

const DESK = 'sportello@prefettura.example';
const CPIA = 'accoglienza@cpia.example';
const CPIA_TRAINER = 'formazione@cpia.example';
const ASL = 'cup@asl.example';
const COURSE = 'Corso di lingua italiana (livelli A1 e A2) - Andria';
const CPIA_NAME = "CPIA BAT - Centro Provinciale per l'Istruzione degli Adulti";

const AMINA = {
  displayName: 'Amina El Fassi',
  phone: '+39 333 987 6543',
  email: 'amina.elfassi@example.org',
  languages: ['fr', 'ar'],
  municipalityCode: '110001',
  summary: 'Corso serale, ha due figli piccoli.',
};
const NOTE = 'Parla bene francese, legge poco l’italiano.';

let t: TestApp;
let desk: TestClient;
let cpia: TestClient;
let asl: TestClient;
let trainer: TestClient;
let courseId: string;

const db = () => t.app.kernel.db;
const kernel = () => t.app.kernel;

async function actor(email: string): Promise<AuditActor> {
  const [u] = await rows<{ id: string; organization_id: string }>(db(), sql`SELECT id, organization_id FROM users WHERE email = ${email}`);
  return { userId: u!.id, organizationId: u!.organization_id, ip: '127.0.0.1' };
}

async function count(query: ReturnType<typeof sql>): Promise<number> {
  return (await rows<{ n: number }>(db(), query))[0]!.n;
}

/** Sends as the Prefettura's desk operator, then lets the queued e-mails go, as a route does after its commit. */
async function send(overrides: Partial<SendReferralInput> = {}): Promise<string> {
  const as = await actor(DESK);
  const { id } = await db().transaction((tx) =>
    sendReferral(tx, kernel(), as, {
      toServiceId: courseId,
      subject: { module: 'desk', id: crypto.randomUUID() },
      needCode: 'language',
      shared: AMINA,
      note: NOTE,
      ...overrides,
    }),
  );
  await deliverPendingMails(kernel());
  return id;
}

async function statusOf(id: string): Promise<string> {
  return (await rows<{ status: string }>(db(), sql`SELECT status FROM referrals WHERE id = ${id}`))[0]!.status;
}

async function mailsTo(email: string, since: number) {
  return rows<{ id: number; subject: string; text_body: string }>(db(), sql`SELECT id, subject, text_body FROM mail_outbox WHERE to_address = ${email} AND id > ${since} ORDER BY id`);
}
const lastMailId = async () => (await rows<{ n: number | null }>(db(), sql`SELECT max(id)::int AS n FROM mail_outbox`))[0]!.n ?? 0;

/** Opens the referral's page (for its CSRF token) and posts one of its forms. */
async function act(client: TestClient, id: string, action: string, form: Record<string, string> = {}) {
  await client.get(`/referrals/${id}`);
  return client.post(`/referrals/${id}/${action}`, form);
}

beforeAll(async () => {
  t = await createTestApp({ seed: true });
  [desk, cpia, asl, trainer] = await Promise.all([signIn(t.app, DESK), signIn(t.app, CPIA), signIn(t.app, ASL), signIn(t.app, CPIA_TRAINER)]);
  courseId = (await rows<{ id: string }>(db(), sql`SELECT service_id AS id FROM dir_published_services WHERE name = ${COURSE}`))[0]!.id;
}, 60_000);
afterAll(() => t?.close());

describe('sending a referral', () => {
  it('reaches the CPIA: its inbox, a notification, an e-mail to its operator — and no personal data outside the referral', async () => {
    const mailsBefore = await lastMailId();
    const subject = { module: 'desk', id: crypto.randomUUID() };
    const id = await send({ subject });

    // Stored sealed: the person's data is nowhere in clear.
    const [stored] = await rows<{ shared_data_enc: string; note_enc: string; to_organization_id: string; answer_by: Date | string; sent_at: Date | string }>(
      db(),
      sql`SELECT shared_data_enc, note_enc, to_organization_id, answer_by, sent_at FROM referrals WHERE id = ${id}`,
    );
    expect(stored!.shared_data_enc).toMatch(/^v2\./);
    expect(stored!.shared_data_enc).not.toContain('Amina');
    expect(stored!.note_enc).toMatch(/^v2\./);
    expect(stored!.to_organization_id).toBe((await actor(CPIA)).organizationId);
    // Five working days (weekends and holidays skipped: working-days.test.ts), at the same time of day.
    expect(new Date(stored!.answer_by).toISOString()).toBe(addWorkingDays(new Date(stored!.sent_at), 5).toISOString());

    // The audit event, with which fields were shared but not their values.
    const [audit] = await rows<{ details: Record<string, unknown>; actor_org_id: string }>(db(), sql`SELECT details, actor_org_id FROM audit_events WHERE action = 'referral.sent' AND entity_id = ${id}`);
    expect(audit!.actor_org_id).toBe((await actor(DESK)).organizationId);
    expect(audit!.details).toMatchObject({ serviceId: courseId, subjectModule: 'desk', subjectId: subject.id, sharedFields: expect.arrayContaining(['displayName', 'phone', 'email']) });
    expect(JSON.stringify(audit!.details)).not.toMatch(/Amina|987 6543|elfassi/);

    // An e-mail to the CPIA's service operator (the only one there holding the inbox), in Italian, without the person.
    const toCpia = await mailsTo(CPIA, mailsBefore);
    expect(toCpia).toHaveLength(1);
    expect(toCpia[0]!.subject).toBe(`Ponte: Nuova segnalazione per «${COURSE}» da Prefettura di Barletta-Andria-Trani`);
    expect(toCpia[0]!.text_body).toContain(`http://ponte.test/referrals/${id}`);
    expect(toCpia[0]!.text_body).toContain('Gentile Rosa Lamanna');
    for (const personal of ['Amina', 'El Fassi', '987 6543', 'elfassi', 'Corso serale', 'francese']) expect(toCpia[0]!.text_body).not.toContain(personal);
    expect(await mailsTo(CPIA_TRAINER, mailsBefore)).toHaveLength(0);
    expect(await count(sql`SELECT count(*)::int AS n FROM notification_mails WHERE sent_at IS NULL`)).toBe(0);

    // The inbox lists it, without the person's name (that is on the referral's page, where reading is recorded).
    const inbox = await cpia.get('/referrals');
    expect(inbox.statusCode).toBe(200);
    expect(inbox.body).toContain(`href="/referrals/${id}"`);
    expect(inbox.body).toContain('Prefettura di Barletta-Andria-Trani');
    expect(inbox.body).toContain('Lingua italiana');
    expect(inbox.body).not.toContain('Amina');
    expect(inbox.body).toMatch(/Ricevute \(\d+ da rispondere\)/);

    // The notification, and its count in the navigation.
    const notifications = await cpia.get('/notifications');
    expect(notifications.statusCode).toBe(200);
    expect(notifications.body).toContain(`href="/referrals/${id}"`);
    expect(notifications.body).toContain('Nuova segnalazione per «Corso di lingua italiana (livelli A1 e A2) - Andria» da Prefettura di Barletta-Andria-Trani'.replace(/'/g, '&#39;'));
    expect(notifications.body).toMatch(/Notifiche \(\d+ nuov[ae]\)/);
    // The CPIA's trainer works there but does not handle referrals: not told.
    expect((await trainer.get('/notifications')).body).not.toContain(`/referrals/${id}`);

    // The desk sees it among those it sent.
    const sent = await desk.get('/referrals/sent');
    expect(sent.body).toContain(`href="/referrals/${id}"`);
    expect(sent.body).toContain(CPIA_NAME.replace(/'/g, '&#39;'));
  });

  it('is refused for a service that is not published, and nothing is written', async () => {
    const [inReview] = await rows<{ id: string }>(db(), sql`SELECT id FROM dir_services WHERE name = 'Ufficio cittadinanza'`);
    const before = await count(sql`SELECT count(*)::int AS n FROM referrals`);
    const auditBefore = await count(sql`SELECT count(*)::int AS n FROM audit_events`);
    for (const toServiceId of [inReview!.id, '00000000-0000-4000-8000-000000000000', 'not-a-uuid']) {
      const error = await send({ toServiceId }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReferralError);
      expect((error as ReferralError).messageKey).toBe('referrals.error.unpublished');
    }
    expect(await count(sql`SELECT count(*)::int AS n FROM referrals`)).toBe(before);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_events`)).toBe(auditBefore);
    // The message exists, translated, in every language.
    for (const locale of ['it', 'en', 'fr', 'ar']) {
      const text = t.app.i18n.translator(locale).t('referrals.error.unpublished');
      expect(text).not.toBe('referrals.error.unpublished');
    }
  });
});

describe('what the receiver sees of the person', () => {
  it('is the shared data, and only that; every reading is audited', async () => {
    const subjectId = crypto.randomUUID();
    const id = await send({ subject: { module: 'desk', id: subjectId } });
    const readsBefore = await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'referral.read' AND entity_id = ${id}`);
    const page = await cpia.get(`/referrals/${id}`);
    expect(page.statusCode).toBe(200);
    for (const shown of ['Amina El Fassi', '+39 333 987 6543', 'amina.elfassi@example.org', 'francese, arabo', 'Andria', 'Corso serale, ha due figli piccoli.']) {
      expect(page.body).toContain(shown);
    }
    expect(page.body).toContain('Parla bene francese, legge poco l’italiano.');
    // Not the sending module's record: the receiver cannot even learn which record it is.
    expect(page.body).not.toContain(subjectId);
    const [read] = await rows<{ actor_user_id: string; details: { side: string } }>(
      db(),
      sql`SELECT actor_user_id, details FROM audit_events WHERE action = 'referral.read' AND entity_id = ${id} ORDER BY id DESC LIMIT 1`,
    );
    expect(read!.actor_user_id).toBe((await actor(CPIA)).userId);
    expect(read!.details.side).toBe('receiver');
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'referral.read' AND entity_id = ${id}`)).toBe(readsBefore + 1);

    // With consent to share the name only, the page shows the name only.
    const minimal = await send({ shared: { displayName: 'Omar Benali' }, note: null });
    const minimalPage = await cpia.get(`/referrals/${minimal}`);
    const person = /<dl class="row" id="shared-data">([\s\S]*?)<\/dl>/.exec(minimalPage.body)![1]!;
    expect(person.match(/<dt/g)).toHaveLength(1);
    expect(person).toContain('Omar Benali');
    expect(minimalPage.body).not.toContain('Nota di chi invia');
  });
});

describe('the lifecycle, through the pages', () => {
  it('accepted, in progress, completed with "enrolled": the desk sees the loop close', async () => {
    const subject = { module: 'desk', id: crypto.randomUUID() };
    const id = await send({ subject });
    const mailsBefore = await lastMailId();

    const accepted = await act(cpia, id, 'accept', { acceptNote: 'Test di ingresso martedì alle 16.' });
    expect(accepted.statusCode).toBe(303);
    expect(accepted.headers.location).toBe(`/referrals/${id}`);
    expect(await statusOf(id)).toBe('accepted');
    const after = await cpia.get(`/referrals/${id}`);
    expect(after.body).toContain('Segnalazione accettata. Chi l&#39;ha inviata ne è stato informato.');
    expect(after.body).toContain('Test di ingresso martedì alle 16.');
    // The desk is told, by notification and e-mail.
    const toDesk = await mailsTo(DESK, mailsBefore);
    expect(toDesk.map((m) => m.subject)).toEqual([`Ponte: ${CPIA_NAME} ha accettato la segnalazione per «${COURSE}»`]);

    expect((await act(cpia, id, 'start')).statusCode).toBe(303);
    expect(await statusOf(id)).toBe('in_progress');
    expect((await act(cpia, id, 'complete', { completeOutcome: 'enrolled' })).statusCode).toBe(303);
    expect(await statusOf(id)).toBe('completed');

    // The history: who, which organization, from → to, the outcome; one audit event per change.
    const events = await rows<{ from_status: string | null; to_status: string; reason: string | null; actor_organization_id: string }>(
      db(),
      sql`SELECT from_status, to_status, reason, actor_organization_id FROM referral_events WHERE referral_id = ${id} ORDER BY id`,
    );
    const cpiaOrg = (await actor(CPIA)).organizationId;
    expect(events).toEqual([
      { from_status: null, to_status: 'sent', reason: null, actor_organization_id: (await actor(DESK)).organizationId },
      { from_status: 'sent', to_status: 'accepted', reason: null, actor_organization_id: cpiaOrg },
      { from_status: 'accepted', to_status: 'in_progress', reason: null, actor_organization_id: cpiaOrg },
      { from_status: 'in_progress', to_status: 'completed', reason: 'enrolled', actor_organization_id: cpiaOrg },
    ]);
    const actions = await rows<{ action: string }>(db(), sql`SELECT action FROM audit_events WHERE entity_id = ${id} AND action <> 'referral.read' ORDER BY id`);
    expect(actions.map((a) => a.action)).toEqual(['referral.sent', 'referral.accepted', 'referral.started', 'referral.completed']);

    const page = await cpia.get(`/referrals/${id}`);
    expect(page.body).toContain('Completata');
    expect(page.body).toContain('Iscritta o iscritto');
    expect(page.body).toContain('Da «In corso» a «Completata»');
    expect(page.body).not.toContain('data-action=');

    // The closed loop, as the desk sees it: on its list and for the person's record.
    const sent = await desk.get('/referrals/sent?status=all');
    const row = new RegExp(`<tr[^>]*data-referral="${id}"[\\s\\S]*?</tr>`).exec(sent.body)![0];
    expect(row).toContain('Completata');
    expect(row).toContain('Iscritta o iscritto');
    const [summary] = await referralsForSubject(db(), subject);
    expect(summary).toMatchObject({ id, status: 'completed', outcome: 'enrolled', toOrganizationName: CPIA_NAME, serviceName: COURSE, overdue: false });
    expect(summary!.answeredAt).toBeInstanceOf(Date);
    expect(summary!.endedAt).toBeInstanceOf(Date);
    const deskNotifications = await desk.get('/notifications');
    expect(deskNotifications.body).toContain('ha completato la segnalazione');
  });

  it('refuses a second accept, and transitions the status does not allow, with a message and no change', async () => {
    const id = await send();
    expect((await act(cpia, id, 'accept')).statusCode).toBe(303);
    const events = await count(sql`SELECT count(*)::int AS n FROM referral_events WHERE referral_id = ${id}`);
    const changes = await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = ${id} AND action <> 'referral.read'`);

    const again = await act(cpia, id, 'accept');
    expect(again.statusCode).toBe(409);
    expect(again.body).toContain('Questa segnalazione ha già ricevuto una risposta: nulla è stato modificato.');
    const declineLate = await act(cpia, id, 'decline', { declineReason: 'no_capacity' });
    expect(declineLate.statusCode).toBe(409);
    // The sender cannot withdraw what was answered, nor accept on the receiver's behalf.
    expect((await act(desk, id, 'withdraw')).statusCode).toBe(409);
    const deskComplete = await act(desk, id, 'complete', { completeOutcome: 'enrolled' });
    expect(deskComplete.statusCode).toBe(409);
    expect(deskComplete.body).toContain('Questa azione non è possibile nello stato attuale della segnalazione');

    expect(await statusOf(id)).toBe('accepted');
    expect(await count(sql`SELECT count(*)::int AS n FROM referral_events WHERE referral_id = ${id}`)).toBe(events);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = ${id} AND action <> 'referral.read'`)).toBe(changes);

    // Completing needs an outcome of the right kind.
    const noOutcome = await act(cpia, id, 'complete', {});
    expect(noOutcome.statusCode).toBe(422);
    expect(noOutcome.body).toContain('id="completeOutcome-error"');
    expect((await act(cpia, id, 'complete', { completeOutcome: 'no_show' })).statusCode).toBe(422);
    expect(await statusOf(id)).toBe('accepted');
  });

  it('a decline needs a reason (and a note for "other"); a withdrawal is the sender\'s, while the referral waits', async () => {
    const declined = await send();
    const noReason = await act(cpia, declined, 'decline', { declineNote: 'Nessun posto' });
    expect(noReason.statusCode).toBe(422);
    expect(noReason.body).toContain('id="declineReason-error"');
    // What was typed is still there.
    expect(noReason.body).toContain('Nessun posto</textarea>');
    const otherWithoutNote = await act(cpia, declined, 'decline', { declineReason: 'other' });
    expect(otherWithoutNote.statusCode).toBe(422);
    expect(otherWithoutNote.body).toContain('Con «Altro» scrivi una breve spiegazione.');
    expect(await statusOf(declined)).toBe('sent');
    expect((await act(cpia, declined, 'decline', { declineReason: 'no_capacity', declineNote: 'Corso pieno fino a marzo.' })).statusCode).toBe(303);
    expect(await statusOf(declined)).toBe('declined');
    const [row] = await rows<{ decline_reason: string; ended_at: unknown }>(db(), sql`SELECT decline_reason, ended_at FROM referrals WHERE id = ${declined}`);
    expect(row).toMatchObject({ decline_reason: 'no_capacity' });
    expect(row!.ended_at).not.toBeNull();
    const deskView = await desk.get(`/referrals/${declined}`);
    expect(deskView.body).toContain('Nessun posto disponibile');
    expect(deskView.body).toContain('Corso pieno fino a marzo.');

    const withdrawn = await send();
    expect((await act(cpia, withdrawn, 'withdraw')).statusCode).toBe(409);
    const mailsBefore = await lastMailId();
    expect((await act(desk, withdrawn, 'withdraw', { withdrawNote: 'La persona si è trasferita.' })).statusCode).toBe(303);
    expect(await statusOf(withdrawn)).toBe('withdrawn');
    expect((await mailsTo(CPIA, mailsBefore)).map((m) => m.subject)).toEqual([`Ponte: Prefettura di Barletta-Andria-Trani ha ritirato la segnalazione per «${COURSE}»`]);
    expect((await act(cpia, withdrawn, 'accept')).statusCode).toBe(409);
  });

  it('lets only one of two simultaneous accepts win', async () => {
    const id = await send();
    const as = await actor(CPIA);
    const results = await Promise.allSettled(
      [1, 2].map(() => db().transaction((tx) => changeReferralStatus(tx, kernel(), as, { referralId: id, action: 'accept' }))),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refused = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(refused.reason).toBeInstanceOf(ReferralError);
    expect((refused.reason as ReferralError).code).toBe('alreadyAnswered');
    expect(await count(sql`SELECT count(*)::int AS n FROM referral_events WHERE referral_id = ${id} AND to_status = 'accepted'`)).toBe(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE entity_id = ${id} AND action = 'referral.accepted'`)).toBe(1);
  });
});

describe('record scope', () => {
  it('hides a referral from any organization but its two sides: 404, never 403', async () => {
    const id = await send();
    const page = await asl.get(`/referrals/${id}`);
    expect(page.statusCode).toBe(404);
    expect(page.body).not.toContain('Amina');
    expect((await act(asl, id, 'accept')).statusCode).toBe(404);
    expect(await statusOf(id)).toBe('sent');
    expect((await asl.get('/referrals')).body).not.toContain(id);
    expect((await asl.get('/referrals/sent?status=all')).body).not.toContain(id);
    expect((await asl.get('/notifications')).body).not.toContain(id);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'referral.read' AND entity_id = ${id}`)).toBe(0);
    // Ids that do not exist, or are not ids at all, look the same.
    expect((await asl.get('/referrals/00000000-0000-4000-8000-000000000000')).statusCode).toBe(404);
    expect((await asl.get('/referrals/1')).statusCode).toBe(404);
    // The CPIA's notification cannot be touched from the ASL either.
    const [notification] = await rows<{ id: string }>(db(), sql`SELECT id FROM notifications WHERE link = ${`/referrals/${id}`}`);
    await asl.get('/notifications');
    expect((await asl.post(`/notifications/${notification!.id}/read`)).statusCode).toBe(404);
    // An operator without the referrals' permission is refused the pages themselves.
    expect((await trainer.get('/referrals')).statusCode).toBe(403);
  });
});

describe('notifications', () => {
  it('are marked read for the whole organization, one or all, and the navigation counts the unread', async () => {
    await send();
    const unreadOf = async (client: TestClient) => {
      const html = (await client.get('/dashboard')).body;
      const m = /Notifiche(?: \((\d+) nuov[ae]\))?/.exec(html);
      return Number(m?.[1] ?? 0);
    };
    const before = await unreadOf(cpia);
    expect(before).toBeGreaterThan(0);
    const list = await cpia.get('/notifications?unread=1');
    const first = /action="\/notifications\/([0-9a-f-]{36})\/read"/.exec(list.body)![1]!;
    expect((await cpia.post(`/notifications/${first}/read`)).statusCode).toBe(303);
    expect(await unreadOf(cpia)).toBe(before - 1);
    const [read] = await rows<{ read_by: string }>(db(), sql`SELECT read_by FROM notifications WHERE id = ${first}`);
    expect(read!.read_by).toBe((await actor(CPIA)).userId);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'notification.read' AND entity_id = ${first}`)).toBe(1);

    await cpia.get('/notifications');
    expect((await cpia.post('/notifications/read-all')).statusCode).toBe(303);
    expect(await unreadOf(cpia)).toBe(0);
    expect((await cpia.get('/notifications?unread=1')).body).toContain('Nessuna notifica da leggere.');
    // The desk's own notifications are untouched by the CPIA's reading.
    expect(await count(sql`SELECT count(*)::int AS n FROM notifications n JOIN users u ON u.organization_id = n.organization_id WHERE u.email = ${DESK} AND n.read_at IS NULL`)).toBeGreaterThan(0);
  });
});

describe('reminders', () => {
  it('remind the receiver and tell the sender when the answer is late; again only after some days; never once answered', async () => {
    const answerBy = new Date(Date.now() + 86_400_000);
    const id = await send({ answerBy });
    const remindersOf = async () => (await rows<{ reminder_count: number }>(db(), sql`SELECT reminder_count FROM referrals WHERE id = ${id}`))[0]!.reminder_count;
    const notificationsOf = (key: string) => count(sql`SELECT count(*)::int AS n FROM notifications WHERE link = ${`/referrals/${id}`} AND message_key = ${key}`);

    await remindOverdueReferrals(kernel(), new Date(answerBy.getTime() - 60_000));
    expect(await remindersOf()).toBe(0);

    const mailsBefore = await lastMailId();
    const late = new Date(answerBy.getTime() + 2 * 86_400_000 + 3_600_000);
    const first = await remindOverdueReferrals(kernel(), late);
    expect(first.reminded).toBeGreaterThanOrEqual(1);
    expect(await remindersOf()).toBe(1);
    expect(await notificationsOf('referrals.notify.reminder')).toBe(1);
    expect(await notificationsOf('referrals.notify.late')).toBe(1);
    const toCpia = (await mailsTo(CPIA, mailsBefore)).filter((m) => m.text_body.includes(`/referrals/${id}`));
    expect(toCpia.map((m) => m.subject)).toEqual([
      `Ponte: Promemoria: la segnalazione per «${COURSE}» da Prefettura di Barletta-Andria-Trani attende una risposta da 3 giorni oltre la scadenza`,
    ]);
    const toDesk = (await mailsTo(DESK, mailsBefore)).filter((m) => m.text_body.includes(`/referrals/${id}`));
    expect(toDesk).toHaveLength(1);
    expect(await count(sql`SELECT count(*)::int AS n FROM audit_events WHERE action = 'referral.reminded' AND entity_id = ${id}`)).toBe(1);

    // Not again the next day...
    await remindOverdueReferrals(kernel(), new Date(late.getTime() + 86_400_000));
    expect(await remindersOf()).toBe(1);
    // ...but after REMIND_AGAIN_AFTER_DAYS days without an answer.
    await remindOverdueReferrals(kernel(), new Date(late.getTime() + REMIND_AGAIN_AFTER_DAYS * 86_400_000 + 60_000));
    expect(await remindersOf()).toBe(2);

    // Answered: no more reminders, however late.
    expect((await act(cpia, id, 'accept')).statusCode).toBe(303);
    await remindOverdueReferrals(kernel(), new Date(late.getTime() + 30 * 86_400_000));
    expect(await remindersOf()).toBe(2);
    expect(await notificationsOf('referrals.notify.reminder')).toBe(2);
  });

  it('highlight late referrals in the inbox', async () => {
    const id = await send({ answerBy: new Date(Date.now() - 3_600_000) });
    const inbox = await cpia.get('/referrals');
    const row = new RegExp(`<tr class="table-warning" data-referral="${id}"[\\s\\S]*?</tr>`).exec(inbox.body);
    expect(row?.[0]).toContain('In ritardo');
    expect(inbox.body).toMatch(/segnalazion[ei] attend[eo]n?o? una risposta oltre la scadenza/);
  });
});

describe('the audit log', () => {
  it('is still an unbroken chain after all of this', async () => {
    expect((await verifyAuditChain(db())).ok).toBe(true);
  });
});
