// Integrated case handling: opening a case from a person's record, the case plan and its changes, the cases
// an operator is on the team of, and the "possible victim of trafficking or exploitation" flag.
// Record scope: a case this operator may not see does not exist (404, never 403), on pages and actions alike.
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Kernel } from '../../kernel/kernel.js';
import { actorOf } from '../../kernel/kernel.js';
import type { Tx } from '../../kernel/db/client.js';
import { HttpError, route, uuidParam, type RouteDef } from '../../kernel/http/route.js';
import { parseForm } from '../../kernel/ui/form.js';
import type { FormState } from '../../kernel/ui/fields.js';
import { sendPage, viewOf } from '../../kernel/ui/view.js';
import { recordAudit } from '../../kernel/audit/audit.js';
import { deliverPendingMails } from '../referrals/index.js';
import { deskRepo, type DeskUser } from './desk.repo.js';
import { casesRepo, type CaseRow } from './cases.repo.js';
import { displayName, openPerson, type PersonRow } from './people.js';
import { CaseError, openCase } from './open-case.js';
import { addAction, addGoal, changeTeam, closeCase, closureNotePlace, flagReasonPlace, meetingNotesPlace, recordMeeting, setActionStatus, setGoalStatus } from './case-plan.js';
import { flagPossibleVictim, liveAntiTraffickingReferrals, previewAntiTraffickingReferral, sendCaseReferral, type AntiTraffickingReferral } from './flag-possible-victim.js';
import { todayInRome, ZAction, ZActionStatus, ZClose, ZFlag, ZGoal, ZGoalStatus, ZMeeting, ZReferralNote, ZTeam } from './case-forms.js';
import { CasePage, type CaseFormName } from './pages/case-page.js';
import { CaseOpenPage } from './pages/case-open-page.js';
import { CaseFlagPage } from './pages/case-flag-page.js';
import { CaseListPage } from './pages/case-list-page.js';

type Flash = { kind: 'success' | 'info' | 'warning'; key: string };

/** After the flag or a case's referral: what the case page says first. */
const REFERRAL_FLASH: Record<string, Flash> = {
  flaggedSent: { kind: 'success', key: 'cases.flash.flaggedSent' },
  flaggedNoConsent: { kind: 'warning', key: 'cases.flash.flaggedNoConsent' },
  flaggedNoService: { kind: 'warning', key: 'cases.flash.flaggedNoService' },
  flaggedServiceUnavailable: { kind: 'warning', key: 'cases.flash.flaggedServiceUnavailable' },
  sent: { kind: 'success', key: 'cases.flash.referralSent' },
  noConsent: { kind: 'warning', key: 'cases.referral.notSent.noConsent' },
  noService: { kind: 'warning', key: 'cases.referral.notSent.noService' },
  serviceUnavailable: { kind: 'warning', key: 'cases.referral.notSent.serviceUnavailable' },
};

function referralFlash(result: AntiTraffickingReferral, afterFlag: boolean): Flash {
  if (afterFlag) {
    if (result.sent) return REFERRAL_FLASH.flaggedSent!;
    return REFERRAL_FLASH[{ noConsent: 'flaggedNoConsent', noService: 'flaggedNoService', serviceUnavailable: 'flaggedServiceUnavailable' }[result.reason]]!;
  }
  return REFERRAL_FLASH[result.sent ? 'sent' : result.reason]!;
}

export function caseRoutes(kernel: Kernel): RouteDef[] {
  const { db, crypto } = kernel;
  const notFound = () => new HttpError(404, 'errors.notFound.title');
  const deskUser = (req: FastifyRequest): DeskUser => ({ id: req.user!.id, organizationId: req.user!.organizationId });

  /** The route's person, if this operator may see them; otherwise 404. */
  async function visiblePerson(req: FastifyRequest): Promise<PersonRow> {
    const row = await deskRepo.findVisible(db, deskUser(req), uuidParam(req));
    if (!row || row.merged_into) throw notFound();
    return row;
  }

  /** The route's case, if this operator may see it; otherwise 404. */
  async function visibleCase(req: FastifyRequest, on: Parameters<typeof casesRepo.findVisible>[0] = db): Promise<CaseRow> {
    const found = await casesRepo.findVisible(on, deskUser(req), uuidParam(req));
    if (!found) throw notFound();
    return found;
  }

  /** Opens the person's name for a page, and records the reading in the same transaction. */
  async function personName(req: FastifyRequest, row: PersonRow, page: string): Promise<string> {
    return db.transaction(async (tx) => {
      await recordAudit(tx, actorOf(req), { action: 'desk.person.read', entityType: 'desk_person', entityId: row.id, details: { page } });
      return displayName(openPerson(crypto, row));
    });
  }

  async function renderCase(req: FastifyRequest, reply: FastifyReply, kase: CaseRow, extra: { forms?: Partial<Record<CaseFormName, FormState>>; errorKey?: string } = {}, status = 200) {
    // The person's name, the meetings' notes and the closure note are opened; the reading is recorded with them.
    const opened = await db.transaction(async (tx) => {
      const person = await casesRepo.person(tx, kase.personId);
      if (!person) throw notFound();
      const meetings = (await casesRepo.meetings(tx, kase.id)).map((m) => ({ ...m, notes: crypto.open(m.notesEnc, meetingNotesPlace(m.id)) }));
      const closureNote = kase.closureNoteEnc ? crypto.open(kase.closureNoteEnc, closureNotePlace(kase.id)) : null;
      const flagReason = kase.flag?.reasonEnc ? crypto.open(kase.flag.reasonEnc, flagReasonPlace(kase.id)) : null;
      await recordAudit(tx, actorOf(req), { action: 'desk.case.read', entityType: 'desk_case', entityId: kase.id, details: { person: kase.personId } });
      return { personName: displayName(openPerson(crypto, person)), meetings, closureNote, flagReason };
    });
    const isLead = kase.status === 'open' && kase.leadUserId === req.user!.id;
    const [members, goals, actions, organizations, candidates] = await Promise.all([
      casesRepo.members(db, kase.id),
      casesRepo.goals(db, kase.id),
      casesRepo.actions(db, kase.id),
      casesRepo.organizations(db),
      isLead ? casesRepo.candidates(db) : Promise.resolve([]),
    ]);
    let antiTrafficking = null;
    if (kase.restricted) {
      const { all, live } = await liveAntiTraffickingReferrals(db, kase.personId);
      const preview = live.length === 0 ? await previewAntiTraffickingReferral(db, kernel, kase.personId) : undefined;
      antiTrafficking = { referrals: all, blocked: preview && 'notSent' in preview ? preview.notSent : null };
    }
    return sendPage(
      reply,
      CasePage({
        view: viewOf(req, reply),
        kase,
        personName: opened.personName,
        members,
        goals,
        actions,
        meetings: opened.meetings,
        closureNote: opened.closureNote,
        flagReason: opened.flagReason,
        organizations,
        candidates,
        antiTrafficking,
        today: todayInRome(),
        forms: extra.forms ?? {},
        errorKey: extra.errorKey,
      }),
      status,
    );
  }

  /**
   * A change to a case from one of its page's forms: 404 outside the case's scope; the form again with its
   * errors (400); the page with the reason when refused (409, nothing written); else back to the case page.
   */
  function caseChange<S extends z.ZodType>(
    url: string,
    formName: CaseFormName,
    schema: S,
    act: (tx: Tx, req: FastifyRequest, kase: CaseRow, data: z.output<S>) => Promise<Flash | void>,
    flash: Flash,
  ): RouteDef {
    return route({
      method: 'POST',
      url,
      permission: 'desk.cases',
      handler: async (req, reply) => {
        const kase = await visibleCase(req);
        const parsed = parseForm(schema, req.body);
        if (!parsed.ok) return renderCase(req, reply, kase, { forms: { [formName]: { values: parsed.values, errors: parsed.errors } } }, 400);
        let shown: Flash = flash;
        try {
          shown =
            (await db.transaction(async (tx) => {
              await casesRepo.lock(tx, kase.id);
              return act(tx, req, await visibleCase(req, tx), parsed.data);
            })) ?? flash;
        } catch (err) {
          if (!(err instanceof CaseError)) throw err;
          return renderCase(req, reply, await visibleCase(req), { errorKey: err.messageKey, forms: { [formName]: { values: parsed.values, errors: {} } } }, 409);
        }
        // The e-mails a referral queued leave now that it is committed; a failure leaves them for the timer.
        await deliverPendingMails(kernel, { log: (err) => req.log.error({ err }, 'notification mail failed') }).catch((err: unknown) =>
          req.log.error({ err }, 'notification mails not delivered'),
        );
        req.session.set('flash', shown);
        return reply.redirect(`/desk/cases/${kase.id}`, 303);
      },
    });
  }

  const actorFor = (req: FastifyRequest) => actorOf(req);

  return [
    route({
      method: 'GET',
      url: '/desk/cases',
      permission: 'desk.cases',
      handler: async (req, reply) => {
        const found = await casesRepo.listForMember(db, deskUser(req), todayInRome());
        const cases = await db.transaction(async (tx) => {
          if (found.length > 0) {
            await recordAudit(tx, actorOf(req), { action: 'desk.case.listed', entityType: 'desk_case', details: { cases: found.map((c) => c.id) } });
          }
          return found.map((c) => ({ ...c, personName: displayName(openPerson(crypto, c.person)) }));
        });
        return sendPage(reply, CaseListPage({ view: viewOf(req, reply), cases }));
      },
    }),
    route({
      method: 'GET',
      url: '/desk/cases/:id',
      permission: 'desk.cases',
      handler: async (req, reply) => renderCase(req, reply, await visibleCase(req)),
    }),
    caseChange('/desk/cases/:id/goals', 'goal', ZGoal, async (tx, req, kase, d) => void (await addGoal(tx, actorFor(req), kase, d.goalTitle)), {
      kind: 'success',
      key: 'cases.flash.goalAdded',
    }),
    caseChange(
      '/desk/cases/:id/goals/:goalId',
      'goal',
      ZGoalStatus,
      async (tx, req, kase, d) => setGoalStatus(tx, actorFor(req), kase, uuidParam(req, 'goalId'), d.status),
      { kind: 'success', key: 'cases.flash.saved' },
    ),
    caseChange(
      '/desk/cases/:id/actions',
      'action',
      ZAction,
      async (tx, req, kase, d) =>
        void (await addAction(tx, actorFor(req), kase, {
          description: d.actionDescription,
          responsibleOrganizationId: d.actionOrganization,
          dueOn: d.actionDue,
          goalId: d.actionGoal,
        })),
      { kind: 'success', key: 'cases.flash.actionAdded' },
    ),
    caseChange(
      '/desk/cases/:id/actions/:actionId',
      'action',
      ZActionStatus,
      async (tx, req, kase, d) => setActionStatus(tx, actorFor(req), kase, uuidParam(req, 'actionId'), d.status),
      { kind: 'success', key: 'cases.flash.saved' },
    ),
    caseChange(
      '/desk/cases/:id/meetings',
      'meeting',
      ZMeeting,
      async (tx, req, kase, d) => void (await recordMeeting(tx, crypto, actorFor(req), kase, { heldOn: d.meetingDate, participants: d.meetingParticipants, notes: d.meetingNotes })),
      { kind: 'success', key: 'cases.flash.meetingRecorded' },
    ),
    caseChange('/desk/cases/:id/team', 'team', ZTeam, async (tx, req, kase, d) => changeTeam(tx, actorFor(req), kase, d.members), {
      kind: 'success',
      key: 'cases.flash.teamChanged',
    }),
    caseChange('/desk/cases/:id/close', 'close', ZClose, async (tx, req, kase, d) => closeCase(tx, crypto, actorFor(req), kase, { outcome: d.closeOutcome, note: d.closeNote }), {
      kind: 'success',
      key: 'cases.flash.closed',
    }),
    caseChange(
      '/desk/cases/:id/anti-trafficking',
      'referral',
      ZReferralNote,
      async (tx, req, kase, d) => referralFlash(await sendCaseReferral(tx, kernel, actorFor(req), kase, d.referralNote), false),
      REFERRAL_FLASH.sent!,
    ),

    // Opening a case, from the person's record.
    route({
      method: 'GET',
      url: '/desk/people/:id/cases/new',
      permission: 'desk.people',
      handler: async (req, reply) => {
        const person = await visiblePerson(req);
        const [name, candidates, open] = await Promise.all([personName(req, person, 'open-case'), casesRepo.candidates(db), casesRepo.openCaseOfPerson(db, person.id)]);
        return sendPage(
          reply,
          CaseOpenPage({
            view: viewOf(req, reply),
            personId: person.id,
            personName: name,
            candidates,
            form: { values: {}, errors: {} },
            ...(open ? { errorKey: 'cases.error.alreadyOpen', existingCaseId: open.id, showForm: false } : {}),
          }),
        );
      },
    }),
    route({
      method: 'POST',
      url: '/desk/people/:id/cases',
      permission: 'desk.people',
      handler: async (req, reply) => {
        const person = await visiblePerson(req);
        const parsed = parseForm(ZTeam, req.body);
        const again = async (form: FormState, status: number, error?: CaseError) =>
          sendPage(
            reply,
            CaseOpenPage({
              view: viewOf(req, reply),
              personId: person.id,
              personName: await personName(req, person, 'open-case'),
              candidates: await casesRepo.candidates(db),
              form,
              errorKey: error?.messageKey,
              existingCaseId: error?.caseId,
              showForm: error?.code !== 'alreadyOpen',
            }),
            status,
          );
        if (!parsed.ok) return again({ values: parsed.values, errors: parsed.errors }, 400);
        let caseId: string;
        try {
          caseId = await db.transaction((tx) => openCase(tx, deskUser(req), actorOf(req), { personId: person.id, memberIds: parsed.data.members }));
        } catch (err) {
          if (!(err instanceof CaseError)) throw err;
          return again({ values: parsed.values, errors: {} }, 409, err);
        }
        req.session.set('flash', { kind: 'success', key: 'cases.flash.opened' });
        return reply.redirect(`/desk/cases/${caseId}`, 303);
      },
    }),

    // The possible-victim flag, from the person's record.
    route({
      method: 'GET',
      url: '/desk/people/:id/flag',
      permission: 'desk.people',
      handler: async (req, reply) => renderFlag(req, reply, await visiblePerson(req), { values: {}, errors: {} }),
    }),
    route({
      method: 'POST',
      url: '/desk/people/:id/flag',
      permission: 'desk.people',
      handler: async (req, reply) => {
        const person = await visiblePerson(req);
        const parsed = parseForm(ZFlag, req.body);
        if (!parsed.ok) return renderFlag(req, reply, person, { values: parsed.values, errors: parsed.errors }, 400);
        let result;
        try {
          result = await db.transaction((tx) =>
            flagPossibleVictim(tx, kernel, deskUser(req), actorOf(req), { personId: person.id, memberIds: parsed.data.members, reason: parsed.data.reason }),
          );
        } catch (err) {
          if (!(err instanceof CaseError)) throw err;
          return renderFlag(req, reply, person, { values: parsed.values, errors: {} }, 409, err);
        }
        await deliverPendingMails(kernel, { log: (err) => req.log.error({ err }, 'notification mail failed') }).catch((err: unknown) =>
          req.log.error({ err }, 'notification mails not delivered'),
        );
        req.session.set('flash', referralFlash(result.referral, true));
        return reply.redirect(`/desk/cases/${result.caseId}`, 303);
      },
    }),
  ];

  async function renderFlag(req: FastifyRequest, reply: FastifyReply, person: PersonRow, form: FormState, status = 200, error?: CaseError) {
    const [name, candidates, open, referral] = await Promise.all([
      personName(req, person, 'flag'),
      casesRepo.candidates(db),
      casesRepo.openCaseOfPerson(db, person.id),
      previewAntiTraffickingReferral(db, kernel, person.id),
    ]);
    const members = open ? await casesRepo.members(db, open.id) : [];
    const openCase = open ? { leadName: members.find((m) => m.userId === open.leadUserId)?.name ?? '', memberIds: members.map((m) => m.userId) } : undefined;
    const blocked = error ?? (open?.restricted ? new CaseError('alreadyRestricted', open.id) : undefined);
    return sendPage(
      reply,
      CaseFlagPage({
        view: viewOf(req, reply),
        personId: person.id,
        personName: name,
        candidates,
        openCase,
        referral,
        form,
        errorKey: blocked?.messageKey,
        existingCaseId: blocked?.caseId,
        showForm: blocked?.code !== 'alreadyRestricted',
      }),
      status,
    );
  }
}
