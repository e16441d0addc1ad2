// Demo case plans at the Prefettura's desk, through the same use cases the pages call: an open case with a
// team from the Comune di Barletta's social services and the ASL (goals, actions — one of them overdue —
// and a review meeting), an earlier case of the same person, closed; and a possible victim of labour
// exploitation whose restricted case has referred him to the anti-trafficking programme. The people are
// fictional; pass the ids of demo people to attach the cases to them, or they are recorded here.
import { sql } from 'drizzle-orm';
import type { Kernel } from '../src/kernel/kernel.js';
import type { Tx } from '../src/kernel/db/client.js';
import { rows } from '../src/kernel/db/client.js';
import type { AuditActor } from '../src/kernel/audit/audit.js';
import { recordConsent, recordPerson } from '../src/modules/desk/record-person.js';
import type { PersonData } from '../src/modules/desk/people.js';
import type { DeskUser } from '../src/modules/desk/desk.repo.js';
import { casesRepo } from '../src/modules/desk/cases.repo.js';
import { openCase } from '../src/modules/desk/open-case.js';
import { addAction, addGoal, closeCase, recordMeeting, setActionStatus } from '../src/modules/desk/case-plan.js';
import { flagPossibleVictim } from '../src/modules/desk/flag-possible-victim.js';
import { todayInRome } from '../src/modules/desk/case-forms.js';

const DESK = 'sportello@prefettura.example';
const SOCIAL = 'servizisociali@comune.barletta.example';
const ASL = 'cup@asl.example';

const PEOPLE: PersonData[] = [
  { givenName: 'Mariam', familyName: 'Diallo', birthDate: '1989-02-17', nationality: 'GN', languages: ['fr'], italianLevel: 'a1', municipalityCode: '110002' },
  { givenName: 'Rajib', familyName: 'Hossain', birthDate: '1994-11-05', nationality: 'BD', languages: ['bn', 'en'], phone: '+39 351 408 7721', municipalityCode: '110010' },
];

const GOALS = ['Alloggio stabile per la famiglia', 'Iscrizione dei figli alla scuola primaria'];
const CLOSED_GOAL = 'Rinnovo del permesso di soggiorno';
const ACTIONS = [
  { text: 'Domanda per il contributo affitto', org: 'Comune di Barletta', dueInDays: 14, goal: 0 },
  { text: 'Iscrizione al medico di base per i figli', org: 'ASL BT - Azienda Sanitaria Locale Barletta-Andria-Trani', dueInDays: -4, goal: null },
  { text: 'Colloquio con la scuola', org: 'Comune di Barletta', dueInDays: -10, goal: 1, done: true },
];
const MEETING = {
  participants: 'Sara Lomuscio (Prefettura), Angela Dimiccoli (Comune di Barletta), Giuseppe Musci (ASL BT)',
  notes: "La famiglia è ospite di un'amica fino a fine mese; il Comune verifica un posto nel progetto di housing sociale.",
};
const CLOSED_NOTE = 'Primo ciclo concluso: i documenti sono in regola.';
const FLAG_REASON = 'Lavora nei campi senza contratto, paga trattenuta dal caporale.';

/** The texts these cases show as they are (names, plan, notes), for the test of hard-coded strings. */
export const DEMO_CASE_TEXTS: string[] = [
  ...PEOPLE.map((p) => `${p.givenName} ${p.familyName}`),
  ...GOALS,
  CLOSED_GOAL,
  ...ACTIONS.map((a) => a.text),
  MEETING.participants,
  MEETING.notes,
  CLOSED_NOTE,
  FLAG_REASON,
];

const day = (offset: number) => todayInRome(new Date(Date.now() + offset * 86_400_000));

/** Loads the demo cases; returns their ids (open, closed, restricted). */
export async function seedDemoCases(kernel: Kernel, tx: Tx, people: string[] = []): Promise<{ open: string; closed: string; restricted: string }> {
  const accounts = await rows<{ id: string; email: string; organization_id: string }>(tx, sql`SELECT id, email, organization_id FROM users WHERE email IN (${DESK}, ${SOCIAL}, ${ASL})`);
  const who = (email: string) => accounts.find((a) => a.email === email)!;
  const desk = who(DESK);
  const lead: DeskUser = { id: desk.id, organizationId: desk.organization_id };
  const actor: AuditActor = { userId: desk.id, organizationId: desk.organization_id, ip: null };
  const orgs = new Map((await casesRepo.organizations(tx)).map((o) => [o.name, o.id]));

  const ids: string[] = [];
  for (const [i, data] of PEOPLE.entries()) {
    if (people[i]) {
      ids.push(people[i]);
      continue;
    }
    const id = await recordPerson(tx, kernel.crypto, lead, actor, data);
    await recordConsent(tx, actor, desk.id, id, { purposes: ['orientation', 'referral', 'case_handling'], organizationIds: [], sharesContact: false, givenHow: 'signed_form' });
    ids.push(id);
  }
  const team = [who(SOCIAL).id, who(ASL).id];
  const plan = async (caseId: string) => (await casesRepo.findVisible(tx, lead, caseId))!;

  // An earlier case of the same person, closed with its outcome.
  const closed = await openCase(tx, lead, actor, { personId: ids[0]!, memberIds: [who(SOCIAL).id] });
  await addGoal(tx, actor, await plan(closed), CLOSED_GOAL);
  await closeCase(tx, kernel.crypto, actor, await plan(closed), { outcome: 'goals_met', note: CLOSED_NOTE });

  const open = await openCase(tx, lead, actor, { personId: ids[0]!, memberIds: team });
  const goalIds: string[] = [];
  for (const title of GOALS) goalIds.push(await addGoal(tx, actor, await plan(open), title));
  for (const a of ACTIONS) {
    const actionId = await addAction(tx, actor, await plan(open), {
      description: a.text,
      responsibleOrganizationId: orgs.get(a.org)!,
      dueOn: day(a.dueInDays),
      goalId: a.goal === null ? undefined : goalIds[a.goal],
    });
    if (a.done) await setActionStatus(tx, actor, await plan(open), actionId, 'done');
  }
  await recordMeeting(tx, kernel.crypto, actor, await plan(open), { heldOn: day(-7), ...MEETING });

  const flagged = await flagPossibleVictim(tx, kernel, lead, actor, { personId: ids[1]!, memberIds: [who(SOCIAL).id], reason: FLAG_REASON });
  return { open, closed, restricted: flagged.caseId };
}
