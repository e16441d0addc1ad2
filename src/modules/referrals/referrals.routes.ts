// The referrals' pages: the organization's inbox of referrals received, the referrals it sent (the closed
// loop), and one referral with the actions its status allows. Record scope: only the sending and the
// receiving organizations see a referral; for anyone else it does not exist (404, never 403).
import { z } from 'zod';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Kernel } from '../../kernel/kernel.js';
import { actorOf } from '../../kernel/kernel.js';
import { HttpError, route, uuidParam, type RouteDef } from '../../kernel/http/route.js';
import { parseForm, zOptionalText, type FieldErrors, type FormValues } from '../../kernel/ui/form.js';
import type { FormState } from '../../kernel/ui/fields.js';
import { sendPage, viewOf } from '../../kernel/ui/view.js';
import { deliverPendingMails } from '../../kernel/notify/notify.js';
import {
  allowedActions,
  CLOSING_OUTCOMES,
  COMPLETION_OUTCOMES,
  DECLINE_REASONS,
  NOTE_MAX,
  REFERRAL_STATUSES,
  ReferralError,
  type ReferralAction,
  type Side,
} from './referral-status.js';
import { referralsRepo, type ReferralRow, type StatusFilter } from './referrals.repo.js';
import { changeReferralStatus, type ChangeReferralInput } from './change-referral-status.js';
import { readReferral } from './read-referral.js';
import { ReferralListPage, type Box } from './pages/list-pages.js';
import { ReferralPage } from './pages/referral-page.js';

const PAGE_SIZE = 50;

const ZListQuery = z.object({
  status: z.enum(['open', 'all', ...REFERRAL_STATUSES]).catch('open'),
  page: z.coerce.number().int().min(1).max(10_000).catch(1),
});

/** Each action's form: its fields have their own names, as the page shows several forms at once. */
const FORMS = {
  accept: z.object({ acceptNote: zOptionalText(NOTE_MAX) }),
  decline: z.object({ declineReason: z.enum(DECLINE_REASONS), declineNote: zOptionalText(NOTE_MAX) }),
  start: z.object({}),
  complete: z.object({ completeOutcome: z.enum(COMPLETION_OUTCOMES), completeNote: zOptionalText(NOTE_MAX) }),
  close: z.object({ closeOutcome: z.enum(CLOSING_OUTCOMES), closeNote: zOptionalText(NOTE_MAX) }),
  withdraw: z.object({ withdrawNote: zOptionalText(NOTE_MAX) }),
} as const;

const FLASH_KEYS: Record<ReferralAction, string> = {
  accept: 'referrals.flash.accepted',
  decline: 'referrals.flash.declined',
  start: 'referrals.flash.started',
  complete: 'referrals.flash.completed',
  close: 'referrals.flash.closed',
  withdraw: 'referrals.flash.withdrawn',
};

/** The use case's input from a valid form, or the errors to show next to its fields. */
function inputOf(action: ReferralAction, referralId: string, body: unknown): { ok: true; input: ChangeReferralInput } | { ok: false; form: FormState } {
  const parsed = parseForm(FORMS[action] as z.ZodType<Record<string, string | undefined>>, body);
  if (!parsed.ok) return { ok: false, form: { values: parsed.values, errors: parsed.errors } };
  const d = parsed.data;
  const needsNote = (code: string | undefined, noteField: string): FieldErrors =>
    code === 'other' && !d[noteField] ? { [noteField]: { key: 'referrals.validation.noteRequired' } } : {};
  const invalid = (errors: FieldErrors, values: FormValues) => (Object.keys(errors).length > 0 ? { ok: false as const, form: { values, errors } } : undefined);
  switch (action) {
    case 'accept':
      return { ok: true, input: { referralId, action, note: d.acceptNote } };
    case 'decline':
      return invalid(needsNote(d.declineReason, 'declineNote'), parsed.values) ?? { ok: true, input: { referralId, action, reason: d.declineReason as ChangeReferralInput['reason'], note: d.declineNote } };
    case 'start':
      return { ok: true, input: { referralId, action } };
    case 'complete':
      return invalid(needsNote(d.completeOutcome, 'completeNote'), parsed.values) ?? { ok: true, input: { referralId, action, outcome: d.completeOutcome as ChangeReferralInput['outcome'], note: d.completeNote } };
    case 'close':
      return invalid(needsNote(d.closeOutcome, 'closeNote'), parsed.values) ?? { ok: true, input: { referralId, action, outcome: d.closeOutcome as ChangeReferralInput['outcome'], note: d.closeNote } };
    case 'withdraw':
      return { ok: true, input: { referralId, action, note: d.withdrawNote } };
  }
}

export function referralsRoutes(kernel: Kernel): RouteDef[] {
  const { db } = kernel;
  const notFound = () => new HttpError(404, 'errors.notFound.title');

  /** The route's referral, if the operator's organization sent or received it; otherwise 404. */
  async function referralInScope(req: FastifyRequest): Promise<ReferralRow> {
    const referral = await referralsRepo.findForOrganization(db, uuidParam(req), req.user!.organizationId);
    if (!referral) throw notFound();
    return referral;
  }

  const sidesOf = (req: FastifyRequest, r: ReferralRow): Side[] => [
    ...(r.toOrganizationId === req.user!.organizationId ? (['receiver'] as const) : []),
    ...(r.fromOrganizationId === req.user!.organizationId ? (['sender'] as const) : []),
  ];

  async function renderReferral(
    req: FastifyRequest,
    reply: FastifyReply,
    referral: ReferralRow,
    extra: { forms?: Partial<Record<ReferralAction, FormState>>; errorKey?: string } = {},
    status = 200,
  ) {
    // Opening the person's data is recorded, in the same transaction as the read.
    const opened = await db.transaction((tx) => readReferral(tx, kernel, actorOf(req), referral));
    const municipalityName = opened.shared.municipalityCode ? await referralsRepo.municipalityName(db, opened.shared.municipalityCode) : undefined;
    return sendPage(
      reply,
      ReferralPage({
        view: viewOf(req, reply),
        referral,
        shared: opened.shared,
        municipalityName,
        note: opened.note,
        history: opened.history,
        actions: allowedActions(referral.status, sidesOf(req, referral)),
        forms: extra.forms ?? {},
        errorKey: extra.errorKey,
        now: new Date(),
      }),
      status,
    );
  }

  async function renderList(req: FastifyRequest, reply: FastifyReply, box: Box) {
    const query = ZListQuery.parse(req.query ?? {});
    const organizationId = req.user!.organizationId;
    const now = new Date();
    const options = { status: query.status as StatusFilter, page: query.page, pageSize: PAGE_SIZE };
    const [{ rows, total }, counts] = await Promise.all([
      box === 'received' ? referralsRepo.listReceived(db, organizationId, options) : referralsRepo.listSent(db, organizationId, options),
      referralsRepo.waitingCounts(db, organizationId, now),
    ]);
    const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
    return sendPage(reply, ReferralListPage({ view: viewOf(req, reply), box, rows, total, page: Math.min(query.page, pages), pages, status: options.status, counts, now }));
  }

  const actionRoute = (action: ReferralAction) =>
    route({
      method: 'POST',
      url: `/referrals/:id/${action}`,
      permission: 'referrals.inbox',
      handler: async (req, reply) => {
        const referral = await referralInScope(req);
        const parsed = inputOf(action, referral.id, req.body);
        if (!parsed.ok) return renderReferral(req, reply, referral, { forms: { [action]: parsed.form } }, 422);
        try {
          await db.transaction((tx) => changeReferralStatus(tx, kernel, actorOf(req), parsed.input));
        } catch (err) {
          if (!(err instanceof ReferralError)) throw err;
          if (err.code === 'notFound') throw notFound();
          // Refused (answered meanwhile, or not allowed in this status): the page as it is now, and why.
          const current = await referralInScope(req);
          return renderReferral(req, reply, current, { errorKey: err.messageKey }, 409);
        }
        // The e-mails the change queued leave now that it is committed; a failure leaves them for the timer.
        await deliverPendingMails(kernel, { log: (err) => req.log.error({ err }, 'notification mail failed') }).catch((err: unknown) =>
          req.log.error({ err }, 'notification mails not delivered'),
        );
        req.session.set('flash', { kind: 'success', key: FLASH_KEYS[action] });
        return reply.redirect(`/referrals/${referral.id}`, 303);
      },
    });

  return [
    route({ method: 'GET', url: '/referrals', permission: 'referrals.inbox', handler: (req, reply) => renderList(req, reply, 'received') }),
    route({ method: 'GET', url: '/referrals/sent', permission: 'referrals.inbox', handler: (req, reply) => renderList(req, reply, 'sent') }),
    route({
      method: 'GET',
      url: '/referrals/:id',
      permission: 'referrals.inbox',
      handler: async (req, reply) => renderReferral(req, reply, await referralInScope(req)),
    }),
    ...(['accept', 'decline', 'start', 'complete', 'close', 'withdraw'] as const).map(actionRoute),
  ];
}
